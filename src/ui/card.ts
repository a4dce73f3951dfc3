/**
 * The host element of a canvas component: a panel-coloured card with the app's border and
 * radius, so charts, bars and grids sit on the same surface as the DOM components.
 */
import { css, type Theme } from './theme';

export function makeCard(
  parent: HTMLElement,
  theme: Theme,
  className: string,
  label: string,
): HTMLElement {
  const host = document.createElement('div');
  host.className = `ga-card ${className}`;
  host.setAttribute('role', 'img');
  host.setAttribute('aria-label', label);
  styleCard(host, theme);
  parent.appendChild(host);
  return host;
}

/** The card look alone, for components that build their own host element. */
export function styleCard(element: HTMLElement, theme: Theme): void {
  Object.assign(element.style, {
    width: 'fit-content',
    maxWidth: '100%',
    boxSizing: 'border-box',
    background: css(theme.panel),
    border: `1px solid ${css(theme.grid)}`,
    borderRadius: '10px',
    overflow: 'hidden',
  });
}
