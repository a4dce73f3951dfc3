/**
 * The checks every convolution layer makes, whichever way it computes: the book's W [FN, C, FH, FW]
 * and b [FN], and an input with C channels that the filter tiles. Errors name the parameter.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { convOutputSize } from './im2col';
import type { NamedParam } from './layer';
import type { Layout } from './layout';

/** The layer's `params` map, after checking W and b have the book's shapes. */
export function convParams(W: NamedParam, b: NamedParam): ReadonlyMap<string, tf.Variable> {
  if (W.value.rank !== 4)
    throw new Error(`Convolution ${W.name} must be [FN, C, FH, FW], got [${W.value.shape}]`);
  if (b.value.rank !== 1 || b.value.shape[0] !== W.value.shape[0]) {
    throw new Error(
      `Convolution ${b.name} must have shape [${W.value.shape[0]}], got [${b.value.shape}]`,
    );
  }
  return new Map([
    [W.name, W.value],
    [b.name, b.value],
  ]);
}

/** Throws unless x is [N, C, H, W] (NHWC: [N, H, W, C]) with W's C and a size the filter tiles. */
export function checkConvInput(
  x: tf.Tensor,
  W: NamedParam,
  stride: number,
  pad: number,
  layout: Layout,
): void {
  const [fn, c, fh, fw] = W.value.shape;
  const nhwc = layout === 'NHWC';
  if (x.rank !== 4 || x.shape[nhwc ? 3 : 1] !== c) {
    const expected = nhwc ? `[N, H, W, ${c}]` : `[N, ${c}, H, W]`;
    throw new Error(
      `Convolution ${W.name} (${fn} filters over ${c} channels) expects ${expected}, got [${x.shape}]`,
    );
  }
  const [h, w] = (nhwc ? x.shape.slice(1, 3) : x.shape.slice(2)) as [number, number];
  convOutputSize({ c, h, w, fh, fw, stride, pad });
}
