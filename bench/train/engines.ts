/**
 * The engines the train bench compares. Each trains one net with SGD (lr 0.1, no momentum,
 * no weight decay) on batches of 100 real MNIST samples, and exposes the same three calls:
 * `run(steps)` does that many optimizer steps and resolves with the last step's loss after
 * reading it back (so any queued async work is inside the timed block), and `dispose()`.
 *
 * Runs in Node (bench/train/main.ts) and in a browser worker (bench/browser): no Node modules.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type * as convnetjs from 'convnetjs';
import type { LabeledData } from '../../src/nn/dataset';
import {
  type ConvPath,
  createNet,
  DEFAULT_CONV_PATH,
  defaultConfig,
  disposeGradient,
  type NetConfig,
  type SequentialNet,
} from '../../src/nn/nets';
import { createOptimizer, type Optimizer } from '../../src/nn/optimizers';
import type { BenchNet } from './flops';

export const BATCH = 100;
export const LR = 0.1;

export interface Engine {
  readonly label: string;
  /** 'wasm' | 'cpu' for tfjs engines, 'js' for ConvNetJS (plain JavaScript, no tfjs). */
  readonly backend: string;
  /** Do `steps` optimizer steps over the batches in turn; resolves with the last loss. */
  run(steps: number): Promise<number>;
  dispose(): void;
}

/** Host-side batches: x row-major, labels as indices. */
export interface HostBatch {
  x: Float32Array;
  labels: Int32Array;
}

export function makeHostBatches(data: LabeledData, count: number): HostBatch[] {
  const size = data.sampleShape.reduce((a, b) => a * b, 1);
  const n = Math.min(count, Math.floor(data.count / BATCH));
  const out: HostBatch[] = [];
  for (let b = 0; b < n; b++) {
    const x = data.x.slice(b * BATCH * size, (b + 1) * BATCH * size);
    const labels = Int32Array.from(data.labels.subarray(b * BATCH, (b + 1) * BATCH));
    out.push({ x, labels });
  }
  return out;
}

function oneHot(labels: Int32Array, k = 10): Float32Array {
  const t = new Float32Array(labels.length * k);
  for (let i = 0; i < labels.length; i++) t[i * k + labels[i]] = 1;
  return t;
}

/** Device tensors of the batches on the active backend: x in `shape`, t one-hot float32. */
interface TensorBatch {
  x: tf.Tensor;
  t: tf.Tensor2D;
}

function tensorBatches(batches: HostBatch[], sampleShape: number[]): TensorBatch[] {
  return batches.map((b) => ({
    x: tf.tensor(b.x, [b.labels.length, ...sampleShape]),
    t: tf.tensor2d(oneHot(b.labels), [b.labels.length, 10]),
  }));
}

function disposeBatches(bs: TensorBatch[]): void {
  for (const b of bs) {
    b.x.dispose();
    b.t.dispose();
  }
}

/** The MLP is 784-100-10 with He init (as the peers are set up); the CNN is the book's. */
export function oursConfig(net: BenchNet, convPath: ConvPath = DEFAULT_CONV_PATH): NetConfig {
  if (net === 'mlp') return { ...defaultConfig('two-layer'), hiddenSize: 100, init: 'he' };
  return { ...defaultConfig('simple-conv'), convPath };
}

/** Our hand-written engine: net.gradient + optimizer.update, as src/nn/trainer.ts does. */
export class OursEngine implements Engine {
  readonly label: string;
  private readonly net: SequentialNet;
  private readonly optimizer: Optimizer;
  private readonly batches: TensorBatch[];
  private next = 0;

  constructor(
    netKind: BenchNet,
    readonly backend: string,
    host: HostBatch[],
    convPath: ConvPath = DEFAULT_CONV_PATH,
  ) {
    this.label = netKind === 'cnn' ? `ours-${convPath}` : 'ours';
    this.net = createNet(oursConfig(netKind, convPath), 1);
    this.optimizer = createOptimizer('sgd', LR);
    this.batches = tensorBatches(host, netKind === 'mlp' ? [784] : [1, 28, 28]);
  }

  async run(steps: number): Promise<number> {
    let loss = Number.NaN;
    for (let s = 0; s < steps; s++) {
      const b = this.batches[this.next++ % this.batches.length];
      const g = this.net.gradient(b.x, b.t);
      this.optimizer.update(this.net.params, g.grads);
      if (s === steps - 1) loss = (await g.loss.data())[0];
      disposeGradient(g);
    }
    return loss;
  }

  dispose(): void {
    disposeBatches(this.batches);
    for (const layer of this.net.layers) layer.dispose(); // params and conv index tables
    this.optimizer.dispose();
  }
}

/**
 * Kernels tfjs-layers needs to train the net on a backend that the backend may lack (wasm has
 * no Conv2DBackpropFilter in 4.22). Checked up front: a kernel missing mid-step would leave
 * the tensors of the half-done step behind.
 */
export function missingTrainingKernels(netKind: BenchNet, backend: string): string[] {
  const needed =
    netKind === 'mlp'
      ? ['BatchMatMul', 'Relu', 'Softmax']
      : ['Conv2D', 'Conv2DBackpropFilter', 'MaxPool', 'MaxPoolGrad', 'BatchMatMul', 'Relu'];
  return needed.filter((k) => tf.getKernel(k, backend) === undefined);
}

