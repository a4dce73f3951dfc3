/**
 * A convolution whose weights never train (NHWC, stride 1, no padding: put a ReflectionPad in
 * front for same-size maps): the feature extractors of Gatys-style optimisation, where only
 * the image changes and the gradient wanted is d(loss)/d(image). Backward therefore returns dx
 * alone; KernelConvolution's backward would also make dW, a filter gradient that costs as
 * much as the forward and that no one reads. The same maths as KernelConvolution's dx:
 *
 *   forward  out = x ⋆ K + b            (valid correlation, fused bias)
 *   dx           = dout padded by KH-1, correlated with K flipped in space, in/out swapped
 *
 * K is [KH, KW, C_in, C_out] (tfjs's conv2d layout), b is [C_out]; both are copied and owned
 * by the layer, which keeps the flipped filter too (made once, not per step).
 */
import * as tf from '@tensorflow/tfjs-core';
import { cached, StatelessLayer } from './layer';

export class FixedConvolution extends StatelessLayer {
  readonly kind = 'FixedConvolution';
  readonly filter: tf.Tensor4D;
  readonly bias: tf.Tensor1D;
  /** K reversed in space with its channel axes swapped: [KH, KW, C_out, C_in]. */
  private readonly flipped: tf.Tensor4D;
  /** [H, W] of the last input, to check backward's dout against. */
  private size: [number, number] | null = null;

  constructor(filter: tf.Tensor, bias: tf.Tensor) {
    super();
    const [kh, kw, , out] = filter.shape;
    if (filter.rank !== 4 || kh !== kw)
      throw new Error(`FixedConvolution filter must be [K, K, C_in, C_out], got [${filter.shape}]`);
    if (bias.rank !== 1 || bias.shape[0] !== out)
      throw new Error(`FixedConvolution bias must be [${out}], got [${bias.shape}]`);
    this.filter = tf.keep(tf.clone(filter)) as tf.Tensor4D;
    this.bias = tf.keep(tf.clone(bias)) as tf.Tensor1D;
    this.flipped = tf.tidy(() =>
      tf.keep(tf.transpose(tf.reverse(this.filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D),
    );
  }

  get kernelSize(): number {
    return this.filter.shape[0];
  }

  forward(x: tf.Tensor): tf.Tensor {
    const [k, , c] = this.filter.shape;
    const [, h, w, xc] = x.shape as [number, number, number, number];
    if (x.rank !== 4 || xc !== c || h < k || w < k)
      throw new Error(
        `FixedConvolution (${k}x${k} over ${c} channels) expects [N, H >= ${k}, W >= ${k}, ${c}], got [${x.shape}]`,
      );
    this.size = [h, w];
    return tf.fused.conv2d({
      x: x as tf.Tensor4D,
      filter: this.filter,
      strides: 1,
      pad: 'valid',
      bias: this.bias,
    });
  }

  backward(dout: tf.Tensor): tf.Tensor {
    const [h, w] = cached(this.size, this.kind, 'input size');
    const p = this.kernelSize - 1;
    const expected = [h - p, w - p, this.filter.shape[3]];
    if (dout.rank !== 4 || dout.shape.slice(1).some((s, i) => s !== expected[i]))
      throw new Error(`FixedConvolution backward expects [N, ${expected}], got [${dout.shape}]`);
    return tf.conv2d(dout as tf.Tensor4D, this.flipped, 1, [
      [0, 0],
      [p, p],
      [p, p],
      [0, 0],
    ]);
  }

  override dispose(): void {
    this.filter.dispose();
    this.bias.dispose();
    this.flipped.dispose();
  }
}
