import { describe, expect, it } from 'vitest';
import {
  ACTIVATION_NAMES,
  ACTIVATIONS,
  identity,
  MAX_SLOPE,
  relu,
  SLOPES,
  sampleCurve,
  sampleSlope,
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

describe('activation slopes (the derivatives backpropagation multiplies by)', () => {
  /** Central difference: (f(x + h) − f(x − h)) / 2h. */
  const numeric = (f: (x: number) => number, x: number, h = 1e-5): number =>
    (f(x + h) - f(x - h)) / (2 * h);

  it('equal numerical differences of each function, away from the kinks', () => {
    const xs: number[] = [];
    for (let x = -8; x <= 8; x += 0.37) xs.push(x);
    xs.push(0.001, -0.001, 0.5, -0.5, 12, -12);
    for (const name of ACTIVATION_NAMES) {
      for (const x of xs) {
        // The step jumps and ReLU bends at 0: no slope there to compare with.
        if ((name === 'step' || name === 'relu') && Math.abs(x) < 1e-4) continue;
        expect(SLOPES[name](x), `${name}'(${x})`).toBeCloseTo(numeric(ACTIVATIONS[name], x), 7);
      }
    }
  });

  it("make the book's point: sigmoid's slope is at most 0.25, ReLU's is 0 or 1", () => {
    expect(SLOPES.sigmoid(0)).toBe(0.25);
    let most = 0;
    for (let x = -10; x <= 10; x += 0.01) most = Math.max(most, SLOPES.sigmoid(x));
    expect(most).toBeLessThanOrEqual(0.25);
    expect(most).toBeCloseTo(0.25, 6);
    // Five sigmoid layers shrink a gradient by at least 0.25^5, about a thousandth.
    expect(0.25 ** 5).toBeLessThan(0.001);
    expect(SLOPES.sigmoid(6)).toBeLessThan(0.0025);
    for (const x of [-3, -0.5, 0, 0.5, 3]) expect([0, 1]).toContain(SLOPES.relu(x));
    expect(SLOPES.relu(-2)).toBe(0);
    expect(SLOPES.relu(2)).toBe(1);
    expect(SLOPES.relu(0)).toBe(0); // the book's Relu.backward masks x <= 0
    expect(SLOPES.tanh(0)).toBe(1);
    expect([-5, 0, 5].map(SLOPES.step)).toEqual([0, 0, 0]);
    expect([-5, 0, 5].map(SLOPES.identity)).toEqual([1, 1, 1]);
    for (const name of ACTIVATION_NAMES) {
      let top = 0;
      for (let x = -10; x <= 10; x += 0.01) top = Math.max(top, SLOPES[name](x));
      expect(top, name).toBeCloseTo(MAX_SLOPE[name], 6);
    }
  });

  it("samples ReLU's slope in two pieces, each ending at 0 on its own side", () => {
    for (const samples of [12, 13]) {
      // 13 samples put one exactly at 0, 12 do not.
      const pts = sampleSlope('relu', -6, 6, samples);
      const gap = pts.findIndex((p) => Number.isNaN(p.y));
      expect(gap).toBeGreaterThan(0);
      expect(pts.filter((p) => Number.isNaN(p.y))).toHaveLength(1);
      expect(pts[gap - 1]).toEqual({ x: 0, y: 0 });
      expect(pts[gap + 1]).toEqual({ x: 0, y: 1 });
      expect(pts.slice(0, gap).every((p) => p.y === 0)).toBe(true);
      expect(pts.slice(gap + 1).every((p) => p.y === 1)).toBe(true);
      for (let i = 1; i < pts.length; i++) expect(pts[i].x).toBeGreaterThanOrEqual(pts[i - 1].x);
    }
    // Smooth slopes have no break; a range without 0 neither.
    for (const name of ['sigmoid', 'tanh', 'identity', 'step'] as const) {
      expect(sampleSlope(name, -6, 6).every((p) => Number.isFinite(p.y))).toBe(true);
    }
    expect(sampleSlope('relu', 1, 5, 5).map((p) => p.y)).toEqual([1, 1, 1, 1, 1]);
    expect(() => sampleSlope('tanh', 2, 1)).toThrow(RangeError);
  });
});
