/**
 * Pure helpers of the Arena's views and panels: board layout, the score line, value colours,
 * greedy arrows, bar ranges, CartPole geometry, the return curve. No Pixi, no DOM: unit-tested
 * in Node (test/unit/ui-arena.test.ts).
 */
import { movingAverage } from '../math/array-math';
import { type DivergingColors, divergingRgb } from './color-map';
import { formatCount, formatRate } from './format';

/** Where a rows x cols board of square cells goes inside an area, centred. */
export interface BoardLayout {
  /** Side of one cell in pixels (whole pixels, so grid lines stay crisp). */
  cell: number;
  /** Top-left corner of the board. */
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The largest whole-pixel square cells that fit rows x cols into w x h, centred (min 1 px). */
export function fitBoard(
  area: { x: number; y: number; width: number; height: number },
  rows: number,
  cols: number,
): BoardLayout {
  const cell = Math.max(1, Math.floor(Math.min(area.width / cols, area.height / rows)));
  const width = cell * cols;
  const height = cell * rows;
  return {
    cell,
    x: Math.round(area.x + (area.width - width) / 2),
    y: Math.round(area.y + (area.height - height) / 2),
    width,
    height,
  };
}

/** Episode facts shown in a view's score line; each is left out when unknown. */
export interface EpisodeInfo {
  /** Sum of rewards so far in the shown episode. */
  episodeReturn?: number;
  /** Step within the episode. */
  step?: number;
  /** Episode number (1-based as users count). */
  episode?: number;
}

/** A return as people read it: whole numbers plain, fractions with 2 decimals; − as minus. */
export function formatReturn(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const text = Number.isInteger(v) ? String(v) : v.toFixed(2);
  return text.replace('-', '−');
}

/** The score line as [label, value] pairs in reading order: return, step, episode. */
export function scoreParts(info: EpisodeInfo | undefined): Array<[string, string]> {
  const parts: Array<[string, string]> = [];
  if (!info) return parts;
  if (info.episodeReturn !== undefined) parts.push(['return', formatReturn(info.episodeReturn)]);
  if (info.step !== undefined) parts.push(['step', String(info.step)]);
  if (info.episode !== undefined) parts.push(['episode', String(info.episode)]);
  return parts;
}

/** Unit moves (dx to the right, dy downward) of the grid actions 0 up, 1 right, 2 down, 3 left. */
export const ARROW_VECTORS: ReadonlyArray<readonly [number, number]> = [
  [0, -1],
  [1, 0],
  [0, 1],
  [-1, 0],
];

/** The screen direction of grid action `a`, or null for none (-1, out of range). */
export function arrowVector(a: number): readonly [number, number] | null {
  return Number.isInteger(a) && a >= 0 && a < ARROW_VECTORS.length ? ARROW_VECTORS[a] : null;
}

/**
 * Greedy action per state from a row-major Q table [numStates, numActions]. A state whose
 * values are all equal (never updated, or a terminal cell) gets -1: no arrow, since any arrow
 * there would be a tie-break, not something learned.
 */
export function greedyFromQ(q: ArrayLike<number>, numActions: number): Int8Array {
  if (numActions < 1 || q.length % numActions !== 0) {
    throw new Error(
      `greedyFromQ: a Q table of ${q.length} values is not a whole number of rows of ${numActions} actions`,
    );
  }
  const states = q.length / numActions;
  const out = new Int8Array(states).fill(-1);
  for (let s = 0; s < states; s++) {
    let best = -1;
    let bestV = Number.NEGATIVE_INFINITY;
    let allEqual = true;
    const first = q[s * numActions];
    for (let a = 0; a < numActions; a++) {
      const v = q[s * numActions + a];
      if (v !== first) allEqual = false;
      if (v > bestV) {
        bestV = v;
        best = a;
      }
    }
    if (!allEqual) out[s] = best;
  }
  return out;
}

/** State values as the max over actions of a Q table [numStates, numActions]. */
export function valuesFromQ(q: ArrayLike<number>, numActions: number): Float32Array {
  const states = Math.floor(q.length / numActions);
  const out = new Float32Array(states);
  for (let s = 0; s < states; s++) {
    let m = Number.NEGATIVE_INFINITY;
    for (let a = 0; a < numActions; a++) m = Math.max(m, q[s * numActions + a]);
    out[s] = m;
  }
  return out;
}

/** The largest finite |value| among the cells `include` keeps (0 when none). */
export function maxAbs(values: ArrayLike<number>, include?: (i: number) => boolean): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(values[i]);
    if (Number.isFinite(v) && v > m && (!include || include(i))) m = v;
  }
  return m;
}

