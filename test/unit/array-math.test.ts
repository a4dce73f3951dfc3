import { describe, expect, it } from 'vitest';
import { argmax, movingAverage } from '../../src/math/array-math';

describe('argmax', () => {
  it('finds the first largest value', () => {
    expect(argmax([0.1, 0.7, 0.2])).toBe(1);
    expect(argmax([0.5, 0.5])).toBe(0);
    expect(argmax(new Float32Array([-3, -1, -2]))).toBe(1);
  });
  it('skips values that are not finite, and says -1 when none is left', () => {
    expect(argmax([Number.NaN, 0.5, 0.5])).toBe(1);
    expect(argmax([Number.POSITIVE_INFINITY, 2, 3])).toBe(2);
    expect(argmax([Number.NaN, Number.NEGATIVE_INFINITY])).toBe(-1);
    expect(argmax([])).toBe(-1);
  });
});

describe('movingAverage', () => {
  it('averages over a trailing window, shorter at the start', () => {
    expect(movingAverage([1, 2, 3, 4, 5], 2)).toEqual([1, 1.5, 2.5, 3.5, 4.5]);
    expect(movingAverage([2, 4, 6, 8], 2)).toEqual([2, 3, 5, 7]);
    expect(movingAverage(new Float32Array([1, 2, 3]), 10)).toEqual([1, 1.5, 2]);
  });
  it('treats a window under 1 as 1 and keeps an empty series empty', () => {
    expect(movingAverage([4, 8], 0)).toEqual([4, 8]);
    expect(movingAverage([], 5)).toEqual([]);
  });
});
