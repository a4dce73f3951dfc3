/**
 * Random multi-scale convolutional features. Random-weight networks carry texture statistics
 * surprisingly well: Ustyuzhaninov et al. (2016, "Texture synthesis using shallow
 * convolutional networks with random filters") matched VGG's textures with one layer of
 * random filters at several sizes, and He, Wang & Hopcroft (2016, "A powerful generative
 * model using random weights for the deep image representation") did style transfer with an
 * untrained VGG whose weights were scaled right. No weights need to be trained or shipped.
 *
 * Ours is a small pyramid: at each scale a bank of random filters (He-scaled normal, each
 * filter's mean removed so flat colour alone does not fire it), ReLU, a tap, then 2x2 average
 * pooling down to the next scale, whose bank reads the last one's maps. With 3x3 filters the
 * taps see about 3, 8, 18 and 38 pixels: fine grain to broad strokes. Reflection padding keeps
 * the maps the image's size without a dark frame. The pixels are centred on 0 first.
 *
 * Tried here (texture synthesis from noise at 128x128, looked at): filters with their means
 * kept make blotches and lose the hatching's lines; zero-mean filters keep the strokes but
 * are blind to flat colour, so the image itself is a tap too (a Gram of its RGB values holds
 * the style's colours). Max pooling, or 2-4x the channels, did not look better and cost more.
 */
import * as tf from '@tensorflow/tfjs-core';
import { FixedConvolution } from '../../nn/layers/fixed-convolution';
import { KernelPooling } from '../../nn/layers/kernel-pooling';
import type { Layer } from '../../nn/layers/layer';
import { ReflectionPad } from '../../nn/layers/reflection-pad';
import { Relu } from '../../nn/layers/relu';
import { Rng } from '../../nn/rng';
import { type InputAdapter, StagedFeatureNet } from './feature-net';

export interface RandomBank {
  /** Filter size k (k x k). */
  kernel: number;
  channels: number;
}

export interface RandomFeatureOptions {
  banks: RandomBank[];
  seed: number;
  pool?: 'avg' | 'max';
}

/** Four scales, 3x3 filters; sized for 256x256 on wasm (see gatys.ts for the timings). */
export const DEFAULT_RANDOM_BANKS: readonly RandomBank[] = [
  { kernel: 3, channels: 32 },
  { kernel: 3, channels: 48 },
  { kernel: 3, channels: 64 },
  { kernel: 3, channels: 96 },
];

/** x -> 2x - 1: the image centred on 0, as the random filters have no bias to do it. */
const CENTRE: InputAdapter = {
  forward: (image) => tf.sub(tf.mul(image, 2), 1) as tf.Tensor4D,
  backward: (d) => tf.mul(d, 2) as tf.Tensor4D,
};

/** A random filter bank [k, k, C_in, C_out]: normal, He-scaled, each filter's mean removed. */
function randomFilter(rng: Rng, k: number, cin: number, cout: number): Float32Array {
  const fan = k * k * cin;
  const w = rng.normalArray(fan * cout, Math.sqrt(2 / fan));
  for (let o = 0; o < cout; o++) {
    let mean = 0;
    for (let i = 0; i < fan; i++) mean += w[i * cout + o];
    mean /= fan;
    for (let i = 0; i < fan; i++) w[i * cout + o] -= mean;
  }
  return w;
}

export function randomFeatureNet(
  options: RandomFeatureOptions = { banks: [...DEFAULT_RANDOM_BANKS], seed: 0 },
): StagedFeatureNet {
  const { banks, seed, pool = 'avg' } = options;
  if (banks.length === 0) throw new Error('random features need at least one bank');
  const rng = new Rng(seed);
  let cin = 3;
  const stages = banks.map((bank, i): Layer[] => {
    if (!Number.isInteger(bank.kernel) || bank.kernel < 1 || bank.kernel % 2 === 0)
      throw new Error(
        `random bank ${i + 1}: the kernel must be an odd integer, got ${bank.kernel}`,
      );
    const layers: Layer[] = i > 0 ? [new KernelPooling(2, 2, 2, 0, pool)] : [];
    const filter = tf.tensor4d(randomFilter(rng, bank.kernel, cin, bank.channels), [
      bank.kernel,
      bank.kernel,
      cin,
      bank.channels,
    ]);
    const bias = tf.zeros([bank.channels]);
    const conv = new FixedConvolution(filter, bias);
    filter.dispose();
    bias.dispose();
    if (bank.kernel > 1) layers.push(new ReflectionPad((bank.kernel - 1) / 2));
    layers.push(conv, new Relu());
    cin = bank.channels;
    return layers;
  });
  const n = banks.length;
  return new StagedFeatureNet({
    name: 'random',
    description: `random filters, seed ${seed}: ${banks.map((b) => `${b.kernel}x${b.kernel}x${b.channels}`).join(', ')} at scales 1..1/${2 ** (n - 1)}`,
    adapter: CENTRE,
    stages,
    stageTaps: banks.map((_, i) => `scale${i + 1}`),
    pixelTap: true,
    // Taps: rgb, scale1..scaleN. Content from the second-deepest scale (layout without the
    // finest grain); style from the colours and every scale.
    contentTaps: [Math.max(1, n - 1)],
    styleTaps: [0, ...banks.map((_, i) => i + 1)],
  });
}
