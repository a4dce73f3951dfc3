/**
 * The host element of a component: a panel-coloured card with the app's border and radius, so
 * charts, bars and grids sit on the same surface as the DOM components. The theme reaches the
 * card (and any DOM inside it) as CSS variables, so a theme change is one call.
 */
import { css, type Theme } from './theme';

/** A detached card: `className` is the component's `ga-*` class, `label` its accessible name. */
export function makeCardHost(theme: Theme, className: string, label: string): HTMLElement {
  const host = document.createElement('div');
  host.className = `ga-card ${className}`;
  host.setAttribute('role', 'img');
  host.setAttribute('aria-label', label);
  styleCard(host, theme);
  return host;
}

/** The card look, in the colours of `theme` (again after a theme change). */
export function styleCard(element: HTMLElement, theme: Theme): void {
  setThemeVariables(element, theme);
  Object.assign(element.style, {
    width: 'fit-content',
    maxWidth: '100%',
    boxSizing: 'border-box',
    background: 'var(--ga-panel)',
    border: '1px solid var(--ga-line)',
    borderRadius: '10px',
    overflow: 'hidden',
  });
}

/** The theme as CSS variables on `element`, for the DOM inside a component. */
export function setThemeVariables(element: HTMLElement, theme: Theme): void {
  const vars: Record<string, string> = {
    '--ga-font': theme.fontFamily,
    '--ga-bg': css(theme.background),
    '--ga-panel': css(theme.panel),
    '--ga-line': css(theme.grid),
    '--ga-text': css(theme.text),
    '--ga-muted': css(theme.muted),
  };
  for (const [name, value] of Object.entries(vars)) element.style.setProperty(name, value);
}
