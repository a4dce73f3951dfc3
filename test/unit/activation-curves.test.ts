import { describe, expect, it } from 'vitest';
import {
  ACTIVATION_NAMES,
  identity,
  relu,
  sampleCurve,
  sigmoid,
  step,
  tanh,
} from '../../src/ui/activation-curves';

describe('activation curves (plain numbers, ch. 3)', () => {
  it("step is the book's: 1 for x > 0, else 0", () => {
    expect([-1, 0, 1e-9, 2].map(step)).toEqual([0, 0, 1, 1]);
  });

  it('sigmoid matches 1 / (1 + e^-x) and never overflows', () => {
    for (const x of [-5, -1, 0, 0.5, 3]) expect(sigmoid(x)).toBeCloseTo(1 / (1 + Math.exp(-x)), 12);
    expect(sigmoid(0)).toBe(0.5);
    // The book's values: sigmoid([-1, 1, 2]) = [0.26894142, 0.73105858, 0.88079708].
    expect(sigmoid(-1)).toBeCloseTo(0.26894142, 8);
    expect(sigmoid(2)).toBeCloseTo(0.88079708, 8);
    for (const x of [-1000, -800, 800, 1000, -Number.MAX_VALUE, Number.MAX_VALUE]) {
      const y = sigmoid(x);
      expect(Number.isFinite(y)).toBe(true);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(1);
    }
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
    // Symmetry: sigmoid(-x) = 1 - sigmoid(x).
    for (const x of [0.1, 2, 7]) expect(sigmoid(-x)).toBeCloseTo(1 - sigmoid(x), 12);
  });

  it('tanh, relu and identity', () => {
    expect(tanh(0)).toBe(0);
    expect(tanh(1)).toBeCloseTo(Math.tanh(1), 15);
    expect(tanh(-50)).toBe(-1);
    expect([-2, 0, 3].map(relu)).toEqual([0, 0, 3]);
    expect([-2, 0, 3].map(identity)).toEqual([-2, 0, 3]);
  });

  it('samples a curve over a range, ends included', () => {
    const pts = sampleCurve('sigmoid', -6, 6, 13);
    expect(pts).toHaveLength(13);
    expect(pts[0]).toEqual({ x: -6, y: sigmoid(-6) });
    expect(pts[6].x).toBeCloseTo(0, 12);
    expect(pts[12].x).toBe(6);
    for (let i = 1; i < pts.length; i++) expect(pts[i].x).toBeGreaterThanOrEqual(pts[i - 1].x);
  });

  it('draws the step as a vertical edge at 0', () => {
    const pts = sampleCurve('step', -6, 6, 12);
    const atZero = pts.filter((p) => p.x === 0);
    expect(atZero.map((p) => p.y)).toEqual([0, 1]);
    for (const p of pts) expect(p.y).toBe(p.x > 0 ? 1 : p.x < 0 ? 0 : p.y);
    // No edge when 0 is outside the range.
    expect(sampleCurve('step', 1, 5, 5).every((p) => p.y === 1)).toBe(true);
  });

  it('samples every function finitely and rejects an empty range', () => {
    for (const name of ACTIVATION_NAMES) {
      for (const p of sampleCurve(name, -6, 6)) expect(Number.isFinite(p.y)).toBe(true);
    }
    expect(() => sampleCurve('relu', 1, 1)).toThrow(RangeError);
  });
});
