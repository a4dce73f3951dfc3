import * as tf from '@tensorflow/tfjs-core';
import {
  convBackwardFilter,
  convBackwardFilterNHWC,
  convBackwardInput,
  convBackwardInputNHWC,
  convForward,
  convForwardNHWC,
} from './conv-kernels';
import { convOutputSize, Im2Col } from './im2col';
import { cached, type Layer, type NamedParam } from './layer';
import type { Layout } from './layout';

/**
 * How a Convolution computes its products:
 * - 'im2col': the book's way (ch. 7.4.3), im2col then one matrix product; col2im for dx.
 *   Readable, the reference.
 * - 'kernels': the same math through the backend's conv2d kernel (conv-kernels.ts).
 *   Several times faster on wasm; tests hold it equal to im2col.
 */
export type ConvPath = 'im2col' | 'kernels';

let defaultConvPath: ConvPath = 'kernels';

/** Choose the path new Convolution layers use (the CLI and benchmarks expose it). */
export function setDefaultConvPath(path: ConvPath): void {
  defaultConvPath = path;
}

export function getDefaultConvPath(): ConvPath {
  return defaultConvPath;
}

/**
 * Convolution (ch. 7.4.3). W is [FN, C, FH, FW], b is [FN]; input [N, C, H, W], output
 * [N, FN, OH, OW]. The backward pass is written by hand on either path. With layout 'NHWC'
 * (kernels path only) input and output are [N, H, W, C] / [N, OH, OW, FN] instead: the
 * nets keep activations that way between their layers (layout.ts).
 */
export class Convolution implements Layer {
  readonly kind = 'Convolution';
  readonly params: ReadonlyMap<string, tf.Variable>;
  readonly grads = new Map<string, tf.Tensor>();
  readonly state: ReadonlyMap<string, tf.Variable> = new Map();
  private tables: Im2Col | null = null;
  private inputShape: number[] | null = null;
  /** im2col of the last input, kept for dW (im2col path). */
  private col: tf.Tensor2D | null = null;
  /** The last input, kept for dW (kernels path). */
  private x: tf.Tensor4D | null = null;

  constructor(
    readonly W: NamedParam,
    readonly b: NamedParam,
    readonly stride = 1,
    readonly pad = 0,
    readonly path: ConvPath = defaultConvPath,
    readonly layout: Layout = 'NCHW',
  ) {
    if (layout === 'NHWC' && path !== 'kernels')
      throw new Error(`Convolution ${W.name}: the NHWC layout needs the 'kernels' path`);
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

  /** Throws unless x is [N, C, H, W] with this layer's C and a size the filter tiles. */
  private checkInput(x: tf.Tensor): void {
    const [fn, c, fh, fw] = this.W.value.shape;
    const nhwc = this.layout === 'NHWC';
    if (x.rank !== 4 || x.shape[nhwc ? 3 : 1] !== c) {
      const expected = nhwc ? `[N, H, W, ${c}]` : `[N, ${c}, H, W]`;
      throw new Error(
        `Convolution ${this.W.name} (${fn} filters over ${c} channels) expects ${expected}, got [${x.shape}]`,
      );
    }
    const [h, w] = (nhwc ? x.shape.slice(1, 3) : x.shape.slice(2)) as [number, number];
    convOutputSize({ c, h, w, fh, fw, stride: this.stride, pad: this.pad });
  }

  /** The index tables for this input size (built on first use, rebuilt if the size changes). */
  private im2colFor(x: tf.Tensor): Im2Col {
    const [, c, fh, fw] = this.W.value.shape;
    const [, , h, w] = x.shape;
    const t = this.tables;
    if (t && t.g.h === h && t.g.w === w) return t;
    t?.dispose();
    this.tables = new Im2Col({ c, h, w, fh, fw, stride: this.stride, pad: this.pad });
    return this.tables;
  }

  forward(x: tf.Tensor): tf.Tensor {
    this.checkInput(x);
    if (this.path === 'kernels') {
      this.inputShape = x.shape;
      this.x = x as tf.Tensor4D;
      const forward = this.layout === 'NHWC' ? convForwardNHWC : convForward;
      return forward(
        this.x,
        this.W.value as tf.Tensor4D,
        this.b.value as tf.Tensor1D,
        this.stride,
        this.pad,
      );
    }
    const tables = this.im2colFor(x);
    const fn = this.W.value.shape[0];
    const n = x.shape[0];
    this.inputShape = x.shape;
    this.col = tables.im2col(x);
    const colW = tf.reshape(this.W.value, [fn, -1]) as tf.Tensor2D;
    const out = tf.add(tf.matMul(this.col, tf.transpose(colW)), this.b.value);
    return tf.transpose(tf.reshape(out, [n, tables.oh, tables.ow, fn]), [0, 3, 1, 2]);
  }

  backward(dout: tf.Tensor): tf.Tensor {
    this.backwardParams(dout);
    const inputShape = cached(this.inputShape, this.kind, 'input shape');
    const W = this.W.value as tf.Tensor4D;
    if (this.path === 'kernels') {
      const backwardInput = this.layout === 'NHWC' ? convBackwardInputNHWC : convBackwardInput;
      return backwardInput(
        dout as tf.Tensor4D,
        W,
        inputShape as [number, number, number, number],
        this.stride,
        this.pad,
      );
    }
    const tables = cached(this.tables, this.kind, 'index tables');
    const colW = tf.reshape(W, [W.shape[0], -1]) as tf.Tensor2D;
    const dcol = tf.matMul(this.doutRows(dout), colW);
    return tables.col2im(dcol, inputShape[0]);
  }

  backwardParams(dout: tf.Tensor): void {
    if (this.path === 'im2col') {
      const col = cached(this.col, this.kind, 'col');
      const d = this.doutRows(dout);
      this.grads.set(this.b.name, tf.sum(d, 0));
      this.grads.set(this.W.name, tf.reshape(tf.matMul(tf.transpose(d), col), this.W.value.shape));
      return;
    }
    const x = cached(this.x, this.kind, 'input');
    const W = this.W.value as tf.Tensor4D;
    const nhwc = this.layout === 'NHWC';
    // NHWC: db as a column sum of dout-rows [N*OH*OW, FN]. Not ones · dout-rows: wasm's
    // matMul packs its right operand afresh for every new tensor, which costs more than the
    // transpose the column sum makes (SimpleConvNet, batch 100: ~39 ms against ~5 ms).
    const fn = W.shape[0];
    const db = nhwc ? tf.sum(tf.reshape(dout, [-1, fn]), 0) : tf.sum(dout, [0, 2, 3]);
    this.grads.set(this.b.name, db);
    const backwardFilter = nhwc ? convBackwardFilterNHWC : convBackwardFilter;
    this.grads.set(
      this.W.name,
      backwardFilter(x, dout as tf.Tensor4D, W.shape, this.stride, this.pad),
    );
  }

  /** dout [N, FN, OH, OW] as rows [N*OH*OW, FN], the layout of im2col's output. */
  private doutRows(dout: tf.Tensor): tf.Tensor2D {
    return tf.reshape(tf.transpose(dout, [0, 2, 3, 1]), [-1, this.W.value.shape[0]]) as tf.Tensor2D;
  }

  dispose(): void {
    this.tables?.dispose();
    this.tables = null;
    this.W.value.dispose();
    this.b.value.dispose();
  }
}
