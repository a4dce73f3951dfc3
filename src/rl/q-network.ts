/**
 * Q-networks from the engine's hand-written layers: the net maps an observation to one
 * Q-value per action, Q(s, ·) [N, numActions].
 *
 * - 'mlp': Affine/Relu hidden layers, for vector observations (CartPole's 4 numbers).
 * - 'cnn': MinAtar's DQN (Young & Tian 2019): one Convolution of `filters` kernel x kernel
 *   filters (stride 1, no padding), Relu, Flatten, an Affine of `hidden` units, Relu; for
 *   pixel observations [C, H, W].
 * - dueling (Wang et al. 2016): the last hidden features feed a value stream Affine(·, 1) and
 *   an advantage stream Affine(·, K), combined by DuelingAggregation; otherwise one Affine head.
 *
 * Like a layer, `forward` keeps what `backward` needs, so a forward and its backward run in
 * one tf.tidy of the caller. `backward(dQ)` fills `grads` (same names as `params`), which an
 * optimizer from src/nn/optimizers can apply. Weight init is He (std sqrt(2/fan-in)) before a
 * ReLU and Xavier (sqrt(1/fan-in)) on the output heads, zero biases, from a seeded Rng.
 */
import * as tf from '@tensorflow/tfjs-core';
import { initStd, randomWeight, zerosWeight } from '../nn/init';
import { Affine } from '../nn/layers/affine';
import { Flatten } from '../nn/layers/flatten';
import { KernelConvolution } from '../nn/layers/kernel-convolution';
import type { Layer } from '../nn/layers/layer';
import { Relu } from '../nn/layers/relu';
import { countParameters } from '../nn/nets/parameter-count';
import type { Rng } from '../nn/rng';
import { DuelingAggregation } from './dueling';

export type QNetworkSpec =
  | { type: 'mlp'; hidden: number[] }
  | { type: 'cnn'; filters: number; kernel: number; hidden: number };

export interface QNetworkOptions {
  network: QNetworkSpec;
  dueling: boolean;
}

function affine(rng: Rng, name: string, fanIn: number, fanOut: number, std: number): Affine {
  return new Affine(
    { name: `W${name}`, value: randomWeight(rng, [fanIn, fanOut], std) },
    { name: `b${name}`, value: zerosWeight([fanOut]) },
  );
}

