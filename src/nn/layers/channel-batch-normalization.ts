/**
 * Batch normalization per channel, for NHWC feature maps (DCGAN's generator): statistics over
 * the batch and every pixel, one γ and β per channel, as convolutional nets use it. The book's
 * BatchNormalization (batch-normalization.ts) flattens a 4-D input to [N, C·H·W] and keeps one
 * statistic per feature (pixel and channel), which is what its fully connected nets want.
 *
 * Per-channel normalization of [N, H, W, C] is the book's layer on the rows [N·H·W, C] (every
 * pixel a sample), so this layer reshapes around it and shares its forward and backward. A
 * 2-D input [N, C] is the book's layer unchanged.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BatchNormalization } from './batch-normalization';
import { cached, type Layer, type NamedParam } from './layer';

export class ChannelBatchNormalization implements Layer {
  readonly kind = 'ChannelBatchNormalization';
  private readonly inner: BatchNormalization;
  private inputShape: number[] | null = null;

  constructor(
    gamma: NamedParam,
    beta: NamedParam,
    runningMean: NamedParam,
    runningVar: NamedParam,
    /** Weight of the old running average in each update. */
    momentum = 0.9,
  ) {
    this.inner = new BatchNormalization(gamma, beta, runningMean, runningVar, momentum);
  }

  get params(): ReadonlyMap<string, tf.Variable> {
    return this.inner.params;
  }

  get grads(): ReadonlyMap<string, tf.Tensor> {
    return this.inner.grads;
  }

  get state(): ReadonlyMap<string, tf.Variable> {
    return this.inner.state;
  }

  /** Channels (the last axis) the layer normalises. */
  get channels(): number {
    return this.inner.gamma.value.shape[0];
  }

  forward(x: tf.Tensor, train: boolean): tf.Tensor {
    const c = this.channels;
    if (x.rank < 2 || x.shape[x.rank - 1] !== c)
      throw new Error(
        `ChannelBatchNormalization ${this.inner.gamma.name} expects [..., ${c}] (channels last), got [${x.shape}]`,
      );
    this.inputShape = x.shape;
    return tf.reshape(this.inner.forward(tf.reshape(x, [-1, c]), train), x.shape);
  }

  backward(dout: tf.Tensor): tf.Tensor {
    const shape = cached(this.inputShape, this.kind, 'input shape');
    return tf.reshape(this.inner.backward(tf.reshape(dout, [-1, this.channels])), shape);
  }

  dispose(): void {
    this.inner.dispose();
  }
}
