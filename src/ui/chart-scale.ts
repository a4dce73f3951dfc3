/**
 * Axis arithmetic for the charts: "nice" tick values, log-decade ticks and tick labels.
 * Pure functions (no DOM, no Pixi) so they are unit-tested in Node.
 */

export interface Ticks {
  /** Axis start: the first tick at or below the data minimum. */
  min: number;
  /** Axis end: the last tick at or above the data maximum. */
  max: number;
  /** Distance between ticks (for log axes: 1 decade, in log10 units). */
  step: number;
  /** Tick positions, ascending, in data units (for log axes: the values, not their logs). */
  values: number[];
}

/**
 * The "nice" number (1, 2, 2.5 or 5 times a power of ten) closest to x (round) or at least x
 * (ceil), after Heckbert's "Nice numbers for graph labels" (Graphics Gems, 1990).
 */
export function niceNum(x: number, round: boolean): number {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  const exp = Math.floor(Math.log10(x));
  const pow = 10 ** exp;
  const f = x / pow;
  let nf: number;
  if (round) nf = f < 1.5 ? 1 : f < 2.25 ? 2 : f < 3.5 ? 2.5 : f < 7.5 ? 5 : 10;
  else nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return nf * pow;
}

/** Rounds away float noise (0.30000000000000004 -> 0.3) relative to the step. */
function clean(v: number, step: number): number {
  const digits = Math.max(0, Math.min(15, -Math.floor(Math.log10(step)) + 2));
  const r = Number(v.toFixed(digits));
  return Object.is(r, -0) ? 0 : r;
}

export interface NiceTicksOptions {
  /** Upper bound on the number of intervals (default 5). */
  maxTicks?: number;
  /** Only whole-number ticks (steps, epochs): the step is at least 1 and never 2.5. */
  integer?: boolean;
}

/**
 * Evenly spaced ticks on nice numbers that cover [lo, hi]. A degenerate or non-finite range is
 * widened so that an axis can always be drawn.
 */
export function niceTicks(lo: number, hi: number, opts: NiceTicksOptions = {}): Ticks {
  const maxTicks = Math.max(1, opts.maxTicks ?? 5);
  let a = Number.isFinite(lo) ? lo : 0;
  let b = Number.isFinite(hi) ? hi : 1;
  if (a > b) [a, b] = [b, a];
  if (a === b) {
    const pad = a === 0 ? 1 : Math.abs(a) * 0.1;
    a -= pad;
    b += pad;
  }
  const range = niceNum(b - a, false);
  let step = niceNum(range / maxTicks, true);
  // Rounding the step down can still leave too many intervals: walk up the nice sequence.
  while (Math.ceil(b / step - 1e-9) - Math.floor(a / step + 1e-9) > maxTicks) {
    step = niceNum(step * 1.01, false);
  }
  if (opts.integer) {
    step = Math.max(1, step);
    if (step === 2.5) step = 2;
    if (!Number.isInteger(step)) step = Math.ceil(step);
  }
  const first = Math.floor(a / step + 1e-9);
  const last = Math.ceil(b / step - 1e-9);
  const values: number[] = [];
  for (let i = first; i <= last; i++) values.push(clean(i * step, step));
  return { min: values[0], max: values[values.length - 1], step, values };
}

/**
 * Ticks for a log10 axis covering [lo, hi] (both > 0): every decade, plus 2x and 5x when the
 * range spans two decades or less, so a short log axis still has several labels.
 */
export function logTicks(lo: number, hi: number): Ticks {
  let a = lo > 0 && Number.isFinite(lo) ? lo : 1e-3;
  let b = hi > 0 && Number.isFinite(hi) ? hi : 1;
  if (a > b) [a, b] = [b, a];
  const e0 = Math.floor(Math.log10(a) + 1e-9);
  let e1 = Math.max(e0 + 1, Math.ceil(Math.log10(b) - 1e-9));
  // At most about 6 labelled decades: a long axis labels every 2nd or 3rd.
  const stride = Math.max(1, Math.ceil((e1 - e0) / 6));
  e1 = e0 + Math.ceil((e1 - e0) / stride) * stride;
  const values: number[] = [];
  const dense = e1 - e0 <= 2;
  for (let e = e0; e <= e1; e += stride) {
    const p = 10 ** e;
    values.push(Number(p.toPrecision(6)));
    if (dense && e < e1) {
      values.push(Number((2 * p).toPrecision(6)), Number((5 * p).toPrecision(6)));
    }
  }
  return { min: 10 ** e0, max: 10 ** e1, step: stride, values };
}

const SUFFIXES: Array<[number, string]> = [
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/**
 * A tick label for value v on an axis whose ticks are `step` apart: only as many decimals as
 * the step needs, thousands as "k"/"M" when the step is a multiple of them (10k, 20k), and
 * exponent notation for tiny values.
 */
export function formatTick(v: number, step: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e4) {
    for (const [unit, suffix] of SUFFIXES) {
      if (abs >= unit) {
        return `${fixedForStep(v / unit, step / unit)}${suffix}`;
      }
    }
  }
  if (abs < 1e-3) return v.toExponential(0).replace('e-', 'e−');
  return fixedForStep(v, step).replace('-', '−');
}