const checkPositiveInt = (what: string, n: number): void => {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what} must be an integer >= 1, got ${n}`);
};

export class QNetwork {
  /** Hidden layers, in order. */
  readonly trunk: Layer[] = [];
  /** Output head without dueling: Affine(features, K). */
  readonly head: Affine | null = null;
  /** Dueling streams and their aggregation. */
  readonly valueHead: Affine | null = null;
  readonly advantageHead: Affine | null = null;
  readonly aggregation: DuelingAggregation | null = null;
  /** Every trainable parameter by name (W1, b1, ..., Wq/bq or Wv, bv, Wa, ba). */
  readonly params = new Map<string, tf.Variable>();
  /** Gradients from the last backward (tensors of the caller's tidy scope). */
  readonly grads = new Map<string, tf.Tensor>();
  readonly obsSize: number;

  constructor(
    readonly options: QNetworkOptions,
    /** One observation's shape: [D] or [C, H, W]. */
    readonly obsShape: readonly number[],
    readonly numActions: number,
    rng: Rng,
  ) {
    checkPositiveInt('number of actions', numActions);
    this.obsSize = obsShape.reduce((a, b) => a * b, 1);
    checkPositiveInt('observation size', this.obsSize);
    const spec = options.network;
    let features: number;
    if (spec.type === 'mlp') {
      let fanIn = this.obsSize;
      spec.hidden.forEach((units, i) => {
        checkPositiveInt('hidden layer size', units);
        this.trunk.push(affine(rng, String(i + 1), fanIn, units, initStd('he', fanIn)), new Relu());
        fanIn = units;
      });
      features = fanIn;
    } else if (spec.type === 'cnn') {
      if (obsShape.length !== 3)
        throw new Error(`a CNN Q-network needs [C, H, W] observations, got [${obsShape}]`);
      checkPositiveInt('filters', spec.filters);
      checkPositiveInt('kernel', spec.kernel);
      checkPositiveInt('hidden units', spec.hidden);
      const [c, h, w] = obsShape;
      const k = spec.kernel;
      const oh = h - k + 1;
      const ow = w - k + 1;
      if (oh < 1 || ow < 1)
        throw new Error(`a ${k}x${k} kernel does not fit observations [${obsShape}]`);
      const fanIn = c * k * k;
      const conv = new KernelConvolution(
        { name: 'W1', value: randomWeight(rng, [spec.filters, c, k, k], initStd('he', fanIn)) },
        { name: 'b1', value: zerosWeight([spec.filters]) },
      );
      const flat = spec.filters * oh * ow;
      this.trunk.push(
        conv,
        new Relu(),
        new Flatten(),
        affine(rng, '2', flat, spec.hidden, initStd('he', flat)),
        new Relu(),
      );
      features = spec.hidden;
    } else {
      throw new Error(`unknown Q-network type ${JSON.stringify((spec as { type: unknown }).type)}`);
    }
    const headStd = initStd('xavier', features);
    if (options.dueling) {
      this.valueHead = affine(rng, 'v', features, 1, headStd);
      this.advantageHead = affine(rng, 'a', features, numActions, headStd);
      this.aggregation = new DuelingAggregation();
    } else {
      this.head = affine(rng, 'q', features, numActions, headStd);
    }
    for (const layer of this.allLayers()) {
      for (const [name, p] of layer.params) {
        if (this.params.has(name)) throw new Error(`two parameters share the name ${name}`);
        this.params.set(name, p);
      }
    }
  }

  private allLayers(): Layer[] {
    const heads = [this.head, this.valueHead, this.advantageHead].filter(
      (l): l is Affine => l !== null,
    );
    return [...this.trunk, ...heads];
  }

  /** Accepts [N, ...obsShape] or flat [N, obsSize]; returns [N, ...obsShape]. */
  private prepare(x: tf.Tensor): tf.Tensor {
    if (x.rank < 2 || x.size !== x.shape[0] * this.obsSize)
      throw new Error(`Q-network takes [N, ${this.obsShape.join(', ')}], got [${x.shape}]`);
    return x.rank === this.obsShape.length + 1 ? x : tf.reshape(x, [x.shape[0], ...this.obsShape]);
  }

  /** Q(s, ·) [N, numActions]. Call inside the caller's tf.tidy. */
  forward(x: tf.Tensor, train = false): tf.Tensor2D {
    let y = this.prepare(x);
    for (const layer of this.trunk) y = layer.forward(y, train);
    if (this.head) return this.head.forward(y) as tf.Tensor2D;
    const value = this.valueHead!.forward(y);
    const advantage = this.advantageHead!.forward(y);
    return this.aggregation!.forward(value, advantage) as tf.Tensor2D;
  }

  /** From dL/dQ [N, K], fill `grads` for every parameter (the input's gradient is skipped). */
  backward(dQ: tf.Tensor): void {
    let d: tf.Tensor;
    if (this.head) {
      d = this.head.backward(dQ);
    } else {
      const { dValue, dAdvantage } = this.aggregation!.backward(dQ);
      d = tf.add(this.valueHead!.backward(dValue), this.advantageHead!.backward(dAdvantage));
    }
    for (let i = this.trunk.length - 1; i >= 1; i--) d = this.trunk[i].backward(d);
    const first = this.trunk[0];
    if (first) {
      if (first.backwardParams) first.backwardParams(d);
      else first.backward(d);
    }
    this.grads.clear();
    for (const layer of this.allLayers()) for (const [k, g] of layer.grads) this.grads.set(k, g);
  }

  /** Hard target update: θ⁻ ← θ. */
  copyFrom(source: QNetwork): void {
    tf.tidy(() => {
      for (const [name, p] of this.params) p.assign(this.sourceParam(source, name));
    });
  }

  /** Soft (Polyak) target update: θ⁻ ← τ θ + (1 - τ) θ⁻. */
  softUpdateFrom(source: QNetwork, tau: number): void {
    if (!(tau > 0 && tau <= 1)) throw new Error(`tau must be in (0, 1], got ${tau}`);
    tf.tidy(() => {
      for (const [name, p] of this.params) {
        p.assign(tf.add(tf.mul(tau, this.sourceParam(source, name)), tf.mul(1 - tau, p)));
      }
    });
  }

  private sourceParam(source: QNetwork, name: string): tf.Variable {
    const s = source.params.get(name);
    const p = this.params.get(name)!;
    if (!s || s.shape.some((d, i) => d !== p.shape[i]))
      throw new Error(`cannot copy weights: the source net has no ${name} [${p.shape}]`);
    return s;
  }

  /** Number of trainable values. */
  get parameterCount(): number {
    return countParameters(this.params);
  }

  dispose(): void {
    for (const layer of this.allLayers()) layer.dispose();
  }
}
