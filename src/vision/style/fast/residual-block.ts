/**
 * A residual block of the style transformer (He et al. 2016, as Johnson et al. use it):
 *
 *   y = x + IN(conv(relu(IN(conv(x)))))
 *
 * One Layer made of five: forward runs the branch and adds the input; backward sends dout
 * both ways (the book's addition node), back through the branch's layers in reverse and
 * straight to x, and adds the two.
 */
import * as tf from '@tensorflow/tfjs-core';
import { onesWeight, zerosWeight } from '../../../nn/init';
import { InstanceNormalization } from '../../../nn/layers/instance-normalization';
import type { Layer } from '../../../nn/layers/layer';
import { Relu } from '../../../nn/layers/relu';
import type { Rng } from '../../../nn/rng';
import { convolution } from '../../conv-block';

export class ResidualBlock implements Layer {
  readonly kind = 'ResidualBlock';
  readonly params = new Map<string, tf.Variable>();
  readonly grads = new Map<string, tf.Tensor>();
  readonly state: ReadonlyMap<string, tf.Variable> = new Map();
  private readonly branch: Layer[];

  constructor(name: string, channels: number, rng: Rng) {
    const spec = { in: channels, out: channels, kernel: 3, stride: 1 };
    this.branch = [
      convolution(`${name}a`, spec, rng),
      instanceNorm(`${name}a`, channels),
      new Relu(),
      convolution(`${name}b`, spec, rng),
      // γ = 0 at the start: the block begins as the identity (Goyal et al.'s zero-γ residual).
      instanceNorm(`${name}b`, channels, 0),
    ];
    for (const layer of this.branch) for (const [n, p] of layer.params) this.params.set(n, p);
  }

  forward(x: tf.Tensor, train: boolean): tf.Tensor {
    let y = x;
    for (const layer of this.branch) y = layer.forward(y, train);
    return tf.add(x, y);
  }

  backward(dout: tf.Tensor): tf.Tensor {
    let d = dout;
    for (let i = this.branch.length - 1; i >= 0; i--) d = this.branch[i].backward(d);
    this.grads.clear();
    for (const layer of this.branch) for (const [n, g] of layer.grads) this.grads.set(n, g);
    return tf.add(dout, d);
  }

  dispose(): void {
    for (const layer of this.branch) layer.dispose();
  }
}

/** Instance normalisation `name` with γ = gamma (1 by default), β = 0 (gamma{name}, beta{name}). */
export function instanceNorm(name: string, channels: number, gamma = 1): InstanceNormalization {
  return new InstanceNormalization(
    {
      name: `gamma${name}`,
      value:
        gamma === 1
          ? onesWeight([channels])
          : tf.tidy(() => tf.variable(tf.fill([channels], gamma))),
    },
    { name: `beta${name}`, value: zerosWeight([channels]) },
  );
}
