/**
 * Numerical differentiation (ch. 4.3-4.4) and the gradient check (ch. 5.7.3).
 *
 * The ch. 4 functions work on plain float64 numbers, exactly as the book's numpy code.
 * The gradient check perturbs a net's float32 parameters; see GRADIENT_CHECK for the step and
 * the tolerance that float32 supports.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { SequentialNet } from './nets/net';
import { disposeGradient } from './nets/net';
import { Rng } from './rng';

/** Central difference (f(x+h) - f(x-h)) / 2h, h = 1e-4 as in the book. */
export function numericalDiff(f: (x: number) => number, x: number, h = 1e-4): number {
  return (f(x + h) - f(x - h)) / (2 * h);
}

/** The gradient of f at x by central differences, one coordinate at a time (x is restored). */
export function numericalGradient(f: (x: Float64Array) => number, x: Float64Array, h = 1e-4): Float64Array {
  const grad = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const tmp = x[i];
    x[i] = tmp + h;
    const fxh1 = f(x);
    x[i] = tmp - h;
    const fxh2 = f(x);
    grad[i] = (fxh1 - fxh2) / (2 * h);
    x[i] = tmp;
  }
  return grad;
}

/** Gradient descent x <- x - lr * grad f(x), `stepNum` times (ch. 4.4.1); returns every point. */
export function gradientDescent(
  f: (x: Float64Array) => number,
  initX: ArrayLike<number>,
  lr = 0.01,
  stepNum = 100,
): { x: Float64Array; history: Float64Array[] } {
  const x = Float64Array.from(initX);
  const history: Float64Array[] = [];
  for (let i = 0; i < stepNum; i++) {
    history.push(x.slice());
    const g = numericalGradient(f, x);
    for (let j = 0; j < x.length; j++) x[j] -= lr * g[j];
  }
  return { x, history };
}

/**
 * Settings of the float32 gradient check.
 * - h = 1e-2: the loss is summed in float32 (relative rounding ~1e-7), so a central difference
 *   with the book's h = 1e-4 would be dominated by rounding (1e-7 / 1e-4 = 1e-3 of the slope);
 *   1e-2 brings that noise near 1e-5 while the truncation error O(h²) stays as small.
 * - Relative error |a - n| / max(|a| + |n|, 1e-2): a gradient entry below 1e-2 in size is
 *   compared in absolute terms, since its float32 numerical estimate cannot be trusted further.
 */
export const GRADIENT_CHECK = { h: 1e-2, floor: 1e-2, tolerance: 1e-2 } as const;

export function relativeError(analytic: number, numeric: number, floor: number = GRADIENT_CHECK.floor): number {
  return Math.abs(analytic - numeric) / Math.max(Math.abs(analytic) + Math.abs(numeric), floor);
}

export interface ParamCheck {
  name: string;
  /** How many entries were compared. */
  checked: number;
  maxRelError: number;
  meanAbsError: number;
}

export interface GradientCheckOptions {
  h?: number;
  /** Compare at most this many entries per parameter (random, seeded); all if smaller. */
  samplesPerParam?: number;
  seed?: number;
}

/**
 * Compare the net's hand-written backward with central differences of its loss, parameter by
 * parameter. Dropout masks are replayed from the same Rng state for every loss evaluation, so
 * the loss is a deterministic function of the weights.
 */
export async function gradientCheck(
  net: SequentialNet,
  x: tf.Tensor,
  t: tf.Tensor,
  opts: GradientCheckOptions = {},
): Promise<ParamCheck[]> {
  const h = opts.h ?? GRADIENT_CHECK.h;
  const rng = new Rng(opts.seed ?? 0);
  const dropoutState = net.dropoutRng.getState();
  const lossAt = async (): Promise<number> => {
    net.dropoutRng.setState(dropoutState);
    const l = net.loss(x, t, true);
    const v = (await l.data())[0];
    l.dispose();
    return v;
  };

  net.dropoutRng.setState(dropoutState);
  const g = net.gradient(x, t);
  const results: ParamCheck[] = [];
  try {
    for (const [name, param] of net.params) {
      const analytic = await g.grads.get(name)!.data();
      const original = (await param.data()) as Float32Array;
      const n = original.length;
      const count = Math.min(n, opts.samplesPerParam ?? n);
      const indices = count === n ? Array.from({ length: n }, (_, i) => i) : Array.from(rng.permutation(n).subarray(0, count));
      let maxRel = 0;
      let sumAbs = 0;
      const work = original.slice();
      for (const i of indices) {
        work[i] = original[i] + h;
        setValues(param, work);
        const plus = await lossAt();
        work[i] = original[i] - h;
        setValues(param, work);
        const minus = await lossAt();
        work[i] = original[i];
        const numeric = (plus - minus) / (2 * h);
        maxRel = Math.max(maxRel, relativeError(analytic[i], numeric));
        sumAbs += Math.abs(analytic[i] - numeric);
      }
      setValues(param, original);
      results.push({ name, checked: count, maxRelError: maxRel, meanAbsError: sumAbs / count });
    }
  } finally {
    disposeGradient(g);
    net.dropoutRng.setState(dropoutState);
  }
  return results;
}

function setValues(v: tf.Variable, values: Float32Array): void {
  tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
}
