/**
 * The header's light/dark switch: flips `data-theme` on <html> (every component redraws in the
 * new colours, see theme-watch.ts) and remembers the choice for the next visit.
 */
import { currentThemeName, type ThemeName } from './theme';
import { chooseTheme, onThemeChange } from './theme-watch';

const STORAGE_KEY = 'ga-theme';

/** Applies a choice remembered from an earlier visit (call before building the page). */
export function restoreThemeChoice(): void {
  const saved = readSaved();
  if (saved) chooseTheme(saved);
}

/** A button that switches to the other theme; its label says which one it switches to. */
export function createThemeToggle(): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'ga-theme-toggle';
  const show = (name: ThemeName): void => {
    const next = name === 'dark' ? 'light' : 'dark';
    button.textContent = next === 'light' ? '☀ Light' : '☾ Dark';
    button.setAttribute('aria-label', `Switch to the ${next} theme`);
    button.dataset.theme = name;
  };
  show(currentThemeName());
  onThemeChange((_, name) => show(name));
  button.addEventListener('click', () => {
    const next: ThemeName = currentThemeName() === 'dark' ? 'light' : 'dark';
    chooseTheme(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Storage may be off (private mode): the switch still works for this visit.
    }
  });
  return button;
}

function readSaved(): ThemeName | null {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return saved === 'light' || saved === 'dark' ? saved : null;
  } catch {
    return null;
  }
}
