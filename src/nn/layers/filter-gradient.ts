/**
 * The filter gradient of a convolution in NHWC, with the backend's conv2d kernel (wasm has no
 * Conv2DBackpropFilter kernel): for z = conv(a, K) with stride S and padding P,
 *
 *   dK[ky, kx, c, o] = Σ_{n, oy, ox} a[n, oy·S + ky - P, ox·S + kx - P, c] · dz[n, oy, ox, o]
 *
 * which is a conv2d of `a` seen as [C, H, W, N] (the batch playing the part of channels) with
 * `dz` seen as a filter [OH, OW, N, O], dilated by S. Where (H + 2P - KH) is not a multiple of
 * S the correlation has extra rows past KH, which no filter tap reaches: they are cut off.
 */
import * as tf from '@tensorflow/tfjs-core';

export function filterGradientNHWC(
  a: tf.Tensor4D,
  dz: tf.Tensor4D,
  kh: number,
  kw: number,
  stride: number,
  pad: number,
): tf.Tensor4D {
  const at = tf.transpose(a, [3, 1, 2, 0]) as tf.Tensor4D; // [C, H, W, N]
  const d = tf.transpose(dz, [1, 2, 0, 3]) as tf.Tensor4D; // [OH, OW, N, O]
  const pads: [[number, number], [number, number], [number, number], [number, number]] = [
    [0, 0],
    [pad, pad],
    [pad, pad],
    [0, 0],
  ];
  let r = tf.conv2d(at, d, 1, pads, 'NHWC', stride); // [C, >=KH, >=KW, O]
  if (r.shape[1] < kh || r.shape[2] < kw)
    throw new Error(`filter gradient came out [${r.shape}], smaller than the ${kh}x${kw} filter`);
  if (r.shape[1] !== kh || r.shape[2] !== kw) r = tf.slice(r, [0, 0, 0, 0], [-1, kh, kw, -1]);
  return tf.transpose(r, [1, 2, 0, 3]) as tf.Tensor4D; // [KH, KW, C, O]
}