/**
 * A value as a colour of the diverging map: negative blue, zero neutral, positive orange,
 * scaled by `scale` (the largest |value|, so the map uses its full range). 0xRRGGBB.
 */
export function valueColor(v: number, scale: number, colors: DivergingColors): number {
  const t = scale > 0 && Number.isFinite(v) ? v / scale : 0;
  const [r, g, b] = divergingRgb(t, colors);
  return (r << 16) | (g << 8) | b;
}

/**
 * The value range of a bar chart whose bars grow from a zero line: always contains 0, with a
 * little headroom, and never empty (all-zero values give [0, 1]).
 */
export function zeroBasedRange(values: ArrayLike<number>, headroom = 0.08): [number, number] {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (lo === 0 && hi === 0) return [0, 1];
  const pad = (hi - lo) * headroom;
  return [lo < 0 ? lo - pad : 0, hi > 0 ? hi + pad : 0];
}

/** A Q-value in at most 5 characters: 2 decimals under 10, 1 under 100, none above. */
export function formatQ(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  const text = a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
  return text.replace('-', '−');
}

/** CartPole's screen geometry: pixels per metre and where the pole's tip is. */
export interface CartPoleGeometry {
  /** Pixels per metre. */
  scale: number;
  /** Screen x of the cart's centre. */
  cartX: number;
  /** Pole tip relative to the pivot (pixels; y grows downward, so an upright pole has dy < 0). */
  tipDx: number;
  tipDy: number;
}

/**
 * Maps the cart position `x` (metres, 0 at the centre of the track) and pole angle `theta`
 * (radians, positive leaning right as in Gymnasium's renderer) to the screen. The track spans
 * `trackHalf` metres either side of `centerX`; the pole is `poleLength` metres (CartPole-v1:
 * 2 x its half-length 0.5).
 */
export function cartPoleGeometry(
  x: number,
  theta: number,
  centerX: number,
  scale: number,
  poleLength = 1,
): CartPoleGeometry {
  const len = poleLength * scale;
  return {
    scale,
    cartX: centerX + x * scale,
    tipDx: Math.sin(theta) * len,
    tipDy: -Math.cos(theta) * len,
  };
}

/** Linear interpolation, u clamped to [0, 1]. */
export function lerp(a: number, b: number, u: number): number {
  const k = Math.min(1, Math.max(0, u));
  return a + (b - a) * k;
}

/** The fraction size/capacity clamped to 0..1 (0 for a capacity that is not positive). */
export function fillFraction(size: number, capacity: number): number {
  if (!(capacity > 0) || !Number.isFinite(size)) return 0;
  return Math.min(1, Math.max(0, size / capacity));
}

/**
 * Episode returns as the two series of the return curve ([episode, return] points from
 * episode 1): the raw returns and their trailing moving average.
 */
export function returnCurve(
  returns: ArrayLike<number>,
  window = 20,
): { raw: Array<[number, number]>; average: Array<[number, number]> } {
  const avg = movingAverage(returns, window);
  const raw: Array<[number, number]> = [];
  const average: Array<[number, number]> = [];
  for (let i = 0; i < returns.length; i++) {
    raw.push([i + 1, returns[i]]);
    average.push([i + 1, avg[i]]);
  }
  return { raw, average };
}

/** The counts under the training panel's bars; each is left out when unknown. */
export interface TrainingCounts {
  envSteps?: number;
  updates?: number;
  stepsPerSecond?: number;
  backend?: string;
}

/** The training panel's facts line: the known counts joined by middots. */
export function trainingFacts(d: TrainingCounts): string {
  const parts: string[] = [];
  if (d.envSteps !== undefined) parts.push(`${formatCount(d.envSteps)} steps`);
  if (d.updates !== undefined) parts.push(`${formatCount(d.updates)} updates`);
  if (d.stepsPerSecond !== undefined) parts.push(formatRate(d.stepsPerSecond, 'steps'));
  if (d.backend) parts.push(d.backend);
  return parts.join(' · ');
}
