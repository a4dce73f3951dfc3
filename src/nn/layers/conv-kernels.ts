/**
 * The fast convolution path: the same forward and the same hand-derived backward as the
 * im2col path, but each product done by the backend's conv2d kernel (XNNPACK on wasm).
 *
 *   forward  out = x ⋆ W + b                                   (conv2d)
 *   dx       full correlation of dout with W flipped in space, channels swapped
 *            (stride 1: conv2d of dout padded by FH-1-P; other strides: conv2dTranspose)
 *   dW       correlation of x with dout, the batch playing the part of channels:
 *            dW[c, ky, kx, fn] = Σ_{n,oy,ox} x[n, c, oy·S+ky, ox·S+kx] · dout[n, fn, oy, ox]
 *            = conv2d(x as [C, H, W, N], dout as filter [OH, OW, N, FN], dilation S)
 *   db       Σ dout over batch and space
 *
 * Measured on wasm, batch 100 (see the conv test notes): this path is several times faster
 * than im2col's gathers there; a test holds both paths equal on every backend we test.
 *
 * The kernels work in NHWC. The *NHWC functions take and return NHWC activations (what the
 * nets use inside, see layout.ts); the NCHW ones wrap them with transposes for a layer that
 * stands alone. Weights stay [FN, C, FH, FW] as in the book; only they are rearranged per
 * call (a few thousand values).
 */
import * as tf from '@tensorflow/tfjs-core';
import { toChannelsFirst, toChannelsLast } from './layout';

type Pads = [[number, number], [number, number], [number, number], [number, number]];

const spatialPad = (p: number): Pads => [
  [0, 0],
  [p, p],
  [p, p],
  [0, 0],
];

/** [FN, C, FH, FW] -> conv2d's filter layout [FH, FW, C, FN]. */
const toFilter = (W: tf.Tensor4D) => tf.transpose(W, [2, 3, 1, 0]) as tf.Tensor4D;

/** [N, H, W, C] ⋆ [FN, C, FH, FW] + b -> [N, OH, OW, FN] */
export function convForwardNHWC(
  x: tf.Tensor4D,
  W: tf.Tensor4D,
  b: tf.Tensor1D,
  stride: number,
  pad: number,
): tf.Tensor4D {
  // The fused kernel adds the bias in the same pass over the output.
  return tf.fused.conv2d({
    x,
    filter: toFilter(W),
    strides: stride,
    pad: spatialPad(pad),
    bias: b,
  });
}

/** d(loss)/dx [N, H, W, C] from dout [N, OH, OW, FN]. */
export function convBackwardInputNHWC(
  dout: tf.Tensor4D,
  W: tf.Tensor4D,
  inputShape: [number, number, number, number],
  stride: number,
  pad: number,
): tf.Tensor4D {
  const [, , fh, fw] = W.shape;
  if (stride === 1 && pad <= fh - 1 && pad <= fw - 1 && fh === fw) {
    // Full correlation: pad dout by FH-1-P, flip the filter in space, swap in/out channels.
    const flipped = tf.transpose(tf.reverse(W, [2, 3]), [2, 3, 0, 1]) as tf.Tensor4D; // [FH, FW, FN, C]
    return tf.conv2d(dout, flipped, 1, spatialPad(fh - 1 - pad));
  }
  return tf.conv2dTranspose(dout, toFilter(W), inputShape, stride, spatialPad(pad));
}

/** d(loss)/dW [FN, C, FH, FW] from x [N, H, W, C] and dout [N, OH, OW, FN]. */
export function convBackwardFilterNHWC(
  x: tf.Tensor4D,
  dout: tf.Tensor4D,
  filterShape: number[],
  stride: number,
  pad: number,
): tf.Tensor4D {
  const xt = tf.transpose(x, [3, 1, 2, 0]) as tf.Tensor4D; // [C, H, W, N]: batch as channels
  const d = tf.transpose(dout, [1, 2, 0, 3]) as tf.Tensor4D; // [OH, OW, N, FN]: dout as the filter
  return filterGradient(xt, d, filterShape, stride, pad);
}

/** The dW correlation itself, from x as [C, H, W, N] and dout as [OH, OW, N, FN]. */
function filterGradient(
  xt: tf.Tensor4D,
  d: tf.Tensor4D,
  filterShape: number[],
  stride: number,
  pad: number,
): tf.Tensor4D {
  const r = tf.conv2d(xt, d, 1, spatialPad(pad), 'NHWC', stride); // [C, FH, FW, FN]
  const dW = tf.transpose(r, [3, 0, 1, 2]) as tf.Tensor4D;
  if (dW.shape.some((s, i) => s !== filterShape[i])) {
    throw new Error(
      `convolution filter gradient came out [${dW.shape}], expected [${filterShape}]`,
    );
  }
  return dW;
}

/** [N, C, H, W] ⋆ [FN, C, FH, FW] + b -> [N, FN, OH, OW] */
export function convForward(
  x: tf.Tensor4D,
  W: tf.Tensor4D,
  b: tf.Tensor1D,
  stride: number,
  pad: number,
): tf.Tensor4D {
  return toChannelsFirst(convForwardNHWC(toChannelsLast(x), W, b, stride, pad));
}

/** d(loss)/dx [N, C, H, W] for a convolution, from dout [N, FN, OH, OW]. */
export function convBackwardInput(
  dout: tf.Tensor4D,
  W: tf.Tensor4D,
  inputShape: [number, number, number, number],
  stride: number,
  pad: number,
): tf.Tensor4D {
  const [n, c, h, w] = inputShape;
  return toChannelsFirst(convBackwardInputNHWC(toChannelsLast(dout), W, [n, h, w, c], stride, pad));
}

/** d(loss)/dW, [FN, C, FH, FW], from x [N, C, H, W] and dout [N, FN, OH, OW]. */
export function convBackwardFilter(
  x: tf.Tensor4D,
  dout: tf.Tensor4D,
  filterShape: number[],
  stride: number,
  pad: number,
): tf.Tensor4D {
  const xt = tf.transpose(x, [1, 2, 3, 0]) as tf.Tensor4D; // [C, H, W, N]
  const d = tf.transpose(dout, [2, 3, 0, 1]) as tf.Tensor4D; // [OH, OW, N, FN]
  return filterGradient(xt, d, filterShape, stride, pad);
}
