import * as tf from '@tensorflow/tfjs-core';
import { Im2Col } from './im2col';
import { cached, StatelessLayer } from './layer';

export type PoolMode = 'max' | 'avg';

/**
 * Pooling by im2col (ch. 7.4.4): each window becomes a row, then a max (or mean) over the row.
 * Max pooling's backward routes dout to the argmax of each window; average pooling spreads it
 * evenly. Zero padding is counted in the window, as in the book.
 */
export class Pooling extends StatelessLayer {
  readonly kind: string;
  private tables: Im2Col | null = null;
  private inputShape: number[] | null = null;
  /** Position of the max in each window (max mode). */
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

  private im2colFor(x: tf.Tensor): Im2Col {
    if (x.rank !== 4) throw new Error(`Pooling expects [N, C, H, W], got [${x.shape}]`);
    const [, , h, w] = x.shape;
    const t = this.tables;
    // One-channel tables: channels are folded into the batch, so a window never mixes channels.
    if (t && t.g.h === h && t.g.w === w) return t;
    t?.dispose();
    this.tables = new Im2Col({
      c: 1,
      h,
      w,
      fh: this.poolH,
      fw: this.poolW,
      stride: this.stride,
      pad: this.pad,
    });
    return this.tables;
  }

  forward(x: tf.Tensor): tf.Tensor {
    const tables = this.im2colFor(x);
    const [n, c, h, w] = x.shape;
    this.inputShape = x.shape;
    // [N*C, 1, H, W] -> rows [N*C*OH*OW, PH*PW]
    const col = tables.im2col(tf.reshape(x, [n * c, 1, h, w]));
    let out: tf.Tensor;
    if (this.mode === 'max') {
      this.argMax = tf.argMax(col, 1);
      out = tf.max(col, 1);
    } else {
      out = tf.mean(col, 1);
    }
    return tf.reshape(out, [n, c, tables.oh, tables.ow]);
  }

  backward(dout: tf.Tensor): tf.Tensor {
    const tables = cached(this.tables, this.kind, 'index tables');
    const [n, c, h, w] = cached(this.inputShape, this.kind, 'input shape');
    const poolSize = this.poolH * this.poolW;
    const d = tf.reshape(dout, [-1, 1]);
    const dcol =
      this.mode === 'max'
        ? tf.mul(
            tf.cast(tf.oneHot(cached(this.argMax, this.kind, 'argmax'), poolSize), 'float32'),
            d,
          )
        : tf.tile(tf.div(d, poolSize), [1, poolSize]);
    return tf.reshape(tables.col2im(dcol, n * c), [n, c, h, w]);
  }

  override dispose(): void {
    this.tables?.dispose();
    this.tables = null;
  }
}
