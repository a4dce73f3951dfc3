/**
 * The live light/dark switch: components subscribe once and are told when the page's theme
 * changes, whether the system's colour scheme changed (`prefers-color-scheme`) or the app set
 * `data-theme` on <html> (its header toggle). One watcher serves the whole page.
 */
import { currentThemeName, THEME_ATTRIBUTE, THEMES, type Theme, type ThemeName } from './theme';

export type ThemeListener = (theme: Theme, name: ThemeName) => void;

/** Holds the theme name and tells listeners when it really changes (no repeats). */
export class ThemeSignal {
  private readonly listeners = new Set<ThemeListener>();

  constructor(private name: ThemeName) {}

  get current(): ThemeName {
    return this.name;
  }

  /** Calls `listener` on every later change; returns the unsubscribe function. */
  subscribe(listener: ThemeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  set(name: ThemeName): void {
    if (name === this.name) return;
    this.name = name;
    for (const listener of [...this.listeners]) listener(THEMES[name], name);
  }
}

let pageSignal: ThemeSignal | null = null;

/** The page's signal, watching the media query and the attribute from its first use on. */
function signal(): ThemeSignal {
  if (pageSignal) return pageSignal;
  const s = new ThemeSignal(currentThemeName());
  pageSignal = s;
  const refresh = (): void => s.set(currentThemeName());
  if (typeof matchMedia === 'function') {
    matchMedia('(prefers-color-scheme: light)').addEventListener('change', refresh);
  }
  if (typeof document !== 'undefined' && typeof MutationObserver === 'function') {
    new MutationObserver(refresh).observe(document.documentElement, {
      attributes: true,
      attributeFilter: [THEME_ATTRIBUTE],
    });
  }
  return s;
}

/** Calls `listener` whenever the page's theme changes; returns the unsubscribe function. */
export function onThemeChange(listener: ThemeListener): () => void {
  return signal().subscribe(listener);
}

/** Forces a theme for the page, or (null) goes back to following the system. */
export function chooseTheme(name: ThemeName | null): void {
  const root = document.documentElement;
  if (name === null) root.removeAttribute(THEME_ATTRIBUTE);
  else root.setAttribute(THEME_ATTRIBUTE, name);
  // The observer reports asynchronously; tell the components now, in the same task.
  signal().set(currentThemeName());
}
