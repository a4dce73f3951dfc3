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
 * With layout 'NHWC' (what the nets use between convolutions, see layout.ts) the forward is
 * the backend's pooling kernel. The backward of max pooling with disjoint windows (stride =
 * window: the nets' 2x2/2) is written out of elementwise ops (`disjointMaxBackward`); other
 * windows, and average pooling, use the backend's MaxPoolGrad/AvgPoolGrad: the same routing of
 * dout, written out in C++. Padding is not offered there, because the kernels pad max pooling
 * with -inf, not with the book's zeros.
 */
export class Pooling extends StatelessLayer {
  readonly kind: string;
  private tables: Im2Col | null = null;
  private inputShape: number[] | null = null;
  /** Position of the max in each window (max mode). */
  private argMax: tf.Tensor | null = null;
  /** NHWC, disjoint max windows: the constant window-position selectors (see `selectors`). */
  private selectorFilters: tf.Tensor4D[] | null = null;
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
    const [, h, w, c] = x.shape;
    convOutputSize({ c, h, w, fh: this.poolH, fw: this.poolW, stride: this.stride, pad: 0 });
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
   * Windows that neither overlap nor leave gaps (stride = window, no pad; convOutputSize has
   * checked that they tile the input). Their backward needs no MaxPoolGrad kernel (on wasm
   * ~100 ms for SimpleConvNet's pool at batch 100): see `disjointMaxBackward`.
   */
  private get disjoint(): boolean {
    return this.stride === this.poolH && this.stride === this.poolW;
  }

  /**
   * One constant depthwise filter per window position (i, j): 1 at (i, j) for every channel.
   * Convolved with stride = window, filter k picks position k of every window: a "plane"
   * [N, OH, OW, C]. Constant, so the backend packs each once.
   */
  private selectors(c: number): tf.Tensor4D[] {
    const { poolH: ph, poolW: pw } = this;
    if (this.selectorFilters?.[0]?.shape[2] === c) return this.selectorFilters;
    for (const f of this.selectorFilters ?? []) f.dispose();
    this.selectorFilters = Array.from({ length: ph * pw }, (_, k) => {
      const values = new Float32Array(ph * pw * c);
      values.fill(1, k * c, (k + 1) * c);
      return tf.keep(tf.tensor4d(values, [ph, pw, c, 1]));
    });
    return this.selectorFilters;
  }

  /**
   * Max pooling's backward for disjoint windows, as the book routes it: each window's dout to
   * the first position (row-major) that holds the window's max. With the window planes p_k
   * and the output m: n_k = step(m - p_k) is 1 where position k is *not* a max; passing dout
   * along q_0 = dout, g_k = q_k (1 - n_k), q_{k+1} = q_k n_k hands it to the first max only.
   * The g_k planes are then interleaved back into [N, H, W, C]. Only same-shape elementwise
   * ops, constant-filter depthwise convolutions and stacks: ~4x faster than MaxPoolGrad on
   * wasm, and exactly the book's result (tests hold it to the NCHW layer on tied inputs).
   */
  private disjointMaxBackward(x: tf.Tensor4D, out: tf.Tensor4D, dout: tf.Tensor4D): tf.Tensor {
    const [n, h, w, c] = x.shape;
    const { poolH: ph, poolW: pw } = this;
    const stride: [number, number] = [ph, pw];
    let q: tf.Tensor = dout;
    const g: tf.Tensor[] = [];
    for (const filter of this.selectors(c)) {
      const plane = tf.depthwiseConv2d(x, filter, stride, 'valid');
      const carried = tf.mul(q, tf.step(tf.sub(out, plane)));
      g.push(tf.sub(q, carried));
      q = carried;
    }
    const [, oh, ow] = out.shape;
    // Rows of windows: interleave the PW planes of window row i along W...
    const rows = Array.from({ length: ph }, (_, i) =>
      tf.reshape(tf.stack(g.slice(i * pw, (i + 1) * pw), 3), [n, oh, ow * pw, c]),
    );
    // ...then the PH rows along H.
    return tf.reshape(tf.stack(rows, 2), [n, h, w, c]);
  }

  private backwardNHWC(dout: tf.Tensor): tf.Tensor {
    const input = cached(this.x, this.kind, 'input');
    const dy = dout as tf.Tensor4D;
    if (this.mode === 'max') {
      const output = cached(this.out, this.kind, 'output');
      if (this.disjoint) return this.disjointMaxBackward(input, output, dy);
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
    for (const f of this.selectorFilters ?? []) f.dispose();
    this.selectorFilters = null;
    this.tables?.dispose();
    this.tables = null;
  }
}
