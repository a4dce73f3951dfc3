/**
 * The training step of a net, as a workload the measured backend choice can time: a fresh
 * copy of the net (same config, its own seed), the same update rule, and a batch of random
 * inputs uploaded each step as the Trainer uploads each batch. The values do not matter to the
 * time a step takes; the shapes and the ops do.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createNet, type Gradient, type NetConfig } from './nets';
import { createOptimizer, type Optimizer, type OptimizerName, type ParamMap } from './optimizers';
import type { StepRun, StepWorkload } from './step-timing';

/** Something that trains by gradient: a SequentialNet, a vision net. */
export interface Trainable {
  readonly params: ParamMap;
  dispose(): void;
}

export interface GradientStepParts<N extends Trainable> {
  key: string;
  label: string;
  /** A fresh net on the active backend. */
  net(): N;
  /** One step's gradient of `net` (the batch is the workload's own). */
  gradient(net: N): Gradient;
  optimizer(): Optimizer;
}

/** A workload from its parts: gradient, update, the loss returned for the readback. */
export function gradientStepWorkload<N extends Trainable>(
  parts: GradientStepParts<N>,
): StepWorkload {
  return {
    key: parts.key,
    label: parts.label,
    build(): StepRun {
      const net = parts.net();
      const optimizer = parts.optimizer();
      return {
        step() {
          const { loss, grads } = parts.gradient(net);
          try {
            optimizer.update(net.params, grads);
          } finally {
            for (const g of grads.values()) g.dispose();
          }
          // The timer reads the loss back at the end of its round, then disposes it.
          return loss;
        },
        dispose() {
          optimizer.dispose();
          net.dispose();
        },
      };
    },
  };
}

const NET_NAMES: Record<NetConfig['kind'], string> = {
  'two-layer': 'TwoLayerNet',
  'multi-layer': 'MultiLayerNet',
  'multi-layer-extend': 'MultiLayerNetExtend',
  'simple-conv': 'SimpleConvNet',
  'deep-conv': 'DeepConvNet',
};

export interface NetStepOptions {
  optimizer: OptimizerName;
  batchSize: number;
  /** One sample's shape, as the training data has it ([784] or [1, 28, 28]). */
  sampleShape: readonly number[];
  classes: number;
}

/** The Trainer's step for `config`: upload a batch, gradient, update. */
export function netStepWorkload(config: NetConfig, opts: NetStepOptions): StepWorkload {
  const { batchSize, sampleShape, classes, optimizer } = opts;
  const size = sampleShape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(batchSize * size);
  for (let i = 0; i < x.length; i++) x[i] = ((i * 2654435761) >>> 0) / 2 ** 32;
  const labels = Int32Array.from({ length: batchSize }, (_, i) => i % classes);
  return gradientStepWorkload({
    key: `net ${JSON.stringify(config)} ${JSON.stringify(sampleShape)} batch ${batchSize} ${optimizer}`,
    label: `${NET_NAMES[config.kind]}, batch ${batchSize}, ${optimizer}`,
    net: () => createNet(config, 1),
    gradient(net) {
      const xt = tf.tensor(x, [batchSize, ...sampleShape]);
      const t = tf.tensor1d(labels, 'int32');
      try {
        return net.gradient(xt, t);
      } finally {
        xt.dispose();
        t.dispose();
      }
    },
    optimizer: () => createOptimizer(optimizer),
  });
}