/** @tensorflow/tfjs-layers: a Sequential model, compiled with SGD, trained by trainOnBatch. */
export class TfjsLayersEngine implements Engine {
  readonly label = 'tfjs-layers';
  private readonly model: tfl.Sequential;
  private readonly optimizer: tf.Optimizer;
  private readonly batches: TensorBatch[];
  private next = 0;

  constructor(
    layers: typeof tfl,
    netKind: BenchNet,
    readonly backend: string,
    host: HostBatch[],
  ) {
    const m = layers.sequential();
    if (netKind === 'mlp') {
      const init = () => layers.initializers.heNormal({ seed: 1 });
      m.add(
        layers.layers.dense({
          units: 100,
          activation: 'relu',
          inputShape: [784],
          kernelInitializer: init(),
        }),
      );
      m.add(layers.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init() }));
    } else {
      // Same init as ours: normal(0, 0.01) weights, zero biases. NHWC is tfjs's own layout;
      // with one channel it holds the same bytes as our NCHW batches.
      const init = () => layers.initializers.randomNormal({ mean: 0, stddev: 0.01, seed: 1 });
      m.add(
        layers.layers.conv2d({
          filters: 30,
          kernelSize: 5,
          strides: 1,
          padding: 'valid',
          activation: 'relu',
          inputShape: [28, 28, 1],
          kernelInitializer: init(),
        }),
      );
      m.add(layers.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
      m.add(layers.layers.flatten());
      m.add(layers.layers.dense({ units: 100, activation: 'relu', kernelInitializer: init() }));
      m.add(layers.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init() }));
    }
    this.optimizer = tf.train.sgd(LR);
    m.compile({ optimizer: this.optimizer, loss: 'categoricalCrossentropy' });
    this.model = m;
    this.batches = tensorBatches(host, netKind === 'mlp' ? [784] : [28, 28, 1]);
  }

  async run(steps: number): Promise<number> {
    let loss = Number.NaN;
    for (let s = 0; s < steps; s++) {
      const b = this.batches[this.next++ % this.batches.length];
      // trainOnBatch reads the loss back itself (it resolves with a number).
      const l = await this.model.trainOnBatch(b.x, b.t);
      loss = Array.isArray(l) ? l[0] : l;
    }
    return loss;
  }

  dispose(): void {
    disposeBatches(this.batches);
    this.model.dispose();
    this.optimizer.dispose();
  }
}

/**
 * ConvNetJS 0.3.0 as a module object. It is CommonJS that sets `module.exports` (or
 * `window.jsfeat` where there is no `module`): Node's ESM loader and Vite's dependency
 * pre-bundling both hand it over as the default export.
 */
export async function loadConvNetJs(): Promise<typeof convnetjs> {
  const m = (await import('convnetjs')) as typeof convnetjs & { default?: typeof convnetjs };
  return m.default ?? m;
}

/**
 * ConvNetJS 0.3.0 (plain JavaScript, Float64 Vols): the same MLP (input 1×1×784) or
 * SimpleConvNet, with ConvNetJS's own weight init. It trains one sample at a time and applies
 * SGD every batch_size samples; a "step" here is 100 train() calls.
 */
export class ConvNetJsEngine implements Engine {
  readonly label = 'convnetjs';
  readonly backend = 'js';
  private readonly trainer: convnetjs.Trainer;
  private readonly samples: { v: convnetjs.Vol; y: number }[] = [];
  private next = 0;

  constructor(cnj: typeof convnetjs, netKind: BenchNet, host: HostBatch[]) {
    const net = new cnj.Net();
    net.makeLayers(
      netKind === 'mlp'
        ? [
            { type: 'input', out_sx: 1, out_sy: 1, out_depth: 784 },
            { type: 'fc', num_neurons: 100, activation: 'relu' },
            { type: 'softmax', num_classes: 10 },
          ]
        : [
            { type: 'input', out_sx: 28, out_sy: 28, out_depth: 1 },
            { type: 'conv', sx: 5, filters: 30, stride: 1, pad: 0, activation: 'relu' },
            { type: 'pool', sx: 2, stride: 2 },
            { type: 'fc', num_neurons: 100, activation: 'relu' },
            { type: 'softmax', num_classes: 10 },
          ],
    );
    this.trainer = new cnj.Trainer(net, {
      method: 'sgd',
      learning_rate: LR,
      batch_size: BATCH,
      momentum: 0,
      l2_decay: 0,
    });
    // Vols built once, outside the timed blocks (as the tfjs engines upload batches once).
    for (const b of host) {
      for (let i = 0; i < b.labels.length; i++) {
        // 784 values in either shape: 1×1×784 (MLP) or 28×28×1 (CNN, w in row-major y, x).
        const v = netKind === 'mlp' ? new cnj.Vol(1, 1, 784, 0) : new cnj.Vol(28, 28, 1, 0);
        for (let p = 0; p < 784; p++) v.w[p] = b.x[i * 784 + p];
        this.samples.push({ v, y: b.labels[i] });
      }
    }
  }

  async run(steps: number): Promise<number> {
    let sum = 0;
    for (let s = 0; s < steps; s++) {
      sum = 0;
      for (let i = 0; i < BATCH; i++) {
        const { v, y } = this.samples[this.next++ % this.samples.length];
        sum += this.trainer.train(v, y).cost_loss;
      }
    }
    return sum / BATCH;
  }

  dispose(): void {}
}
