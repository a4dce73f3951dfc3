/**
 * The live mode's frame geometry: the sizes a frame is painted at (4:3, sides multiples of 4
 * as the net needs), the centre crop of a source of another shape (a 16:9 camera) to 4:3,
 * and the slow pan of the window over a generated landscape that stands in for a video when
 * there is no camera. No DOM here, so a unit test holds it.
 */

export interface LiveSizeChoice {
  width: number;
  height: number;
  label: string;
}

/** The sizes offered; the first is the default (the 192 x 144). */
export const LIVE_SIZES: readonly LiveSizeChoice[] = [
  { width: 192, height: 144, label: '192 x 144 (default)' },
  { width: 256, height: 192, label: '256 x 192 (sharper, slower)' },
  { width: 128, height: 96, label: '128 x 96 (faster)' },
];

/** "192x144" for a select's value. */
export const sizeKey = (s: { width: number; height: number }) => `${s.width}x${s.height}`;

/** The size a select's value names, or the default for anything else. */
export function sizeFromKey(key: string): LiveSizeChoice {
  return LIVE_SIZES.find((s) => sizeKey(s) === key) ?? (LIVE_SIZES[0] as LiveSizeChoice);
}

/** The part of a width x height source of aspect `aspect` (w / h), centred: what is painted. */
export function centreCrop(
  width: number,
  height: number,
  aspect = 4 / 3,
): { sx: number; sy: number; sw: number; sh: number } {
  if (!(width > 0 && height > 0)) return { sx: 0, sy: 0, sw: 0, sh: 0 };
  if (width / height > aspect) {
    const sw = Math.round(height * aspect);
    return { sx: Math.floor((width - sw) / 2), sy: 0, sw, sh: height };
  }
  const sh = Math.round(width / aspect);
  return { sx: 0, sy: Math.floor((height - sh) / 2), sw: width, sh };
}

/** Seconds for one loop of the pan (slow: a camera drifting over the scene). */
export const PAN_PERIOD_S = 24;

/**
 * The window (w x h, in scene pixels) over a square scene of `side` at time `seconds`: an
 * ellipse through the scene, so the view drifts smoothly and comes back where it began.
 * Always inside the scene.
 */
export function panWindow(
  seconds: number,
  side: number,
  w: number,
  h: number,
): { x: number; y: number } {
  const a = (2 * Math.PI * seconds) / PAN_PERIOD_S;
  const rx = Math.max(0, side - w) / 2;
  const ry = Math.max(0, side - h) / 2;
  return { x: rx + rx * Math.cos(a), y: ry + ry * Math.sin(a) };
}
