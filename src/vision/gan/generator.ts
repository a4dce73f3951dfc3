/**
 * DCGAN's generator (gan-config.ts draws it) as a net in the book's shape: a list of layers,
 * forward through them, backward in reverse. Its backward starts from d(loss)/d(image), which
 * the discriminator's backward hands it (gan-step.ts): the generator has no loss of its own.
 *
 * Weights are drawn as DCGAN's paper says: normal(0, 0.02), batch norm's γ = 1 and β = 0.
 */
import * as tf from '@tensorflow/tfjs-core';
import { onesWeight, randomWeight, zerosWeight } from '../../nn/init';
import { Affine } from '../../nn/layers/affine';
import { ChannelBatchNormalization } from '../../nn/layers/channel-batch-normalization';
import type { Layer } from '../../nn/layers/layer';
import { PhaseTransposedConvolution } from '../../nn/layers/phase-transposed-convolution';
import { Relu } from '../../nn/layers/relu';
import { Reshape } from '../../nn/layers/reshape';
import { Tanh } from '../../nn/layers/tanh';
import { countParameters } from '../../nn/nets/parameter-count';
import type { Rng } from '../../nn/rng';
import type { GanConfig } from './gan-config';
import { checkLabels, type GanInput, oneHot } from './gan-input';
import { noiseWidth } from './latent';

/** DCGAN's initial weight scale. */
export const DCGAN_INIT_STD = 0.02;

function batchNorm(name: string, channels: number): ChannelBatchNormalization {
  return new ChannelBatchNormalization(
    { name: `Ggamma${name}`, value: onesWeight([channels]) },
    { name: `Gbeta${name}`, value: zerosWeight([channels]) },
    { name: `Grunning_mean${name}`, value: zerosWeight([channels]) },
    { name: `Grunning_var${name}`, value: onesWeight([channels]) },
  );
}

/** A 4x4 transposed convolution, stride 2, pad 1 (doubles the size), on stride-1 kernels. */
function upsample(name: string, inC: number, outC: number, rng: Rng): PhaseTransposedConvolution {
  return new PhaseTransposedConvolution(
    { name: `GW${name}`, value: randomWeight(rng, [4, 4, outC, inC], DCGAN_INIT_STD) },
    { name: `Gb${name}`, value: zerosWeight([outC]) },
  );
}

export class Generator {
  readonly layers: Layer[];
  /** Trainable parameters (names start with G). */
  readonly params = new Map<string, tf.Variable>();
  /** Batch norm's running statistics: saved with the weights, used when sampling. */
  readonly state = new Map<string, tf.Variable>();

  constructor(
    readonly config: GanConfig,
    rng: Rng,
  ) {
    const s = config.imageSize / 4;
    const [g1, g2] = config.generator;
    const inputs = noiseWidth(config) + config.classes;
    this.layers = [
      new Affine(
        { name: 'GW1', value: randomWeight(rng, [inputs, s * s * g1], DCGAN_INIT_STD) },
        { name: 'Gb1', value: zerosWeight([s * s * g1]) },
      ),
      new Reshape([s, s, g1]),
      batchNorm('1', g1),
      new Relu(),
      upsample('2', g1, g2, rng),
      batchNorm('2', g2),
      new Relu(),
      upsample('3', g2, 1, rng),
      new Tanh(),
    ];
    for (const layer of this.layers) {
      for (const [name, p] of layer.params) this.params.set(name, p);
      for (const [name, v] of layer.state) this.state.set(name, v);
    }
  }

  /**
   * Images [N, size, size, 1] in [-1, 1] from noise z [N, noiseWidth] (and int32 labels [N]
   * for a conditional net). `train` normalises with the batch's statistics (and updates the running
   * ones); otherwise with the running statistics, so one sample does not depend on the others.
   */
  forward(input: GanInput, train: boolean): tf.Tensor4D {
    const { z, labels } = input;
    const { classes } = this.config;
    const width = noiseWidth(this.config);
    if (z.rank !== 2 || z.shape[1] !== width)
      throw new Error(`generator takes noise [N, ${width}], got [${z.shape}]`);
    checkLabels(labels, classes, z.shape[0], 'generator');
    let y: tf.Tensor = labels && classes > 0 ? tf.concat([z, oneHot(labels, classes)], 1) : z;
    for (const layer of this.layers) y = layer.forward(y, train);
    return y as tf.Tensor4D;
  }

  /**
   * Backward from d(loss)/d(images) [N, size, size, 1] of the last forward: fills and returns
   * every parameter's gradient (nobody needs d(loss)/dz, so the first layer skips it).
   */
  backward(dImages: tf.Tensor): Map<string, tf.Tensor> {
    let d = dImages;
    for (let i = this.layers.length - 1; i > 0; i--) d = this.layers[i].backward(d);
    const first = this.layers[0];
    if (first.backwardParams) first.backwardParams(d);
    else first.backward(d);
    const grads = new Map<string, tf.Tensor>();
    for (const layer of this.layers) for (const [name, g] of layer.grads) grads.set(name, g);
    return grads;
  }

  /** Images for inference (running statistics), kept; the caller disposes them. */
  generate(input: GanInput): tf.Tensor4D {
    return tf.tidy(() => this.forward(input, false));
  }

  get parameterCount(): number {
    return countParameters(this.params);
  }

  dispose(): void {
    for (const layer of this.layers) layer.dispose();
  }
}
