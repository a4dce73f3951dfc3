import * as tf from '@tensorflow/tfjs-core';
import { sameShape } from '../functions';
import type { Layer, LossLayer } from '../layers/layer';
import type { Rng } from '../rng';
import type { NetConfig } from './config';
import { countParameters } from './parameter-count';

/** Loss and gradients of one mini-batch; the caller disposes them (see `disposeGradient`). */
export interface Gradient {
  loss: tf.Scalar;
  grads: Map<string, tf.Tensor>;
}

export function disposeGradient(g: Gradient): void {
  g.loss.dispose();
  for (const t of g.grads.values()) t.dispose();
}

/**
 * A net as the book builds one: an ordered list of layers and a loss layer; `gradient` is
 * forward, then backward through the layers in reverse. Subclasses only build the layer list.
 */
export class SequentialNet {
  /** Trainable parameters in layer order, by name (W1, b1, ...). */
  readonly params = new Map<string, tf.Variable>();
  /** Saved but not trained (batch-norm running statistics). */
  readonly state = new Map<string, tf.Variable>();
  /** Parameters that L2 weight decay applies to (the weights, not biases or BN's γ/β). */
  readonly decayed: string[];

  constructor(
    readonly config: NetConfig,
    /** Shape of one input sample, e.g. [784] or [1, 28, 28]. */
    readonly inputShape: readonly number[],
    readonly layers: Layer[],
    readonly lastLayer: LossLayer,
    readonly weightDecay: number,
    /** Draws dropout masks; gradient checks replay it. */
    readonly dropoutRng: Rng,
  ) {
    if (!(weightDecay >= 0)) throw new Error(`weight decay must be >= 0, got ${weightDecay}`);
    for (const layer of layers) {
      for (const [name, p] of layer.params) this.addUnique(this.params, name, p);
      for (const [name, s] of layer.state) this.addUnique(this.state, name, s);
    }
    this.decayed = [...this.params.keys()].filter((n) => n.startsWith('W'));
  }

  private addUnique(map: Map<string, tf.Variable>, name: string, v: tf.Variable): void {
    if (map.has(name) || this.params.has(name) || this.state.has(name)) {
      throw new Error(`two tensors share the name ${name}`);
    }
    map.set(name, v);
  }

  /** Accept [N, ...inputShape] or any [N, ...] of the same size per sample. */
  private prepareInput(x: tf.Tensor): tf.Tensor {
    const per = this.inputShape.reduce((a, b) => a * b, 1);
    if (x.rank >= 1 && sameShape(x.shape.slice(1), [...this.inputShape])) return x;
    if (x.rank >= 2 && x.size === x.shape[0] * per)
      return tf.reshape(x, [x.shape[0], ...this.inputShape]);
    throw new Error(`this net takes inputs [N, ${this.inputShape.join(', ')}], got [${x.shape}]`);
  }

  /** Scores (before softmax), [N, outputSize]. */
  predict(x: tf.Tensor, train = false): tf.Tensor {
    return tf.tidy(() => {
      let y = this.prepareInput(x);
      for (const layer of this.layers) y = layer.forward(y, train);
      return y;
    });
  }

  /** Class probabilities, [N, outputSize]. */
  predictProbabilities(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const scores = this.predict(x, false);
      return tf.softmax(scores);
    });
  }

  private forwardLoss(x: tf.Tensor, t: tf.Tensor, train: boolean): tf.Scalar {
    let y = this.prepareInput(x);
    for (const layer of this.layers) y = layer.forward(y, train);
    let loss = this.lastLayer.forward(y, t);
    if (this.weightDecay > 0) {
      let sq: tf.Scalar = tf.scalar(0);
      for (const name of this.decayed) sq = tf.add(sq, tf.sum(tf.square(this.params.get(name)!)));
      loss = tf.add(loss, tf.mul(0.5 * this.weightDecay, sq));
    }
    return loss;
  }

  /** The loss (with weight decay) of a batch; `train` selects dropout/batch-norm behaviour. */
  loss(x: tf.Tensor, t: tf.Tensor, train = false): tf.Scalar {
    return tf.tidy(() => this.forwardLoss(x, t, train));
  }

  /** Forward then backward (ch. 5.7): the loss and d(loss)/d(param) for every parameter. */
  gradient(x: tf.Tensor, t: tf.Tensor): Gradient {
    const names = [...this.params.keys()];
    const [loss, ...gs] = tf.tidy(() => {
      const l = this.forwardLoss(x, t, true);
      let dout = this.lastLayer.backward();
      // The input's gradient is never used: below the first layer with parameters nothing
      // needs dout, so that layer only fills its parameter grads (when it can).
      const firstTrained = Math.max(
        this.layers.findIndex((l) => l.params.size > 0),
        0,
      );
      for (let i = this.layers.length - 1; i > firstTrained; i--)
        dout = this.layers[i].backward(dout);
      const first = this.layers[firstTrained];
      if (first.backwardParams) first.backwardParams(dout);
      else first.backward(dout);
      const out: tf.Tensor[] = [l];
      const collected = new Map<string, tf.Tensor>();
      for (const layer of this.layers) for (const [k, g] of layer.grads) collected.set(k, g);
      for (const name of names) {
        let g = collected.get(name);
        if (!g) throw new Error(`backward produced no gradient for ${name}`);
        if (this.weightDecay > 0 && this.decayed.includes(name)) {
          g = tf.add(g, tf.mul(this.weightDecay, this.params.get(name)!));
        }
        out.push(g);
      }
      return out;
    });
    return { loss: loss as tf.Scalar, grads: new Map(names.map((n, i) => [n, gs[i]])) };
  }

  /** Number of trainable values. */
  get parameterCount(): number {
    return countParameters(this.params);
  }

  dispose(): void {
    for (const layer of this.layers) layer.dispose();
  }
}
