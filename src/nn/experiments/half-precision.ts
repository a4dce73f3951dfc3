/**
 * The book's half_float_network.py (ch. 8.3.4): a trained net's weights rounded to float16
 * and evaluated again. Deep learning needs few bits: the accuracy barely moves. Our stack
 * rounds the stored weights and computes in float32 (tfjs-core has no float16 dtype), which
 * is exactly the book's experiment: numpy there also computes with the rounded values.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LabeledData } from '../dataset';
import { evaluate } from '../evaluate';
import { roundToFloat16 } from '../float16';
import type { SequentialNet } from '../nets/net';

/** The smallest normal float16, 2^-14. */
const MIN_NORMAL = 2 ** -14;

export interface HalfPrecisionResult {
  experiment: 'half-precision';
  float32Accuracy: number;
  float16Accuracy: number;
  /** (f16 - f32 accuracy) in images: how many more (+) or fewer (-) are right in float16. */
  accuracyChangeImages: number;
  /** Largest |w16 - w32| / |w32| over weights in float16's normal range (at most 2^-11). */
  maxRelativeChange: number;
  /** Weights below float16's normal range (|w| < 2^-14), kept with fewer significant bits. */
  subnormal: number;
  /** Weights that overflowed or flushed to zero in float16. */
  flushedToZero: number;
  overflowed: number;
  parameters: number;
  bytesFloat32: number;
  bytesFloat16: number;
  count: number;
}

/** Evaluates `net` as it is and with its weights rounded to float16; the net is left unchanged. */
export async function halfPrecision(
  net: SequentialNet,
  test: LabeledData,
): Promise<HalfPrecisionResult> {
  const f32 = await evaluate(net, test);
  const originals = new Map<string, Float32Array>();
  let maxRelativeChange = 0;
  let flushedToZero = 0;
  let overflowed = 0;
  let subnormal = 0;
  let parameters = 0;
  for (const [name, p] of net.params) {
    const values = (await p.data()) as Float32Array;
    originals.set(name, values.slice());
    const half = roundToFloat16(values);
    for (let i = 0; i < values.length; i++) {
      if (values[i] !== 0) {
        if (half[i] === 0) flushedToZero++;
        else if (!Number.isFinite(half[i])) overflowed++;
        else if (Math.abs(values[i]) < MIN_NORMAL) subnormal++;
        else
          maxRelativeChange = Math.max(
            maxRelativeChange,
            Math.abs(half[i] - values[i]) / Math.abs(values[i]),
          );
      }
    }
    parameters += values.length;
    tf.tidy(() => p.assign(tf.tensor(half, p.shape)));
  }
  let f16: Awaited<ReturnType<typeof evaluate>>;
  try {
    f16 = await evaluate(net, test);
  } finally {
    for (const [name, p] of net.params) {
      const values = originals.get(name);
      if (values) tf.tidy(() => p.assign(tf.tensor(values, p.shape)));
    }
  }
  return {
    experiment: 'half-precision',
    float32Accuracy: f32.accuracy,
    float16Accuracy: f16.accuracy,
    accuracyChangeImages: Math.round((f16.accuracy - f32.accuracy) * f32.count),
    maxRelativeChange,
    flushedToZero,
    overflowed,
    subnormal,
    parameters,
    bytesFloat32: parameters * 4,
    bytesFloat16: parameters * 2,
    count: f32.count,
  };
}
