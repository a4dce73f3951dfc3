import * as tf from '@tensorflow/tfjs-core';
import { convOutputSize, Im2Col } from './im2col';
import { cached, StatelessLayer } from './layer';
import type { Layout } from './layout';

export type PoolMode = 'max' | 'avg';

/**
 * Pooling by im2col (ch. 7.4.4): each window becomes a row, then a max (or mean) over the row.
 * Max pooling's backward routes dout to the argmax of each window; average pooling spreads it
 * evenly. Zero padding is counted in the window, as in the book.
 *
 * With layout 'NHWC' (what the nets use between convolutions, see layout.ts), max pooling
 * with disjoint windows (stride = window: the nets' 2x2/2) takes its rows by a reshape and a
 * transpose, as the book's im2col would lay them out; other windows, and average pooling, use
 * the backend's pooling kernels and their MaxPoolGrad/AvgPoolGrad: the same routing of dout,
 * written out in C++. Padding is not offered there, because the kernels pad max pooling with
 * -inf, not with the book's zeros.
 */
export class Pooling extends StatelessLayer {
  readonly kind: string;
  private tables: Im2Col | null = null;
  private inputShape: number[] | null = null;
  /** Position of the max in each window (max mode). */
  private argMax: tf.Tensor | null = null;
  /** NHWC: the last input and output, which the pooling-gradient kernels take. */
  private x: tf.Tensor4D | null = null;
  private out: tf.Tensor4D | null = null;

  constructor(
    readonly poolH: number,
    readonly poolW: number,
    readonly stride = poolH,
    readonly pad = 0,
    readonly mode: PoolMode = 'max',
    readonly layout: Layout = 'NCHW',
  ) {
    super();
    this.kind = mode === 'max' ? 'MaxPooling' : 'AvgPooling';
    if (layout === 'NHWC' && pad !== 0)
      throw new Error('Pooling in NHWC layout takes no padding (use NCHW for padded pooling)');
  }

  private get kernelAttrs() {
    return {
      filterSize: [this.poolH, this.poolW] as [number, number],
      strides: [this.stride, this.stride] as [number, number],
      pad: 'valid' as const,
    };
  }

  private forwardNHWC(x: tf.Tensor4D): tf.Tensor4D {
    const [n, h, w, c] = x.shape;
    const { oh, ow } = convOutputSize({
      c,
      h,
      w,
      fh: this.poolH,
      fw: this.poolW,
      stride: this.stride,
      pad: 0,
    });
    this.inputShape = x.shape;
    if (this.mode === 'max' && this.disjoint) {
      const rows = this.windowRowsNHWC(x, oh, ow);
      this.argMax = tf.argMax(rows, 1);
      return tf.reshape(tf.max(rows, 1), [n, oh, ow, c]);
    }
    const { filterSize, strides } = this.kernelAttrs;
    const out =
      this.mode === 'max'
        ? tf.maxPool(x, filterSize, strides, 'valid')
        : tf.avgPool(x, filterSize, strides, 'valid');
    this.x = x;
    this.out = out;
    return out;
  }

  /**
   * Windows that neither overlap nor leave gaps (stride = window, no pad; convOutputSize
   * has checked that they tile the input): each is a reshape
   * and a transpose away from being a row [N*OH*OW*C, PH*PW], so max pooling is a row max
   * and an argmax, and its backward a one-hot scatter. On wasm this is ~5x faster than the
   * MaxPoolGrad kernel (SimpleConvNet, batch 100: ~20 ms against ~100 ms).
   */
  private get disjoint(): boolean {
    return this.stride === this.poolH && this.stride === this.poolW;
  }

  /** [N, H, W, C] -> rows [N*OH*OW*C, PH*PW], one window a row (windows tile the input). */
  private windowRowsNHWC(x: tf.Tensor4D, oh: number, ow: number): tf.Tensor {
    const [n, , , c] = x.shape;
    const { poolH: ph, poolW: pw } = this;
    // [N*OH, PH, OW, PW, C] -> [N*OH, OW, C, PH, PW]
    const grouped = tf.transpose(tf.reshape(x, [n * oh, ph, ow, pw, c]), [0, 2, 4, 1, 3]);
    return tf.reshape(grouped, [n * oh * ow * c, ph * pw]);
  }

  /** The adjoint of `windowRowsNHWC`: rows [N*OH*OW*C, PH*PW] -> [N, H, W, C]. */
  private unwindowRowsNHWC(dcol: tf.Tensor, [n, h, w, c]: number[]): tf.Tensor {
    const { poolH: ph, poolW: pw } = this;
    const grouped = tf.transpose(
      tf.reshape(dcol, [n * (h / ph), w / pw, c, ph, pw]),
      [0, 3, 1, 4, 2],
    );
    return tf.reshape(grouped, [n, h, w, c]);
  }

