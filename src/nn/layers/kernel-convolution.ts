/**
 * KernelConvolution: the book's Convolution (convolution.ts) with the same parameters, the same
 * forward and the same hand-derived backward, but each product done by the backend's conv2d
 * kernel (XNNPACK on wasm) instead of im2col's gathers and a matrix product:
 *
 *   forward  out = x ⋆ W + b                                   (fused conv2d)
 *   dx       full correlation of dout with W flipped in space, channels swapped
 *            (stride 1: conv2d of dout padded by FH-1-P; other strides: conv2dTranspose)
 *   dW       correlation of x with dout, the batch playing the part of channels
 *            (filter-gradient.ts: one conv2d, as wasm has no Conv2DBackpropFilter kernel)
 *   db       Σ dout over batch and space
 *
 * Several times faster on wasm (SimpleConvNet at batch 100: see bench/train); tests hold it
 * equal to the im2col layer and to tf.grads of tf.conv2d.
 *
 * The kernels work in NHWC. With layout 'NHWC' (what the nets use inside, see conv-stack.ts)
 * input and output are [N, H, W, C] / [N, OH, OW, FN]; with 'NCHW' the layer stands in for
 * Convolution anywhere, transposing around the kernels. Weights stay [FN, C, FH, FW] as in the
 * book either way (only they are rearranged per call: a few thousand values), so saved models
 * load on either path.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkConvInput, convParams } from './conv-shape';
import { DerivedWeight } from './derived-weight';
import { filterGradientNHWC } from './filter-gradient';
import { cached, type Layer, type NamedParam } from './layer';
import { type Layout, toChannelsFirst, toChannelsLast } from './layout';
import { columnSum } from './reductions';

export class KernelConvolution implements Layer {
  readonly kind = 'Convolution';
  readonly params: ReadonlyMap<string, tf.Variable>;
  readonly grads = new Map<string, tf.Tensor>();
  readonly state: ReadonlyMap<string, tf.Variable> = new Map();
  /** The filter in the kernels' layout [FH, FW, C, FN], made again only when W changes. */
  private readonly nhwcFilter = new DerivedWeight(toFilter);
  /** The last input in NHWC, for dW (and its shape for dx). */
  private x: tf.Tensor4D | null = null;

  constructor(
    readonly W: NamedParam,
    readonly b: NamedParam,
    readonly stride = 1,
    readonly pad = 0,
    readonly layout: Layout = 'NCHW',
  ) {
    this.params = convParams(W, b);
    // Made now, so the tensors a net holds are all there from its construction on.
    this.nhwcFilter.of(W.value);
  }

  forward(x: tf.Tensor): tf.Tensor {
    checkConvInput(x, this.W, this.stride, this.pad, this.layout);
    this.x = this.toNHWC(x);
    // The fused kernel adds the bias in the same pass over the output.
    const out = tf.fused.conv2d({
      x: this.x,
      filter: this.nhwcFilter.of(this.filter),
      strides: this.stride,
      pad: spatialPad(this.pad),
      bias: this.b.value,
    });
    return this.fromNHWC(out);
  }

  backward(dout: tf.Tensor): tf.Tensor {
    const d = this.toNHWC(dout);
    this.fillGrads(d);
    const x = cached(this.x, this.kind, 'input');
    return this.fromNHWC(backwardInput(d, this.filter, x.shape, this.stride, this.pad));
  }

  backwardParams(dout: tf.Tensor): void {
    this.fillGrads(this.toNHWC(dout));
  }

  /** db and dW from dout [N, OH, OW, FN]. */
  private fillGrads(dout: tf.Tensor4D): void {
    const x = cached(this.x, this.kind, 'input');
    const W = this.filter;
    // db as a column sum of dout-rows [N*OH*OW, FN] (reductions.ts: not ones · dout-rows,
    // whose fresh right operand wasm's matMul packs at every step).
    this.grads.set(this.b.name, columnSum(tf.reshape(dout, [-1, W.shape[0]])));
    this.grads.set(this.W.name, backwardFilter(x, dout, W, this.stride, this.pad));
  }

  private get filter(): tf.Tensor4D {
    return this.W.value as tf.Tensor4D;
  }

  private toNHWC(t: tf.Tensor): tf.Tensor4D {
    return this.layout === 'NHWC' ? (t as tf.Tensor4D) : toChannelsLast(t);
  }

  private fromNHWC(t: tf.Tensor4D): tf.Tensor {
    return this.layout === 'NHWC' ? t : toChannelsFirst(t);
  }

  dispose(): void {
    this.nhwcFilter.dispose();
    this.W.value.dispose();
    this.b.value.dispose();
  }
}

type Pads = [[number, number], [number, number], [number, number], [number, number]];

const spatialPad = (p: number): Pads => [
  [0, 0],
  [p, p],
  [p, p],
  [0, 0],
];

/** [FN, C, FH, FW] -> conv2d's filter layout [FH, FW, C, FN]. */
const toFilter = (W: tf.Tensor) => tf.transpose(W, [2, 3, 1, 0]) as tf.Tensor4D;

/** d(loss)/dx [N, H, W, C] from dout [N, OH, OW, FN]. */
function backwardInput(
  dout: tf.Tensor4D,
  W: tf.Tensor4D,
  inputShape: [number, number, number, number],
  stride: number,
  pad: number,
): tf.Tensor4D {
  const [, , fh, fw] = W.shape;
  if (stride === 1 && pad <= fh - 1 && pad <= fw - 1 && fh === fw) {
    // Full correlation: pad dout by FH-1-P, flip the filter in space, swap in/out channels.
    // W flipped in space: each [FH·FW] row of taps times the reversal (exact: one 1 a column).
    // wasm's Reverse walks every index (~2.5 ms for 64x64x3x3); this product takes ~0.5.
    const [fn, c] = W.shape;
    const rows = tf.matMul(tf.reshape(W, [fn * c, fh * fw]), antiIdentity(fh * fw));
    const flipped = tf.transpose(tf.reshape(rows, W.shape), [2, 3, 0, 1]) as tf.Tensor4D; // [FH, FW, FN, C]
    return tf.conv2d(dout, flipped, 1, spatialPad(fh - 1 - pad));
  }
  return tf.conv2dTranspose(dout, toFilter(W), inputShape, stride, spatialPad(pad));
}

/** d(loss)/dW [FN, C, FH, FW] from x [N, H, W, C] and dout [N, OH, OW, FN]. */
function backwardFilter(
  x: tf.Tensor4D,
  dout: tf.Tensor4D,
  W: tf.Tensor4D,
  stride: number,
  pad: number,
): tf.Tensor4D {
  const [, , fh, fw] = W.shape;
  const dK = filterGradientNHWC(x, dout, fh, fw, stride, pad); // [FH, FW, C, FN]
  return tf.transpose(dK, [3, 2, 0, 1]) as tf.Tensor4D;
}

/** The k x k matrix with ones on the anti-diagonal: a row times it comes out reversed. */
function antiIdentity(k: number): tf.Tensor2D {
  const values = new Float32Array(k * k);
  for (let i = 0; i < k; i++) values[i * k + (k - 1 - i)] = 1;
  return tf.tensor2d(values, [k, k]);
}
