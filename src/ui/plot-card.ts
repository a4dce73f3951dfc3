/**
 * The surface under a component: a panel-coloured card with the app's border and radius, so a
 * plot is readable on any page (the app's dark panels, Storybook's white docs page).
 */
import { css, type Theme } from './theme';

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
