/**
 * Plain-array numerics shared by the engine, the experiments and the UI: no tfjs, no imports at
 * all (src/math/ is the leaf folder every layer may import; docs/ARCHITECTURE.md).
 */

/** Index of the largest finite value (the first one on ties); -1 when there is none. */
export function argmax(values: ArrayLike<number>): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v) && (best < 0 || v > values[best])) best = i;
  }
  return best;
}

/**
 * Trailing moving average over `window` points (fewer at the start): element i averages
 * values[max(0, i-window+1)..i]. A window under 1 counts as 1.
 */
export function movingAverage(values: ArrayLike<number>, window: number): number[] {
  const w = Math.max(1, Math.floor(window));
  const out = new Array<number>(values.length);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    if (i >= w) sum -= values[i - w];
    out[i] = sum / Math.min(i + 1, w);
  }
  return out;
}
