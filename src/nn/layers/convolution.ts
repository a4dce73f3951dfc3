import * as tf from '@tensorflow/tfjs-core';
import { checkConvInput, convParams } from './conv-shape';
import { Im2Col } from './im2col';
import { cached, type Layer, type NamedParam } from './layer';
import { columnSum } from './reductions';

/**
 * Convolution (ch. 7.4.3), the book's way: im2col, then one matrix product; col2im for dx.
 * W is [FN, C, FH, FW], b is [FN]; input [N, C, H, W], output [N, FN, OH, OW]. The reference:
 * KernelConvolution (kernel-convolution.ts) is the same layer through the backend's conv2d,
 * and tests hold the two equal.
 */
export class Convolution implements Layer {
  readonly kind = 'Convolution';
  readonly params: ReadonlyMap<string, tf.Variable>;
  readonly grads = new Map<string, tf.Tensor>();
  readonly state: ReadonlyMap<string, tf.Variable> = new Map();
  /** The book's layout; KernelConvolution can also run NHWC. */
  readonly layout = 'NCHW';
  /** im2col's index tables for the last input size (kept across steps; freed by dispose). */
  private tables: Im2Col | null = null;
  /** The book's self.x: only its shape is needed, for col2im. */
  private inputShape: number[] | null = null;
  /** The book's self.col: im2col of the last input, for dW. */
  private col: tf.Tensor2D | null = null;
  /** The book's self.col_W (untransposed): W as rows [FN, C*FH*FW], for dx. */
  private colW: tf.Tensor2D | null = null;

  constructor(
    readonly W: NamedParam,
    readonly b: NamedParam,
    readonly stride = 1,
    readonly pad = 0,
  ) {
    this.params = convParams(W, b);
  }

  forward(x: tf.Tensor): tf.Tensor {
    checkConvInput(x, this.W, this.stride, this.pad, 'NCHW');
    const tables = this.im2colFor(x);
    const [n] = x.shape;
    const fn = this.W.value.shape[0];
    this.inputShape = x.shape;
    this.col = tables.im2col(x);
    this.colW = tf.reshape(this.W.value, [fn, -1]) as tf.Tensor2D;
    const out = tf.add(tf.matMul(this.col, tf.transpose(this.colW)), this.b.value);
    return tf.transpose(tf.reshape(out, [n, tables.oh, tables.ow, fn]), [0, 3, 1, 2]);
  }

  backward(dout: tf.Tensor): tf.Tensor {
    this.backwardParams(dout);
    const colW = cached(this.colW, this.kind, 'col_W');
    const dcol = tf.matMul(this.doutRows(dout), colW);
    const [n] = cached(this.inputShape, this.kind, 'input shape');
    return cached(this.tables, this.kind, 'index tables').col2im(dcol, n);
  }

  backwardParams(dout: tf.Tensor): void {
    const col = cached(this.col, this.kind, 'col');
    const d = this.doutRows(dout);
    this.grads.set(this.b.name, columnSum(d));
    this.grads.set(this.W.name, tf.reshape(tf.matMul(tf.transpose(d), col), this.W.value.shape));
  }

  /** dout [N, FN, OH, OW] as rows [N*OH*OW, FN], the layout of im2col's output. */
  private doutRows(dout: tf.Tensor): tf.Tensor2D {
    return tf.reshape(tf.transpose(dout, [0, 2, 3, 1]), [-1, this.W.value.shape[0]]) as tf.Tensor2D;
  }

  /** The index tables for this input size (built on first use, rebuilt if the size changes). */
  private im2colFor(x: tf.Tensor): Im2Col {
    const [, c, fh, fw] = this.W.value.shape;
    const [, , h, w] = x.shape;
    if (this.tables?.g.h === h && this.tables.g.w === w) return this.tables;
    this.tables?.dispose();
    this.tables = new Im2Col({ c, h, w, fh, fw, stride: this.stride, pad: this.pad });
    return this.tables;
  }

  dispose(): void {
    this.tables?.dispose();
    this.tables = null;
    this.W.value.dispose();
    this.b.value.dispose();
  }
}