  private backwardNHWC(dout: tf.Tensor): tf.Tensor {
    if (this.mode === 'max' && this.disjoint) {
      const shape = cached(this.inputShape, this.kind, 'input shape');
      const argMax = cached(this.argMax, this.kind, 'argmax');
      const dcol = tf.mul(
        tf.cast(tf.oneHot(argMax, this.poolH * this.poolW), 'float32'),
        tf.reshape(dout, [-1, 1]),
      );
      return this.unwindowRowsNHWC(dcol, shape);
    }
    const input = cached(this.x, this.kind, 'input');
    const dy = dout as tf.Tensor4D;
    if (this.mode === 'max') {
      const output = cached(this.out, this.kind, 'output');
      return tf.engine().runKernel('MaxPoolGrad', { dy, input, output }, { ...this.kernelAttrs });
    }
    return tf.engine().runKernel('AvgPoolGrad', { dy, input }, { ...this.kernelAttrs });
  }

  private im2colFor(x: tf.Tensor): Im2Col {
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

  /**
   * True when windows tile the input exactly (stride = window, no pad): then the rows of the
   * col matrix are a reshape and a transpose away, much cheaper than im2col's gather (wasm,
   * SimpleConvNet's 2x2 pool, batch 100: ~15 ms against ~90 ms).
   */
  private tiles(h: number, w: number): boolean {
    return (
      this.pad === 0 &&
      this.stride === this.poolH &&
      this.stride === this.poolW &&
      h % this.poolH === 0 &&
      w % this.poolW === 0
    );
  }

  /** [N, C, H, W] -> rows [N*C*OH*OW, PH*PW], one window a row. */
  private windows(x: tf.Tensor): { col: tf.Tensor; oh: number; ow: number } {
    const [n, c, h, w] = x.shape as [number, number, number, number];
    if (this.tiles(h, w)) {
      const { poolH: ph, poolW: pw } = this;
      const oh = h / ph;
      const ow = w / pw;
      const grouped = tf.transpose(tf.reshape(x, [n, c, oh, ph, ow, pw]), [0, 1, 2, 4, 3, 5]);
      return { col: tf.reshape(grouped, [n * c * oh * ow, ph * pw]), oh, ow };
    }
    const tables = this.im2colFor(x);
    // Channels folded into the batch: [N*C, 1, H, W].
    return { col: tables.im2col(tf.reshape(x, [n * c, 1, h, w])), oh: tables.oh, ow: tables.ow };
  }

  /** The adjoint of `windows`: rows [N*C*OH*OW, PH*PW] -> [N, C, H, W], summing overlaps. */
  private unwindows(dcol: tf.Tensor, [n, c, h, w]: number[]): tf.Tensor {
    if (this.tiles(h, w)) {
      const { poolH: ph, poolW: pw } = this;
      const grouped = tf.reshape(dcol, [n, c, h / ph, w / pw, ph, pw]);
      return tf.reshape(tf.transpose(grouped, [0, 1, 2, 4, 3, 5]), [n, c, h, w]);
    }
    const tables = cached(this.tables, this.kind, 'index tables');
    return tf.reshape(tables.col2im(dcol, n * c), [n, c, h, w]);
  }

  forward(x: tf.Tensor): tf.Tensor {
    if (x.rank !== 4)
      throw new Error(
        `Pooling expects ${this.layout === 'NHWC' ? '[N, H, W, C]' : '[N, C, H, W]'}, got [${x.shape}]`,
      );
    if (this.layout === 'NHWC') return this.forwardNHWC(x as tf.Tensor4D);
    const [n, c] = x.shape;
    this.inputShape = x.shape;
    const { col, oh, ow } = this.windows(x);
    let out: tf.Tensor;
    if (this.mode === 'max') {
      this.argMax = tf.argMax(col, 1);
      out = tf.max(col, 1);
    } else {
      out = tf.mean(col, 1);
    }
    return tf.reshape(out, [n, c, oh, ow]);
  }

  backward(dout: tf.Tensor): tf.Tensor {
    if (this.layout === 'NHWC') return this.backwardNHWC(dout);
    const shape = cached(this.inputShape, this.kind, 'input shape');
    const poolSize = this.poolH * this.poolW;
    const d = tf.reshape(dout, [-1, 1]);
    const dcol =
      this.mode === 'max'
        ? tf.mul(
            tf.cast(tf.oneHot(cached(this.argMax, this.kind, 'argmax'), poolSize), 'float32'),
            d,
          )
        : tf.tile(tf.div(d, poolSize), [1, poolSize]);
    return this.unwindows(dcol, shape);
  }

  override dispose(): void {
    this.tables?.dispose();
    this.tables = null;
  }
}
