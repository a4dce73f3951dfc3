/**
 * Book figs. 6-10 to 6-14: push 1000 random inputs through 5 layers of 100 units and look at
 * the histogram of each layer's activations, for several activation functions and initial
 * weight scales. Too large a scale saturates sigmoid at 0 and 1 (vanishing gradients); too
 * small collapses every unit to the same value; Xavier (sigmoid/tanh) and He (ReLU) keep the
 * spread layer after layer. One function for the CLI's JSON and the Learn area's view.
 */
import * as tf from '@tensorflow/tfjs-core';
import { relu, sigmoid } from '../functions';
import { type InitScheme, initStd } from '../init';
import type { Activation } from '../nets/config';
import { Rng } from '../rng';

export interface InitCase {
  label: string;
  activation: Activation;
  init: InitScheme;
}

/** The book's cases: sigmoid with std 1, std 0.01 and Xavier; tanh with Xavier; ReLU with std 0.01, Xavier and He. */
export const WEIGHT_INIT_CASES: InitCase[] = [
  { label: 'sigmoid, std 1', activation: 'sigmoid', init: 1 },
  { label: 'sigmoid, std 0.01', activation: 'sigmoid', init: 0.01 },
  { label: 'sigmoid, Xavier', activation: 'sigmoid', init: 'xavier' },
  { label: 'tanh, Xavier', activation: 'tanh', init: 'xavier' },
  { label: 'ReLU, std 0.01', activation: 'relu', init: 0.01 },
  { label: 'ReLU, Xavier', activation: 'relu', init: 'xavier' },
  { label: 'ReLU, He', activation: 'relu', init: 'he' },
];

export interface LayerHistogram {
  layer: number;
  /** Bin edges, bins + 1 values. */
  edges: number[];
  counts: number[];
  mean: number;
  std: number;
}

export interface WeightInitActivationsResult {
  experiment: 'weight-init-activations';
  inputs: number;
  units: number;
  layers: number;
  seed: number;
  cases: Array<InitCase & { std: number; histograms: LayerHistogram[] }>;
}

/** Histogram range per activation: sigmoid [0,1], tanh [-1,1], ReLU [0,1] (its bulk; larger values go to the last bin). */
const RANGE: Record<Activation, [number, number]> = {
  sigmoid: [0, 1],
  tanh: [-1, 1],
  relu: [0, 1],
};

function histogram(
  values: Float32Array,
  [lo, hi]: [number, number],
  bins: number,
): Pick<LayerHistogram, 'edges' | 'counts' | 'mean' | 'std'> {
  const counts = new Array<number>(bins).fill(0);
  let sum = 0;
  let sumSq = 0;
  for (const v of values) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(((v - lo) / (hi - lo)) * bins)));
    counts[b]++;
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / values.length;
  return {
    edges: Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins),
    counts,
    mean,
    std: Math.sqrt(Math.max(0, sumSq / values.length - mean * mean)),
  };
}

export function weightInitActivations(
  opts: { seed?: number; inputs?: number; units?: number; layers?: number; bins?: number } = {},
): WeightInitActivationsResult {
  const { seed = 0, inputs = 1000, units = 100, layers = 5, bins = 30 } = opts;
  const cases = WEIGHT_INIT_CASES.map((c) => {
    // Every case sees the same inputs and the same unit-normal weights, only scaled differently.
    const rng = new Rng(seed);
    const std = initStd(c.init, units);
    const histograms: LayerHistogram[] = [];
    let x: tf.Tensor = tf.tensor2d(rng.normalArray(inputs * units), [inputs, units]);
    for (let layer = 1; layer <= layers; layer++) {
      const next = tf.tidy(() => {
        const w: tf.Tensor2D = tf.tensor2d(rng.normalArray(units * units, std), [units, units]);
        const a = tf.matMul(x as tf.Tensor2D, w);
        return c.activation === 'sigmoid'
          ? sigmoid(a)
          : c.activation === 'tanh'
            ? tf.tanh(a)
            : relu(a);
      });
      x.dispose();
      x = next;
      histograms.push({
        layer,
        ...histogram(x.dataSync() as Float32Array, RANGE[c.activation], bins),
      });
    }
    x.dispose();
    return { ...c, std, histograms };
  });
  return { experiment: 'weight-init-activations', inputs, units, layers, seed, cases };
}
