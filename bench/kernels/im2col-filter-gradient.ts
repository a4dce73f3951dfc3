/**
 * The textbook filter gradient of a stride-1 k x k convolution in NHWC, for comparison only
 * (bench/kernels): the columns of im2col built from k² shifted slices of the padded input,
 * then one matrix product, dK = colsᵀ · dz. The left operand is built already transposed
 * ([k²·C, M]) because tfjs-wasm's transposed products fall to a plain loop.
 */
import * as tf from '@tensorflow/tfjs-core';

export function im2colFilterGradient(
  a: tf.Tensor4D,
  dz: tf.Tensor4D,
  k: number,
  pad: number,
): tf.Tensor4D {
  const [n, , , c] = a.shape;
  const [, oh, ow, o] = dz.shape;
  const padded = tf.pad(a, [
    [0, 0],
    [pad, pad],
    [pad, pad],
    [0, 0],
  ]);
  const channelsFirst = tf.transpose(padded, [3, 0, 1, 2]); // [C, N, H + 2P, W + 2P]
  const shifted: tf.Tensor[] = [];
  for (let ky = 0; ky < k; ky++)
    for (let kx = 0; kx < k; kx++)
      shifted.push(
        tf.reshape(tf.slice(channelsFirst, [0, 0, ky, kx], [c, n, oh, ow]), [c, n * oh * ow]),
      );
  const columnsT = tf.concat(shifted, 0); // [(ky, kx, c), M]
  const dK = tf.matMul(columnsT, tf.reshape(dz, [n * oh * ow, o])); // [(ky, kx, c), O]
  return tf.reshape(dK, [k, k, c, o]) as tf.Tensor4D;
}
