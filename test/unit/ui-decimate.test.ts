import { describe, expect, it } from 'vitest';
import { decimateMinMax, lowerBound, SeriesBuffer } from '../../src/ui/decimate';

function buffer(points: Array<[number, number]>): SeriesBuffer {
  const b = new SeriesBuffer();
  for (const [x, y] of points) b.push(x, y);
  return b;
}

describe('SeriesBuffer', () => {
  it('grows and keeps running bounds over finite points', () => {
    const b = new SeriesBuffer();
    for (let i = 0; i < 1000; i++) b.push(i, Math.sin(i));
    b.push(1000, Number.NaN);
    expect(b.length).toBe(1001);
    expect(b.minX).toBe(0);
    expect(b.maxX).toBe(999);
    expect(b.maxY).toBeLessThanOrEqual(1);
    expect(b.minY).toBeGreaterThanOrEqual(-1);
    expect(b.lastY()).toBe(Math.sin(999));
  });

  it('tracks the smallest positive y for log axes', () => {
    const b = buffer([
      [0, -1],
      [1, 0],
      [2, 0.05],
      [3, 2],
    ]);
    expect(b.minPositiveY).toBe(0.05);
  });

  it('sorts points that arrived out of order', () => {
    const b = buffer([
      [2, 20],
      [0, 0],
      [1, 10],
    ]);
    expect(b.sorted).toBe(false);
    b.ensureSorted();
    expect(Array.from(b.xs.subarray(0, 3))).toEqual([0, 1, 2]);
    expect(Array.from(b.ys.subarray(0, 3))).toEqual([0, 10, 20]);
  });

  it('clear() forgets points and bounds', () => {
    const b = buffer([[1, 1]]);
    b.clear();
    expect(b.length).toBe(0);
    expect(b.lastY()).toBeUndefined();
    expect(Number.isFinite(b.maxX)).toBe(false);
  });
});

describe('lowerBound', () => {
  it('finds the first index at or above x', () => {
    const xs = [0, 1, 1, 2, 5];
    expect(lowerBound(xs, 5, 1)).toBe(1);
    expect(lowerBound(xs, 5, 3)).toBe(4);
    expect(lowerBound(xs, 5, -1)).toBe(0);
    expect(lowerBound(xs, 5, 9)).toBe(5);
  });
});

describe('decimateMinMax', () => {
  it('keeps at most 2 points per pixel column', () => {
    const n = 100_000;
    const b = new SeriesBuffer();
    for (let i = 0; i < n; i++) b.push(i, Math.sin(i / 100) + ((i * 7919) % 13) / 13);
    const { count } = decimateMinMax(b.xs, b.ys, b.length, 0, n - 1, 500);
    expect(count).toBeLessThanOrEqual(2 * 500 + 2);
    expect(count).toBeGreaterThan(500);
  });

  it('keeps every column extreme, so spikes survive', () => {
    const b = new SeriesBuffer();
    for (let i = 0; i < 10_000; i++) b.push(i, i === 4321 ? 50 : i === 777 ? -50 : 1);
    const { indices, count } = decimateMinMax(b.xs, b.ys, b.length, 0, 9999, 100);
    const kept = Array.from(indices.subarray(0, count));
    expect(kept).toContain(4321);
    expect(kept).toContain(777);
    // First and last points are always kept, in order.
    expect(kept[0]).toBe(0);
    expect(kept[kept.length - 1]).toBe(9999);
    for (let k = 1; k < kept.length; k++) expect(kept[k]).toBeGreaterThan(kept[k - 1]);
  });

  it('returns every point when there are fewer than columns', () => {
    const b = buffer([
      [1, 0.5],
      [2, 0.7],
      [3, 0.8],
    ]);
    const { indices, count } = decimateMinMax(b.xs, b.ys, b.length, 0, 4, 400);
    expect(Array.from(indices.subarray(0, count))).toEqual([0, 1, 2]);
  });

  it('skips non-finite points, and non-positive ones for log axes', () => {
    const b = buffer([
      [0, 1],
      [1, Number.NaN],
      [2, 0],
      [3, -1],
      [4, 2],
    ]);
    const all = decimateMinMax(b.xs, b.ys, b.length, 0, 4, 100);
    expect(Array.from(all.indices.subarray(0, all.count))).toEqual([0, 2, 3, 4]);
    const log = decimateMinMax(b.xs, b.ys, b.length, 0, 4, 100, true);
    expect(Array.from(log.indices.subarray(0, log.count))).toEqual([0, 4]);
  });

  it('keeps one point beyond each edge of a visible window', () => {
    const b = new SeriesBuffer();
    for (let i = 0; i < 100; i++) b.push(i, i);
    const { indices, count } = decimateMinMax(b.xs, b.ys, b.length, 40.5, 59.5, 1000);
    const kept = Array.from(indices.subarray(0, count));
    expect(kept[0]).toBe(40);
    expect(kept[kept.length - 1]).toBe(60);
  });
});
