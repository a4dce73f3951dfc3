/**
 * Colours and type shared by every Pixi component, read from the page's CSS variables so the
 * canvases follow the dark/light theme of the page around them.
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

/** The theme that matches the user's colour scheme (dark unless light is preferred). */
export function currentTheme(): Theme {
  const light =
    typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: light)').matches;
  return light ? LIGHT : DARK;
}

/** 0xRRGGBB as a CSS colour string. */
export function css(color: number): string {
  return `#${color.toString(16).padStart(6, '0')}`;
}
