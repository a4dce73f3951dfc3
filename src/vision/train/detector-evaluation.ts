/**
 * The detector scored as COCO scores detectors, on scenes with ground truth: one function for
 * the CLI, the worker's live mAP and the benchmarks, so every figure is computed the same way.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Scene } from '../../data/scenes/scene';
import { type DecodeOptions, suppress } from '../detector/decode';
import { headValues } from '../detector/grid-config';
import type { GridDetector } from '../detector/grid-detector';
import {
  passCandidates,
  passShifts,
  type ShiftPasses,
  shiftImages,
} from '../detector/shift-ensemble';
import type { Detection } from '../metrics/boxes';
import { type CocoEvalResult, evaluateDetections } from '../metrics/coco-eval';
import { toInput } from './scene-batches';

/**
 * How detections are read for scoring: a low score floor and up to three classes a cell, as
 * COCO evaluations of multi-label detectors read them (YOLOv5's val, Faster R-CNN's per-class
 * boxes): a digit the head half-reads as another costs precision at a low score instead of
 * being lost. The live view shows one class a cell.
 */
export const EVALUATION_DECODE: Readonly<DecodeOptions> = {
  scoreThreshold: 0.01,
  classesPerCell: 3,
  merge: true,
};

export interface DetectOptions extends DecodeOptions {
  /** Forward passes of the shift ensemble (shift-ensemble.ts; default 1: the picture alone). */
  passes?: ShiftPasses;
}

/** Detections for standardised inputs [N, H, W, 1], `batch` images a forward. */
export async function detect(
  net: GridDetector,
  input: Float32Array,
  count: number,
  opts: DetectOptions = {},
  batch = 16,
): Promise<Detection[][]> {
  const [h, w] = net.config.inputSize;
  const perHead = headValues(net.config);
  const candidates: Detection[][] = Array.from({ length: count }, () => []);
  for (const shift of passShifts(net.config, opts.passes ?? 1)) {
    const shifted = shiftImages(input, count, h, w, shift[0], shift[1]);
    for (let i = 0; i < count; i += batch) {
      const n = Math.min(batch, count - i);
      const head = tf.tidy(() =>
        net.predict(tf.tensor4d(shifted.subarray(i * h * w, (i + n) * h * w), [n, h, w, 1])),
      );
      const values = (await head.data()) as Float32Array;
      head.dispose();
      for (let j = 0; j < n; j++)
        for (const d of passCandidates(net.config, values, j * perHead, shift, opts))
          candidates[i + j].push(d);
    }
  }
  return candidates.map((c) => suppress(c, opts));
}

/** COCO AP of the detector on `scenes` (category ids 1..10: digit + 1). */
export async function evaluateDetector(
  net: GridDetector,
  scenes: readonly Scene[],
  passes: ShiftPasses = 1,
): Promise<CocoEvalResult> {
  const detections = await detect(net, toInput(scenes), scenes.length, {
    ...EVALUATION_DECODE,
    passes,
  });
  return evaluateDetections(
    scenes.map((s, i) => ({
      imageId: i,
      groundTruth: s.objects.map((o) => ({ bbox: o.bbox, categoryId: o.categoryId })),
      detections: detections[i],
    })),
    Array.from({ length: net.config.classes }, (_, k) => k + 1),
  );
}
