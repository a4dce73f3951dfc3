import { randomWeight, zerosWeight } from '../init';
import { Convolution } from '../layers/convolution';
import { KernelConvolution } from '../layers/kernel-convolution';
import { KernelPooling } from '../layers/kernel-pooling';
import type { Layer } from '../layers/layer';
import { LayoutChange } from '../layers/layout';
import { Pooling } from '../layers/pooling';
import type { Rng } from '../rng';
import { type ConvPath, DEFAULT_CONV_PATH } from './config';

/**
 * The conv and pool layers of a conv net, chosen by the net's `convPath` option, as the book's
 * MultiLayerNetExtend lists BatchNormalization or Dropout by its options:
 * - 'im2col': the book's Convolution and Pooling, all in NCHW;
 * - 'kernels': KernelConvolution and KernelPooling in NHWC, the stack entered by a ChannelsLast
 *   and left by a ChannelsFirst layer (layout.ts), so that activations are transposed twice per
 *   net instead of around every kernel.
 * Either way the layers hold the same parameters under the same names and shapes, drawn from
 * the generator in the same order: a seed, or a model file, gives the same net on both paths.
 */
export class ConvStack {
  constructor(readonly path: ConvPath = DEFAULT_CONV_PATH) {}

  /** Convolution number k: W{k} [FN, C, FH, FW] drawn from `rng` with `std`, b{k} zeros. */
  convolution(
    k: number,
    shape: [number, number, number, number],
    std: number,
    rng: Rng,
    stride: number,
    pad: number,
  ): Layer {
    const W = { name: `W${k}`, value: randomWeight(rng, shape, std) };
    const b = { name: `b${k}`, value: zerosWeight([shape[0]]) };
    return this.path === 'kernels'
      ? new KernelConvolution(W, b, stride, pad, 'NHWC')
      : new Convolution(W, b, stride, pad);
  }

  /** Max pooling over 2x2 windows, stride 2: the pool of both of the book's conv nets. */
  maxPool2x2(): Layer {
    return this.path === 'kernels' ? new KernelPooling(2, 2, 2, 0) : new Pooling(2, 2, 2, 0);
  }

  /** The conv/pool part of the net as its path runs it: in NHWC on the kernels path. */
  enclose(layers: Layer[]): Layer[] {
    if (this.path === 'im2col') return layers;
    return [new LayoutChange('NHWC'), ...layers, new LayoutChange('NCHW')];
  }
}

/** A convolution layer of either path (what the conv-filters figure looks for). */
export function isConvolution(layer: Layer): layer is Convolution | KernelConvolution {
  return layer instanceof Convolution || layer instanceof KernelConvolution;
}
