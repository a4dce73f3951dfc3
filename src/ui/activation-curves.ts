/**
 * The activation functions of chapter 3, in plain numbers for plotting (no tensors): step,
 * sigmoid, tanh, ReLU and identity, their derivatives (the slopes backpropagation multiplies
 * by), plus sampling a curve over a range.
 */

export type ActivationName = 'step' | 'sigmoid' | 'tanh' | 'relu' | 'identity';

export const ACTIVATION_NAMES: readonly ActivationName[] = [
  'step',
  'sigmoid',
  'tanh',
  'relu',
  'identity',
];

/** The book's step function: 1 for x > 0, else 0 (so step(0) = 0). */
export function step(x: number): number {
  return x > 0 ? 1 : 0;
}

/**
 * 1 / (1 + e^-x), written so that neither branch overflows: for x < 0 it uses
 * e^x / (1 + e^x), where e^x underflows to 0 instead of e^-x overflowing to Infinity.
 */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export function tanh(x: number): number {
  return Math.tanh(x);
}

export function relu(x: number): number {
  return Math.max(x, 0);
}

export function identity(x: number): number {
  return x;
}

export const ACTIVATIONS: Readonly<Record<ActivationName, (x: number) => number>> = {
  step,
  sigmoid,
  tanh,
  relu,
  identity,
};

/** Display names for legends. */
export const ACTIVATION_LABELS: Readonly<Record<ActivationName, string>> = {
  step: 'step',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  relu: 'ReLU',
  identity: 'identity',
};

export interface CurvePoint {
  x: number;
  y: number;
}

/**
 * Samples `fn` at `samples` evenly spaced points over [x0, x1], both ends included. The step
 * function jumps at 0: when 0 lies inside the range, both sides of the jump are added at x = 0
 * (0 then 1) so the drawn line is a clean vertical edge rather than a slanted one.
 */
export function sampleCurve(
  name: ActivationName,
  x0: number,
  x1: number,
  samples = 241,
): CurvePoint[] {
  if (!(x1 > x0)) throw new RangeError(`x range must be increasing, got [${x0}, ${x1}]`);
  const n = Math.max(2, Math.floor(samples));
  const fn = ACTIVATIONS[name];
  const points: CurvePoint[] = [];
  for (let i = 0; i < n; i++) {
    const x = x0 + ((x1 - x0) * i) / (n - 1);
    if (name === 'step' && x > 0 && points.length > 0 && points[points.length - 1].x <= 0) {
      points.push({ x: 0, y: 0 }, { x: 0, y: 1 });
    }
    points.push({ x, y: fn(x) });
  }
  return points;
}

/**
 * The derivatives. Where a function jumps or bends (step and ReLU at 0) it has no slope; there
 * these give what the book's backward passes use: 0 (its Relu layer's mask is x <= 0).
 */
export const SLOPES: Readonly<Record<ActivationName, (x: number) => number>> = {
  // Flat on both sides of the jump: gradient descent gets no signal through a step.
  step: () => 0,
  // sigmoid(x)·(1 − sigmoid(x)) (ch. 5.5.2): at most 0.25, at x = 0.
  sigmoid: (x) => {
    const y = sigmoid(x);
    return y * (1 - y);
  },
  tanh: (x) => {
    const y = Math.tanh(x);
    return 1 - y * y;
  },
  relu: (x) => (x > 0 ? 1 : 0),
  identity: () => 1,
};

/** The largest slope of each function (sigmoid's 0.25 is why deep sigmoid nets stop learning). */
export const MAX_SLOPE: Readonly<Record<ActivationName, number>> = {
  step: 0,
  sigmoid: 0.25,
  tanh: 1,
  relu: 1,
  identity: 1,
};

/** Where a slope jumps (ReLU's, from 0 to 1 at x = 0): the sampled curve breaks there. */
const SLOPE_JUMPS: Readonly<Record<ActivationName, readonly number[]>> = {
  step: [],
  sigmoid: [],
  tanh: [],
  relu: [0],
  identity: [],
};

/**
 * Samples the derivative of `name` like `sampleCurve`. At a jump of the slope a point with
 * y = NaN separates the two sides, so a plot draws two pieces rather than a false vertical edge.
 */
export function sampleSlope(
  name: ActivationName,
  x0: number,
  x1: number,
  samples = 241,
): CurvePoint[] {
  if (!(x1 > x0)) throw new RangeError(`x range must be increasing, got [${x0}, ${x1}]`);
  const n = Math.max(2, Math.floor(samples));
  const fn = SLOPES[name];
  const jumps = SLOPE_JUMPS[name].filter((j) => j > x0 && j < x1);
  const points: CurvePoint[] = [];
  const h = (x1 - x0) * 1e-9;
  let next = 0; // the first jump not passed yet
  for (let i = 0; i < n; i++) {
    const x = x0 + ((x1 - x0) * i) / (n - 1);
    // Each side ends exactly at the jump, at its own limit, with a break between them.
    while (next < jumps.length && x > jumps[next]) {
      const j = jumps[next++];
      const last = points[points.length - 1];
      if (last && last.x < j) points.push({ x: j, y: fn(j - h) });
      points.push({ x: j, y: Number.NaN }, { x: j, y: fn(j + h) });
    }
    points.push({ x, y: fn(x) });
  }
  return points;
}
