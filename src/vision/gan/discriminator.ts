/**
 * DCGAN's discriminator (gan-config.ts draws it): images (with label planes for a conditional
 * net) -> [space-to-depth, 3x3 convolution, LeakyReLU(0.2)] x 2 -> Affine -> one logit (and,
 * for an InfoGAN, `codes` more: Q's logits for the code, sharing every layer below, as Chen et
 * al. share the discriminator's body with Q).
 * Downsampling is space-to-depth then a stride-1 convolution, the engine's fast path (see
 * SpaceToDepth): a strided convolution's backward costs several times its forward on wasm,
 * and the GAN runs this net's backward twice a step.
 *
 * No batch norm: the discriminator then treats each image on its own, so a batch of real and
 * fake images can go through in one pass, and the generator cannot read batch statistics.
 *
 * `backward` goes down to the input when the generator step needs d(loss)/d(image) (the
 * discriminator's weights are not updated then); the discriminator step stops at its first
 * convolution's weights.
 */
import * as tf from '@tensorflow/tfjs-core';
import { randomWeight, zerosWeight } from '../../nn/init';
import { Affine } from '../../nn/layers/affine';
import { KernelConvolution } from '../../nn/layers/kernel-convolution';
import type { Layer } from '../../nn/layers/layer';
import { LeakyRelu } from '../../nn/layers/leaky-relu';
import { SpaceToDepth } from '../../nn/layers/space-to-depth';
import { countParameters } from '../../nn/nets/parameter-count';
import type { Rng } from '../../nn/rng';
import type { GanConfig } from './gan-config';
import { checkLabels, labelPlanes } from './gan-input';
import { DCGAN_INIT_STD } from './generator';

/** DCGAN's leak. */
export const DISCRIMINATOR_LEAK = 0.2;

function convolution(name: string, inC: number, outC: number, rng: Rng): KernelConvolution {
  return new KernelConvolution(
    { name: `DW${name}`, value: randomWeight(rng, [outC, inC, 3, 3], DCGAN_INIT_STD) },
    { name: `Db${name}`, value: zerosWeight([outC]) },
    1,
    1,
    'NHWC',
  );
}

export class Discriminator {
  readonly layers: Layer[];
  /** Trainable parameters (names start with D). */
  readonly params = new Map<string, tf.Variable>();
  /** Input channels of the last forward: 1 image channel, then the label planes. */
  private inputChannels = 1;

  constructor(
    readonly config: GanConfig,
    rng: Rng,
  ) {
    const s = config.imageSize / 4;
    const [d1, d2] = config.discriminator;
    this.layers = [
      new SpaceToDepth(2),
      convolution('1', 4 * (1 + config.classes), d1, rng),
      new LeakyRelu(DISCRIMINATOR_LEAK),
      new SpaceToDepth(2),
      convolution('2', 4 * d1, d2, rng),
      new LeakyRelu(DISCRIMINATOR_LEAK),
      new Affine(
        { name: 'DW3', value: randomWeight(rng, [s * s * d2, 1 + config.codes], DCGAN_INIT_STD) },
        { name: 'Db3', value: zerosWeight([1 + config.codes]) },
      ),
    ];
    for (const layer of this.layers) for (const [name, p] of layer.params) this.params.set(name, p);
  }

  /**
   * Outputs [N, 1 + codes] for images [N, size, size, 1] in [-1, 1]: column 0 the real/fake
   * logit (real: > 0), then (InfoGAN) Q's logits for the code.
   */
  forward(images: tf.Tensor, labels: tf.Tensor | undefined, train: boolean): tf.Tensor2D {
    const { imageSize: size, classes } = this.config;
    if (images.rank !== 4 || images.shape[1] !== size || images.shape[2] !== size)
      throw new Error(`discriminator takes images [N, ${size}, ${size}, 1], got [${images.shape}]`);
    if (images.shape[3] !== 1)
      throw new Error(`discriminator takes grey images (1 channel), got [${images.shape}]`);
    checkLabels(labels, classes, images.shape[0], 'discriminator');
    let y: tf.Tensor =
      labels && classes > 0 ? tf.concat([images, labelPlanes(labels, classes, size)], 3) : images;
    this.inputChannels = y.shape[3] as number;
    for (const layer of this.layers) y = layer.forward(y, train);
    return y as tf.Tensor2D;
  }

  /**
   * Backward from d(loss)/d(outputs) [N, 1 + codes] of the last forward. Fills every parameter's
   * gradient and returns them; with `toInput`, also d(loss)/d(images) [N, size, size, 1]
   * (the label planes' part dropped), else `dImages` is null.
   */
  backward(
    dLogits: tf.Tensor,
    toInput: boolean,
  ): { grads: Map<string, tf.Tensor>; dImages: tf.Tensor4D | null } {
    let d = dLogits;
    // The first convolution (index 1) is the first layer with weights.
    const stop = toInput ? -1 : 1;
    for (let i = this.layers.length - 1; i > stop; i--) d = this.layers[i].backward(d);
    let dImages: tf.Tensor4D | null = null;
    if (toInput) {
      dImages = (
        this.inputChannels > 1 ? tf.slice(d, [0, 0, 0, 0], [-1, -1, -1, 1]) : d
      ) as tf.Tensor4D;
    } else {
      const first = this.layers[1];
      if (first.backwardParams) first.backwardParams(d);
      else first.backward(d);
    }
    const grads = new Map<string, tf.Tensor>();
    for (const layer of this.layers) for (const [name, g] of layer.grads) grads.set(name, g);
    return { grads, dImages };
  }

  /** Probabilities D(x) [N] that the images are real; kept, the caller disposes them. */
  realness(images: tf.Tensor, labels?: tf.Tensor): tf.Tensor1D {
    return tf.tidy(() =>
      tf.reshape(tf.sigmoid(tf.slice(this.forward(images, labels, false), [0, 0], [-1, 1])), [-1]),
    );
  }

  get parameterCount(): number {
    return countParameters(this.params);
  }

  dispose(): void {
    for (const layer of this.layers) layer.dispose();
  }
}
