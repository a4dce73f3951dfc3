/**
 * Colours and type shared by every canvas component, in a dark and a light palette that match
 * the page's CSS variables (src/app/style.css). Which one applies is decided here: an explicit
 * `data-theme="light|dark"` on <html> (the app's toggle) wins, else `prefers-color-scheme`.
 * theme-watch.ts tells components when that changes.
 */
export interface Theme {
  background: number;
  panel: number;
  grid: number;
  text: number;
  muted: number;
  accent: number;
  accent2: number;
  warn: number;
  /** Series colours for charts, in order. */
  series: number[];
  fontFamily: string;
}

const DARK: Theme = {
  background: 0x0f1117,
  panel: 0x171a23,
  grid: 0x262b38,
  text: 0xe7e9ee,
  muted: 0x9aa3b5,
  accent: 0x5ad1a6,
  accent2: 0x7aa2ff,
  warn: 0xff7a6b,
  series: [0x5ad1a6, 0x7aa2ff, 0xffc15e, 0xff7a6b, 0xc792ea, 0x4dd0e1],
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
};

const LIGHT: Theme = {
  ...DARK,
  background: 0xf6f7fb,
  panel: 0xffffff,
  grid: 0xe2e5ee,
  text: 0x1b1f2a,
  muted: 0x5b6477,
  accent: 0x11875f,
  accent2: 0x3559d6,
  warn: 0xd2452f,
  series: [0x11875f, 0x3559d6, 0xc98a00, 0xd2452f, 0x8e44ad, 0x00838f],
};

export type ThemeName = 'dark' | 'light';

export const THEMES: Readonly<Record<ThemeName, Theme>> = { dark: DARK, light: LIGHT };

/** The attribute on <html> that forces a theme; absent, the system's colour scheme applies. */
export const THEME_ATTRIBUTE = 'data-theme';

/** The theme a page shows: the explicit choice when valid, else the system's preference. */
export function resolveThemeName(
  explicit: string | null | undefined,
  prefersLight: boolean,
): ThemeName {
  if (explicit === 'light' || explicit === 'dark') return explicit;
  return prefersLight ? 'light' : 'dark';
}

export function systemPrefersLight(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: light)').matches;
}

/** The name of the theme the page shows now (dark where there is no page, as in Node). */
export function currentThemeName(): ThemeName {
  const explicit =
    typeof document === 'undefined' ? null : document.documentElement.getAttribute(THEME_ATTRIBUTE);
  return resolveThemeName(explicit, systemPrefersLight());
}

/** The palette of the theme the page shows now. */
export function currentTheme(): Theme {
  return THEMES[currentThemeName()];
}

/** 0xRRGGBB as a CSS colour string. */
export function css(color: number): string {
  return `#${color.toString(16).padStart(6, '0')}`;
}
