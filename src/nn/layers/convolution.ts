import * as tf from '@tensorflow/tfjs-core';
import { Im2Col } from './im2col';
import { cached, type Layer, type NamedParam } from './layer';

/**
 * Convolution by im2col and one matrix product (ch. 7.4.3). W is [FN, C, FH, FW], b is [FN];
 * input [N, C, H, W], output [N, FN, OH, OW].
 */
export class Convolution implements Layer {
  readonly kind = 'Convolution';
  readonly params: ReadonlyMap<string, tf.Variable>;
  readonly grads = new Map<string, tf.Tensor>();
  readonly state: ReadonlyMap<string, tf.Variable> = new Map();
  private tables: Im2Col | null = null;
  private inputShape: number[] | null = null;
  /** im2col of the last input, kept for dW. */
  private col: tf.Tensor2D | null = null;

  constructor(
    readonly W: NamedParam,
    readonly b: NamedParam,
    readonly stride = 1,
    readonly pad = 0,
  ) {
    if (W.value.rank !== 4)
      throw new Error(`Convolution ${W.name} must be [FN, C, FH, FW], got [${W.value.shape}]`);
    if (b.value.rank !== 1 || b.value.shape[0] !== W.value.shape[0]) {
      throw new Error(
        `Convolution ${b.name} must have shape [${W.value.shape[0]}], got [${b.value.shape}]`,
      );
    }
    this.params = new Map([
      [W.name, W.value],
      [b.name, b.value],
    ]);
  }

  /** The index tables for this input size (built on first use, rebuilt if the size changes). */
  private im2colFor(x: tf.Tensor): Im2Col {
    const [fn, c, fh, fw] = this.W.value.shape;
    if (x.rank !== 4 || x.shape[1] !== c) {
      throw new Error(
        `Convolution ${this.W.name} (${fn} filters over ${c} channels) expects [N, ${c}, H, W], got [${x.shape}]`,
      );
    }
    const [, , h, w] = x.shape;
    const t = this.tables;
    if (t && t.g.h === h && t.g.w === w) return t;
    t?.dispose();
    this.tables = new Im2Col({ c, h, w, fh, fw, stride: this.stride, pad: this.pad });
    return this.tables;
  }

  forward(x: tf.Tensor): tf.Tensor {
    const tables = this.im2colFor(x);
    const fn = this.W.value.shape[0];
    const n = x.shape[0];
    this.inputShape = x.shape;
    this.col = tables.im2col(x);
    const colW = tf.reshape(this.W.value, [fn, -1]) as tf.Tensor2D;
    const out = tf.add(tf.matMul(this.col, colW, false, true), this.b.value);
    return tf.transpose(tf.reshape(out, [n, tables.oh, tables.ow, fn]), [0, 3, 1, 2]);
  }

  backward(dout: tf.Tensor): tf.Tensor {
    const col = cached(this.col, this.kind, 'col');
    const tables = cached(this.tables, this.kind, 'index tables');
    const n = cached(this.inputShape, this.kind, 'input shape')[0];
    const fn = this.W.value.shape[0];
    const d = tf.reshape(tf.transpose(dout, [0, 2, 3, 1]), [-1, fn]) as tf.Tensor2D;
    this.grads.set(this.b.name, tf.sum(d, 0));
    this.grads.set(this.W.name, tf.reshape(tf.matMul(d, col, true, false), this.W.value.shape));
    const colW = tf.reshape(this.W.value, [fn, -1]) as tf.Tensor2D;
    const dcol = tf.matMul(d, colW);
    return tables.col2im(dcol, n);
  }

  dispose(): void {
    this.tables?.dispose();
    this.tables = null;
    this.W.value.dispose();
    this.b.value.dispose();
  }
}
