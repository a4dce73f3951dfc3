import { describe, expect, it } from 'vitest';
import { boxContains, boxSpace, discreteSpace } from '../../../envs/spaces';

describe('boxSpace', () => {
  it('repeats a single bound for every element and keeps per-element ones', () => {
    const s = boxSpace({ shape: [2, 2], low: 0, high: [1, 2, 3, Infinity] });
    expect(s.low).toEqual([0, 0, 0, 0]);
    expect(s.high).toEqual([1, 2, 3, Infinity]);
    expect(s.shape).toEqual([2, 2]);
  });
  it('rounds bounds to float32, as the observations are', () => {
    expect(boxSpace({ shape: [1], low: -0.1, high: 0.1 }).high[0]).toBe(Math.fround(0.1));
  });
  it('refuses bounds that do not fit the shape, NaN, low > high and bad shapes', () => {
    expect(() => boxSpace({ shape: [3], low: [0, 0], high: 1 })).toThrow(
      /3 elements but low has 2 bounds/,
    );
    expect(() => boxSpace({ shape: [2], low: 0, high: [1, 1, 1] })).toThrow(/high has 3/);
    expect(() => boxSpace({ shape: [1], low: Number.NaN, high: 1 })).toThrow(/element 0/);
    expect(() => boxSpace({ shape: [2], low: [0, 2], high: [1, 1] })).toThrow(
      /element 1 has bounds \[2, 1\]/,
    );
    expect(() => boxSpace({ shape: [0], low: 0, high: 1 })).toThrow(/positive integers/);
    expect(() => boxSpace({ shape: [], low: 0, high: 1 })).toThrow(/positive integers/);
  });
});

describe('boxContains', () => {
  const s = boxSpace({ shape: [2], low: [-1, 0], high: [1, Infinity] });
  it('accepts values inside every bound, edges included', () => {
    expect(boxContains(s, [-1, 1e30])).toBe(true);
    expect(boxContains(s, new Float32Array([1, 0]))).toBe(true);
  });
  it('rejects a value out of its own bound, NaN and the wrong length', () => {
    expect(boxContains(s, [0, -0.5])).toBe(false);
    expect(boxContains(s, [1.5, 0])).toBe(false);
    expect(boxContains(s, [Number.NaN, 0])).toBe(false);
    expect(boxContains(s, [0])).toBe(false);
  });
});

describe('discreteSpace', () => {
  it('counts its named actions', () => {
    expect(discreteSpace(['a', 'b', 'c'])).toEqual({
      kind: 'discrete',
      n: 3,
      meanings: ['a', 'b', 'c'],
    });
  });
});
