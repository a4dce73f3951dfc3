/**
 * Transposed convolution ("deconvolution"), the upsampling layer of FCN and of DCGAN's
 * generator. It is the backward of a convolution run forward: where a convolution with
 * filter K maps an [H, W, C] image to [OH, OW, O], the transposed one maps [OH, OW, O] back to
 * [H, W, C] by spreading each input value over a KHxKW window (stride S, padding P):
 *
 *   forward  y  = convᵀ(x, K)           H = (OH - 1)·S + KH - 2P
 *   dx          = conv(dout, K)          (the convolution it is the transpose of)
 *   dK          = filter gradient of that convolution with a = dout and dz = x
 *   db          = Σ dout over batch and space
 *
 * NHWC in and out. K is [KH, KW, C_out, C_in] (tfjs's conv2dTranspose layout: the filter of
 * the convolution being transposed), b is [C_out].
 */
import * as tf from '@tensorflow/tfjs-core';
import { filterGradientNHWC } from './filter-gradient';
import { cached, type Layer, type NamedParam } from './layer';
import { columnSum } from './reductions';

export class TransposedConvolution implements Layer {
  readonly kind = 'TransposedConvolution';
  readonly params: ReadonlyMap<string, tf.Variable>;
  readonly grads = new Map<string, tf.Tensor>();
  readonly state: ReadonlyMap<string, tf.Variable> = new Map();
  /** The last input [N, OH, OW, C_in], for dK. */
  private x: tf.Tensor4D | null = null;

  constructor(
    readonly W: NamedParam,
    readonly b: NamedParam,
    readonly stride = 2,
    readonly pad = 0,
  ) {
    const [kh, kw, out] = W.value.shape;
    if (W.value.rank !== 4)
      throw new Error(
        `TransposedConvolution ${W.name} must be [KH, KW, C_out, C_in], got [${W.value.shape}]`,
      );
    if (b.value.rank !== 1 || b.value.shape[0] !== out)
      throw new Error(`TransposedConvolution ${b.name} must be [${out}], got [${b.value.shape}]`);
    if (
      !Number.isInteger(stride) ||
      stride < 1 ||
      !Number.isInteger(pad) ||
      pad < 0 ||
      2 * pad >= Math.min(kh, kw)
    )
      throw new Error(
        `TransposedConvolution: stride ${stride} / pad ${pad} do not suit a ${kh}x${kw} filter`,
      );
    this.params = new Map([
      [W.name, W.value],
      [b.name, b.value],
    ]);
  }

  /** Output [H, W] for an input of [OH, OW]. */
  outputSize(h: number, w: number): [number, number] {
    const [kh, kw] = this.W.value.shape;
    return [(h - 1) * this.stride + kh - 2 * this.pad, (w - 1) * this.stride + kw - 2 * this.pad];
  }

  forward(x: tf.Tensor): tf.Tensor {
    const [, , out, inC] = this.W.value.shape;
    if (x.rank !== 4 || x.shape[3] !== inC)
      throw new Error(
        `TransposedConvolution ${this.W.name} expects [N, H, W, ${inC}], got [${x.shape}]`,
      );
    const x4 = x as tf.Tensor4D;
    this.x = x4;
    const [h, w] = this.outputSize(x4.shape[1], x4.shape[2]);
    const y = tf.conv2dTranspose(x4, this.filter, [x4.shape[0], h, w, out], this.stride, this.pads);
    return tf.add(y, this.b.value);
  }

  backward(dout: tf.Tensor): tf.Tensor {
    this.backwardParams(dout);
    return tf.conv2d(dout as tf.Tensor4D, this.filter, this.stride, this.pads);
  }

  backwardParams(dout: tf.Tensor): void {
    const x = cached(this.x, this.kind, 'input');
    const [kh, kw, out] = this.W.value.shape;
    const d = dout as tf.Tensor4D;
    this.grads.set(this.b.name, columnSum(tf.reshape(d, [-1, out])));
    this.grads.set(this.W.name, filterGradientNHWC(d, x, kh, kw, this.stride, this.pad));
  }

  private get filter(): tf.Tensor4D {
    return this.W.value as tf.Tensor4D;
  }

  private get pads(): [[number, number], [number, number], [number, number], [number, number]] {
    const p = this.pad;
    return [
      [0, 0],
      [p, p],
      [p, p],
      [0, 0],
    ];
  }

  dispose(): void {
    this.W.value.dispose();
    this.b.value.dispose();
  }
}
