import * as tf from '@tensorflow/tfjs-core';
import { hasMaxPoolBackward, maxPoolBackward } from '../kernels/max-pool-backward';
import { convOutputSize } from './im2col';
import { cached, StatelessLayer } from './layer';
import type { PoolMode } from './pooling';

/**
 * KernelPooling: the book's Pooling (pooling.ts) in NHWC, for the nets' NHWC conv/pool stack on
 * the kernels path (conv-stack.ts). Input [N, H, W, C], output [N, OH, OW, C].
 *
 * The forward is the backend's pooling kernel. The backward of max pooling with disjoint windows
 * (stride = window: the nets' 2x2/2) is our own kernel on wasm (src/nn/kernels) and elsewhere
 * written out of elementwise ops (`disjointMaxBackward`, ~4x faster than the MaxPoolGrad
 * kernel on wasm; the same bits as the kernel); other windows, and average pooling, use the
 * backend's MaxPoolGrad/AvgPoolGrad: the same routing of dout, written out in C++. Padding is
 * refused, because the kernels pad max pooling with -inf, not with the book's zeros.
 */
export class KernelPooling extends StatelessLayer {
  readonly kind: string;
  /** The last input and output, which the backward takes. */
  private x: tf.Tensor4D | null = null;
  private out: tf.Tensor4D | null = null;
  /** Disjoint max windows: the constant window-position selectors (see `selectors`). */
  private selectorFilters: tf.Tensor4D[] | null = null;

  /** Pooling's constructor; `pad` must be 0. */
  constructor(
    readonly poolH: number,
    readonly poolW: number,
    readonly stride = poolH,
    pad = 0,
    readonly mode: PoolMode = 'max',
  ) {
    super();
    this.kind = mode === 'max' ? 'MaxPooling' : 'AvgPooling';
    if (pad !== 0)
      throw new Error('KernelPooling takes no padding (the book pads with zeros: use Pooling)');
  }

  forward(x: tf.Tensor): tf.Tensor {
    if (x.rank !== 4) throw new Error(`KernelPooling expects [N, H, W, C], got [${x.shape}]`);
    const [, h, w, c] = x.shape;
    convOutputSize({ c, h, w, fh: this.poolH, fw: this.poolW, stride: this.stride, pad: 0 });
    this.x = x as tf.Tensor4D;
    const { filterSize, strides } = this.kernelAttrs;
    this.out =
      this.mode === 'max'
        ? tf.maxPool(this.x, filterSize, strides, 'valid')
        : tf.avgPool(this.x, filterSize, strides, 'valid');
    return this.out;
  }

  backward(dout: tf.Tensor): tf.Tensor {
    const input = cached(this.x, this.kind, 'input');
    const dy = dout as tf.Tensor4D;
    if (this.mode === 'avg')
      return tf.engine().runKernel('AvgPoolGrad', { dy, input }, { ...this.kernelAttrs });
    const output = cached(this.out, this.kind, 'output');
    if (this.disjoint)
      return hasMaxPoolBackward()
        ? maxPoolBackward(input, output, dy, this.poolH, this.poolW)
        : this.disjointMaxBackward(input, output, dy);
    return tf.engine().runKernel('MaxPoolGrad', { dy, input, output }, { ...this.kernelAttrs });
  }

  private get kernelAttrs() {
    return {
      filterSize: [this.poolH, this.poolW] as [number, number],
      strides: [this.stride, this.stride] as [number, number],
      pad: 'valid' as const,
    };
  }

  /** Windows that neither overlap nor leave gaps (convOutputSize has checked that they fit). */
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
   * wasm, and exactly the book's result (tests hold it to Pooling on tied inputs).
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

  override dispose(): void {
    for (const f of this.selectorFilters ?? []) f.dispose();
    this.selectorFilters = null;
  }
}
