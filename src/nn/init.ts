/**
 * Initial weight scales (ch. 6.2): a fixed std σ, Xavier (σ = sqrt(1/n), for sigmoid/tanh) or
 * He (σ = sqrt(2/n), for ReLU), where n is the number of inputs of each unit.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from './rng';

export type InitScheme = 'he' | 'xavier' | number;

export function initStd(scheme: InitScheme, fanIn: number): number {
  if (scheme === 'he') return Math.sqrt(2 / fanIn);
  if (scheme === 'xavier') return Math.sqrt(1 / fanIn);
  if (typeof scheme === 'number' && Number.isFinite(scheme) && scheme > 0) return scheme;
  throw new Error(`weight init must be 'he', 'xavier' or a positive std, got ${String(scheme)}`);
}

/** Parse the CLI/URL form: "he", "xavier", or a number such as "0.01". */
export function parseInitScheme(s: string): InitScheme {
  if (s === 'he' || s === 'relu') return 'he';
  if (s === 'xavier' || s === 'sigmoid') return 'xavier';
  const n = Number(s);
  if (Number.isFinite(n) && n > 0) return n;
  throw new Error(`--init must be he, xavier or a positive std such as 0.01, got "${s}"`);
}

/** A trainable weight tensor of `shape`, normal(0, σ) from the seeded Rng. */
export function randomWeight(rng: Rng, shape: number[], std: number): tf.Variable {
  const size = shape.reduce((a, b) => a * b, 1);
  // tidy frees the starting tensor; the variable keeps its own reference to the data.
  return tf.tidy(() => tf.variable(tf.tensor(rng.normalArray(size, std), shape)));
}

export function zerosWeight(shape: number[]): tf.Variable {
  return tf.tidy(() => tf.variable(tf.zeros(shape)));
}

export function onesWeight(shape: number[]): tf.Variable {
  return tf.tidy(() => tf.variable(tf.ones(shape)));
}
