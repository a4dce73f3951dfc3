import type * as tf from '@tensorflow/tfjs-core';

export type ParamMap = ReadonlyMap<string, tf.Variable>;
export type GradMap = ReadonlyMap<string, tf.Tensor>;

/**
 * An update rule (ch. 6.1): `update(params, grads)` changes each parameter in place from its
 * gradient. Rules with memory (velocity, squared-gradient sums) keep one buffer per parameter
 * name, created on first use.
 */
export interface Optimizer {
  readonly name: OptimizerName;
  /** Learning rate; may be changed between steps (schedules). */
  lr: number;
  update(params: ParamMap, grads: GradMap): void;
  dispose(): void;
}

export const OPTIMIZER_NAMES = [
  'sgd',
  'momentum',
  'nesterov',
  'adagrad',
  'rmsprop',
  'adam',
] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

export function isOptimizerName(s: string): s is OptimizerName {
  return (OPTIMIZER_NAMES as readonly string[]).includes(s);
}

/** Looks up a gradient for every parameter, with a clear error when one is missing. */
export function gradFor(grads: GradMap, name: string): tf.Tensor {
  const g = grads.get(name);
  if (!g) throw new Error(`optimizer: no gradient for parameter ${name}`);
  return g;
}

/** The book's default learning rate of each rule. */
export const DEFAULT_LR: Record<OptimizerName, number> = {
  sgd: 0.01,
  momentum: 0.01,
  nesterov: 0.01,
  adagrad: 0.01,
  rmsprop: 0.01,
  adam: 0.001,
};
