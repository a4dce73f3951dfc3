/**
 * The segmenter scored as FCN and VOC score segmenters, on scenes with ground truth label
 * maps: one confusion matrix over all pixels (void left out), then pixel accuracy, per-class
 * IoU and mean IoU. One function for the CLI, the worker and the benchmarks.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Scene } from '../../data/scenes/scene';
import { ConfusionMatrix, type SegmentationScores } from '../metrics/segmentation';
import type { FcnSegmenter } from '../segmenter/fcn';
import { toInput } from './scene-batches';

/** Class maps (argmax over the classes) for standardised inputs [N, H, W, 1]. */
export async function segment(
  net: FcnSegmenter,
  input: Float32Array,
  count: number,
  batch = 8,
): Promise<Uint8Array[]> {
  const [h, w] = net.config.inputSize;
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i += batch) {
    const n = Math.min(batch, count - i);
    const classes = tf.tidy(() =>
      tf.argMax(
        net.predict(tf.tensor4d(input.subarray(i * h * w, (i + n) * h * w), [n, h, w, 1])),
        3,
      ),
    );
    const values = await classes.data();
    classes.dispose();
    for (let j = 0; j < n; j++)
      out.push(Uint8Array.from(values.subarray(j * h * w, (j + 1) * h * w)));
  }
  return out;
}

export interface SegmenterEvaluation extends SegmentationScores {
  confusion: ConfusionMatrix;
}

export async function evaluateSegmenter(
  net: FcnSegmenter,
  scenes: readonly Scene[],
): Promise<SegmenterEvaluation> {
  const maps = await segment(net, toInput(scenes), scenes.length);
  const confusion = new ConfusionMatrix(net.config.classes);
  scenes.forEach((s, i) => {
    confusion.add(s.labels, maps[i]);
  });
  return { ...confusion.scores(), confusion };
}
