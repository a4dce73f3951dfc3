/** Builders for the two kinds of space (Gymnasium's `Discrete` and `Box`) and Box.contains. */
import { checkBoxBounds } from './checks';
import type { BoxSpace, DiscreteSpace } from './types';

/** `meanings.length` actions named by `meanings`. */
export function discreteSpace(meanings: readonly string[]): DiscreteSpace {
  return { kind: 'discrete', n: meanings.length, meanings: Object.freeze([...meanings]) };
}

/** Bounds given as one number for every element, or one per element (row-major). */
export type Bounds = number | readonly number[];

/**
 * A Box of `shape` with per-element bounds; a single number is repeated for every element.
 * Bounds are rounded to float32, as the observations are (Gymnasium's Box casts them to its
 * float32 dtype the same way), so `boxContains` compares like with like.
 */
export function boxSpace(spec: {
  shape: readonly number[];
  low: Bounds;
  high: Bounds;
  labels?: readonly string[];
}): BoxSpace {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const expand = (b: Bounds): number[] =>
    typeof b === 'number' ? new Array<number>(size).fill(Math.fround(b)) : b.map(Math.fround);
  const low = expand(spec.low);
  const high = expand(spec.high);
  checkBoxBounds(spec.shape, low, high);
  return {
    kind: 'box',
    shape: Object.freeze([...spec.shape]),
    low: Object.freeze(low),
    high: Object.freeze(high),
    ...(spec.labels ? { labels: Object.freeze([...spec.labels]) } : {}),
  };
}

/** Gymnasium's Box.contains: the right number of values, each within its bounds. */
export function boxContains(space: BoxSpace, observation: ArrayLike<number>): boolean {
  if (observation.length !== space.low.length) return false;
  for (let i = 0; i < observation.length; i++) {
    const v = observation[i];
    if (!(v >= space.low[i] && v <= space.high[i])) return false;
  }
  return true;
}
