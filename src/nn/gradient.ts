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
export function numericalGradient(
  f: (x: Float64Array) => number,
  x: Float64Array,
  h = 1e-4,
): Float64Array {
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
 * - h = 1e-3 (the book uses 1e-4 in float64): the loss is computed in float32, relative
 *   rounding ~1e-7, so (L(w+h) - L(w-h)) / 2h carries an absolute noise of ~1e-4 at h = 1e-3
 *   (measured mean |analytic - numeric| is 3e-5..1e-4). A larger h lowers that noise but makes
 *   more ±h steps cross a ReLU or max-pool kink, where the central difference is simply wrong.
 * - Relative error |a - n| / max(|a| + |n|, 1e-2): entries smaller than 1e-2 are compared in
 *   absolute terms, since float32 cannot resolve them better.
 * - tolerance: the median relative error per parameter must stay below it; the maximum is
 *   reported (kink crossings make single entries reach ~0.1-0.3 in the deep nets).
 */
export const GRADIENT_CHECK = { h: 1e-3, floor: 1e-2, tolerance: 5e-2 } as const;

export function relativeError(
  analytic: number,
  numeric: number,
  floor: number = GRADIENT_CHECK.floor,
): number {
  return Math.abs(analytic - numeric) / Math.max(Math.abs(analytic) + Math.abs(numeric), floor);
}

export interface ParamCheck {
  name: string;
  /** How many entries were compared. */
  checked: number;
  maxRelError: number;
  /** Robust to the odd entry whose ±h step crosses a ReLU or max-pool kink. */
  medianRelError: number;
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
      const indices =
        count === n
          ? Array.from({ length: n }, (_, i) => i)
          : Array.from(rng.permutation(n).subarray(0, count));
      const rel: number[] = [];
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
        rel.push(relativeError(analytic[i], numeric));
        sumAbs += Math.abs(analytic[i] - numeric);
      }
      setValues(param, original);
      rel.sort((a, b) => a - b);
      results.push({
        name,
        checked: count,
        maxRelError: rel[rel.length - 1],
        medianRelError: rel[Math.floor(rel.length / 2)],
        meanAbsError: sumAbs / count,
      });
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
