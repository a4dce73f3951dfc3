/**
 * What training does differently for each vision net: how a batch of scenes becomes targets
 * and gradients, and how held-out scenes are scored. The loop (vision-training.ts) is shared.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Scene } from '../../data/scenes/scene';
import type { Gradient } from '../../nn/nets/net';
import type { GridDetector } from '../detector/grid-detector';
import { encodeTargets } from '../detector/grid-targets';
import type { CocoEvalResult } from '../metrics/coco-eval';
import type { FcnSegmenter } from '../segmenter/fcn';
import { evaluateDetector } from './detector-evaluation';
import type { SceneBatch } from './scene-batches';
import { evaluateSegmenter, type SegmenterEvaluation } from './segmenter-evaluation';

export type VisionTask = 'detect' | 'segment';
export const VISION_TASKS: readonly VisionTask[] = ['detect', 'segment'];

export type VisionNet = GridDetector | FcnSegmenter;

export type VisionEvaluation =
  | { task: 'detect'; step: number; map50: number; map: number; result: CocoEvalResult }
  | {
      task: 'segment';
      step: number;
      meanIou: number;
      pixelAccuracy: number;
      result: SegmenterEvaluation;
    };

/** The headline figure of an evaluation: mAP@0.5 or mean IoU. */
export function headline(e: VisionEvaluation): number {
  return e.task === 'detect' ? e.map50 : e.meanIou;
}

export interface TaskOf<N> {
  task: VisionTask;
  gradient(net: N, batch: SceneBatch): Gradient & { parts?: tf.Tensor1D };
  evaluate(net: N, scenes: readonly Scene[], step: number): Promise<VisionEvaluation>;
}

const detect: TaskOf<GridDetector> = {
  task: 'detect',
  gradient(net, batch) {
    const [h, w] = net.config.inputSize;
    const targets = encodeTargets(
      net.config,
      batch.scenes.map((s) =>
        s.objects.map((o) => ({ bbox: o.bbox, classIndex: o.categoryId - 1 })),
      ),
    );
    const x = tf.tensor4d(batch.input, [batch.scenes.length, h, w, 1]);
    const g = net.gradient(x, targets);
    x.dispose();
    return g;
  },
  async evaluate(net, scenes, step) {
    const result = await evaluateDetector(net, scenes);
    return { task: 'detect', step, map50: result.map50, map: result.map, result };
  },
};

const segment: TaskOf<FcnSegmenter> = {
  task: 'segment',
  gradient(net, batch) {
    const [h, w] = net.config.inputSize;
    const n = batch.scenes.length;
    const labels = new Int32Array(n * h * w);
    batch.scenes.forEach((s, i) => {
      labels.set(s.labels, i * h * w);
    });
    const x = tf.tensor4d(batch.input, [n, h, w, 1]);
    const t = tf.tensor3d(labels, [n, h, w], 'int32');
    const g = net.gradient(x, t);
    x.dispose();
    t.dispose();
    return g;
  },
  async evaluate(net, scenes, step) {
    const result = await evaluateSegmenter(net, scenes);
    return {
      task: 'segment',
      step,
      meanIou: result.meanIou,
      pixelAccuracy: result.pixelAccuracy,
      result,
    };
  },
};

/** The task adapter of a net. */
export function taskFor(net: VisionNet): TaskOf<VisionNet> {
  return (net.config.kind === 'grid-detector' ? detect : segment) as TaskOf<VisionNet>;
}
