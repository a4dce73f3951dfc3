import { describe, expect, it } from 'vitest';
import {
  clipPolygonToHalfPlane,
  clipPolygonToNegativeHalfPlane,
  clipPolyline,
  clipSegment,
  formatNumber,
  lineInRect,
  niceTicks,
  type Point,
} from '../../src/ui/plot-math';

const square: Point[] = [
  [-0.5, -0.5],
  [1.5, -0.5],
  [1.5, 1.5],
  [-0.5, 1.5],
];
const rect = { x0: -0.5, y0: -0.5, x1: 1.5, y1: 1.5 };

function area(poly: readonly Point[]): number {
  let s = 0;
  for (let i = 0; i < poly.length; i++) {
    const [x1, y1] = poly[i];
    const [x2, y2] = poly[(i + 1) % poly.length];
    s += x1 * y2 - x2 * y1;
  }
  return Math.abs(s) / 2;
}

describe('plot math', () => {
  it('nice ticks', () => {
    expect(niceTicks(-6, 6, 6)).toEqual([-6, -4, -2, 0, 2, 4, 6]);
    expect(niceTicks(-0.25, 1.25, 4)).toEqual([0, 0.5, 1]);
    expect(niceTicks(-1.25, 2.5, 4)).toEqual([-1, 0, 1, 2]);
    expect(niceTicks(0, 1, 10)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(niceTicks(1, 1)).toEqual([]);
  });

  it('formats numbers shortly with a real minus sign', () => {
    expect(formatNumber(-0.7)).toBe('\u22120.7');
    expect(formatNumber(0.5)).toBe('0.5');
    expect(formatNumber(-0.0001)).toBe('0');
    expect(formatNumber(0.73105858, 3)).toBe('0.731');
  });

  it('clips segments to a rectangle', () => {
    expect(clipSegment([-1, 0], [2, 0], rect)).toEqual([
      [-0.5, 0],
      [1.5, 0],
    ]);
    expect(clipSegment([-1, -1], [-0.8, 3], rect)).toBeNull();
    expect(clipSegment([0, 0], [1, 1], rect)).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });

  it('splits a polyline where it leaves the rectangle', () => {
    const runs = clipPolyline(
      [
        [-0.4, 0],
        [0, 1],
        [0.5, 3],
        [1, 1],
        [1.4, 0],
      ],
      rect,
    );
    expect(runs).toHaveLength(2);
    expect(runs[0][0]).toEqual([-0.4, 0]);
    expect(runs[0][runs[0].length - 1][1]).toBeCloseTo(1.5, 12);
    expect(runs[1][0][1]).toBeCloseTo(1.5, 12);
    expect(runs[1][runs[1].length - 1]).toEqual([1.4, 0]);
  });

  it('cuts a square by the AND line into the y = 1 and y = 0 parts', () => {
    // 0.5 x1 + 0.5 x2 - 0.7 > 0
    const pos = clipPolygonToHalfPlane(square, 0.5, 0.5, -0.7);
    const neg = clipPolygonToNegativeHalfPlane(square, 0.5, 0.5, -0.7);
    expect(area(pos) + area(neg)).toBeCloseTo(4, 12);
    // The corner triangle above x1 + x2 = 1.4: legs of 1.6.
    expect(area(pos)).toBeCloseTo((1.6 * 1.6) / 2, 12);
    for (const [x, y] of pos) expect(0.5 * x + 0.5 * y - 0.7).toBeGreaterThanOrEqual(-1e-12);
  });

  it('handles the degenerate w1 = w2 = 0 half-plane: everything or nothing', () => {
    expect(area(clipPolygonToHalfPlane(square, 0, 0, 0.3))).toBeCloseTo(4, 12);
    expect(clipPolygonToHalfPlane(square, 0, 0, -0.3)).toEqual([]);
    expect(clipPolygonToHalfPlane(square, 0, 0, 0)).toEqual([]); // y = 0 when the sum is 0
    expect(area(clipPolygonToNegativeHalfPlane(square, 0, 0, 0))).toBeCloseTo(4, 12);
    expect(lineInRect(0, 0, 1, rect)).toBeNull();
  });

  it('finds the part of a line inside the rectangle', () => {
    const seg = lineInRect(0.5, 0.5, -0.7, rect)!;
    for (const [x, y] of seg) {
      expect(0.5 * x + 0.5 * y - 0.7).toBeCloseTo(0, 12);
      expect(x).toBeGreaterThanOrEqual(-0.5 - 1e-12);
      expect(x).toBeLessThanOrEqual(1.5 + 1e-12);
    }
    // Vertical line x1 = 0.5 (w2 = 0).
    const v = lineInRect(2, 0, -1, rect)!;
    expect(v[0][0]).toBeCloseTo(0.5, 12);
    expect(Math.abs(v[1][1] - v[0][1])).toBeCloseTo(2, 12);
    // A line that misses the view.
    expect(lineInRect(1, 1, -10, rect)).toBeNull();
  });
});
