import * as tf from '@tensorflow/tfjs-core';
import { Im2Col } from './im2col';
import { cached, StatelessLayer } from './layer';

export type PoolMode = 'max' | 'avg';

/**
 * Pooling (ch. 7.4.4), the book's way: im2col makes each window a row, then a max (or mean) over
 * the row. Max pooling's backward routes dout to the argmax of each window (the first max on a
 * tie); average pooling spreads it evenly; col2im puts the rows back. Zero padding is counted in
 * the window, as in the book. Input and output are NCHW. KernelPooling (kernel-pooling.ts) is
 * the same layer through the backend's pooling kernels, and tests hold the two equal.
 */
export class Pooling extends StatelessLayer {
  readonly kind: string;
  /** im2col's index tables for one channel (channels are folded into the batch). */
  private tables: Im2Col | null = null;
  /** The book's self.x: only its shape is needed, for col2im. */
  private inputShape: number[] | null = null;
  /** The book's self.arg_max: position of the max in each window (max mode). */
  private argMax: tf.Tensor | null = null;

  constructor(
    readonly poolH: number,
    readonly poolW: number,
    readonly stride = poolH,
    readonly pad = 0,
    readonly mode: PoolMode = 'max',
  ) {
    super();
    this.kind = mode === 'max' ? 'MaxPooling' : 'AvgPooling';
  }

  forward(x: tf.Tensor): tf.Tensor {
    if (x.rank !== 4) throw new Error(`Pooling expects [N, C, H, W], got [${x.shape}]`);
    const [n, c, h, w] = x.shape;
    const tables = this.im2colFor(h, w);
    this.inputShape = x.shape;
    // Channels folded into the batch, [N*C, 1, H, W]: one window a row, [N*C*OH*OW, PH*PW].
    const col = tables.im2col(tf.reshape(x, [n * c, 1, h, w]));
    if (this.mode === 'max') this.argMax = tf.argMax(col, 1);
    const out = this.mode === 'max' ? tf.max(col, 1) : tf.mean(col, 1);
    return tf.reshape(out, [n, c, tables.oh, tables.ow]);
  }

  backward(dout: tf.Tensor): tf.Tensor {
    const [n, c, h, w] = cached(this.inputShape, this.kind, 'input shape');
    const poolSize = this.poolH * this.poolW;
    const d = tf.reshape(dout, [-1, 1]);
    let dcol: tf.Tensor;
    if (this.mode === 'max') {
      // The book's dmax: dout at each window's argmax. A cast, not oneHot's dtype argument:
      // wasm's OneHot writes int32 bits into a float32 output.
      const argMax = cached(this.argMax, this.kind, 'argmax');
      dcol = tf.mul(tf.cast(tf.oneHot(argMax, poolSize), 'float32'), d);
    } else {
      dcol = tf.tile(tf.div(d, poolSize), [1, poolSize]);
    }
    const tables = cached(this.tables, this.kind, 'index tables');
    return tf.reshape(tables.col2im(dcol, n * c), [n, c, h, w]);
  }

  /** The one-channel tables for this input size (built on first use, rebuilt if it changes). */
  private im2colFor(h: number, w: number): Im2Col {
    if (this.tables?.g.h === h && this.tables.g.w === w) return this.tables;
    this.tables?.dispose();
    const { poolH: fh, poolW: fw, stride, pad } = this;
    this.tables = new Im2Col({ c: 1, h, w, fh, fw, stride, pad });
    return this.tables;
  }

  override dispose(): void {
    this.tables?.dispose();
    this.tables = null;
  }
}