/**
 * v with exactly the decimals of the step, so labels on one axis line up:
 * step 0.5 -> "1.0", "1.5"; step 0.25 -> "0.75"; step 10 -> "30".
 */
function fixedForStep(v: number, step: number): string {
  return v.toFixed(stepDecimals(step));
}

/** The decimals needed to write `step` exactly (0.25 -> 2, 2.5 -> 1, 10 -> 0). */
export function stepDecimals(step: number): number {
  for (let d = 0; d < 8; d++) {
    const scaled = Math.abs(step) * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, scaled)) return d;
  }
  return 8;
}

export type ValueFormat = 'number' | 'percent';

/**
 * A readout for a single value (legend, tooltips): 4 significant digits for numbers,
 * one decimal for percentages of a 0..1 fraction, "—" for missing values.
 */
export function formatValue(v: number | undefined, format: ValueFormat = 'number'): string {
  if (v === undefined || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (format === 'percent') return `${(v * 100).toFixed(1)}%`;
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return v.toExponential(2).replace('-', '−');
  if (abs >= 1000) return Math.round(v).toLocaleString('en-US');
  return Number(v.toPrecision(4)).toString().replace('-', '−');
}

/** Tick label in the chart's value format: percentages as whole percents where possible. */
export function formatAxisValue(v: number, step: number, format: ValueFormat): string {
  if (format === 'percent') {
    return `${fixedForStep(v * 100, step * 100)}%`;
  }
  return formatTick(v, step);
}

/** Ticks for a fixed range: nice steps inside it, but the axis ends exactly at its bounds. */
export function niceTicksFixed(lo: number, hi: number, integer?: boolean): Ticks {
  const ticks = niceTicks(lo, hi, { maxTicks: 5, integer });
  const values = ticks.values.filter((v) => v >= lo - 1e-12 && v <= hi + 1e-12);
  return { min: lo, max: hi, step: ticks.step, values };
}

/** Ticks for a fixed value range [lo, hi] on a linear or log axis. */
export function rangeTicks(lo: number, hi: number, log: boolean | undefined): Ticks {
  return log ? logTicks(lo, hi) : niceTicksFixed(lo, hi);
}

/**
 * Ticks fitted to the data's extent [lo, hi]; a non-finite lo means no data yet, which gets a
 * default axis (0..1, or 0.01..1 on a log axis).
 */
export function fittedTicks(lo: number, hi: number, log: boolean | undefined): Ticks {
  if (!Number.isFinite(lo)) return log ? logTicks(0.01, 1) : niceTicks(0, 1);
  return log ? logTicks(lo, hi) : niceTicks(lo, hi, { maxTicks: 5 });
}

/** How a fitted value axis may move: never past `bounds`, never narrower than `minSpan`. */
export interface AxisLimits {
  /** The axis stays inside these (accuracy: [0, 1]), whatever the data. */
  bounds?: readonly [number, number];
  /**
   * The narrowest span shown: a run moving from 0.91 to 0.935 fills the axis, but two equal
   * values or noise of 0.001 are not blown up to fill it (accuracy: 0.05, five points).
   */
  minSpan?: number;
}

/**
 * Ticks fitted to the data's extent [lo, hi] within `limits`: a little room around the data,
 * at least `minSpan` wide (centred on the data), moved inside `bounds` and cut there. A
 * non-finite lo means no data yet: the whole bounds (else 0..1).
 */
export function boundedTicks(lo: number, hi: number, limits: AxisLimits = {}): Ticks {
  const [b0, b1] = limits.bounds ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    return Number.isFinite(b0) && Number.isFinite(b1) ? niceTicksFixed(b0, b1) : niceTicks(0, 1);
  }
  const d0 = Math.min(Math.max(Math.min(lo, hi), b0), b1);
  const d1 = Math.min(Math.max(Math.max(lo, hi), b0), b1);
  // 5% of room each side, so the newest point does not sit on the frame.
  const pad = (d1 - d0) * 0.05;
  let a = d0 - pad;
  let b = d1 + pad;
  const minSpan = Math.min(limits.minSpan ?? 0, b1 - b0);
  if (b - a < minSpan) {
    const mid = (d0 + d1) / 2;
    a = mid - minSpan / 2;
    b = mid + minSpan / 2;
  }
  // Slide the window back inside the bounds rather than cut it, so it keeps its span.
  if (a < b0) [a, b] = [b0, b + (b0 - a)];
  if (b > b1) [a, b] = [Math.max(b0, a - (b - b1)), b1];
  const t = niceTicks(a, b, { maxTicks: 5 });
  if (t.min >= b0 && t.max <= b1) return t;
  const min = Math.max(t.min, b0);
  const max = Math.min(t.max, b1);
  const values = t.values.filter((v) => v >= min - 1e-12 && v <= max + 1e-12);
  return { min, max, step: t.step, values };
}

/** Log-axis labels: plain decimals between 0.001 and 10^4, exponents beyond. */
export function formatLog(v: number): string {
  if (v >= 1e-3 && v < 1e4) return String(Number(v.toPrecision(3)));
  const e = Math.round(Math.log10(v));
  const mantissa = v / 10 ** e;
  const exp = String(e).replace('-', '−');
  return Math.abs(mantissa - 1) < 1e-9 ? `1e${exp}` : `${Number(mantissa.toPrecision(2))}e${exp}`;
}
