/**
 * Training a vision net on freshly generated scenes: Adam (optionally cosine-decayed),
 * progress every step, a score on held-out scenes every `evalEvery` steps (COCO mAP for the
 * detector, mean IoU for the segmenter), pause/stop through a RunControl, and a non-finite
 * loss stops the run with the last good weights restored (nothing is lost; the message says
 * why). One loop for both nets: what differs is the task (vision-tasks.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DigitSource } from '../../data/scenes/digit-source';
import type { Scene } from '../../data/scenes/scene';
import { disposeGradient } from '../../nn/nets/net';
import { Adam } from '../../nn/optimizers/adam';
import { type LrDecay, scheduledRate } from '../../nn/optimizers/schedule';
import { RunControl, yieldToEventLoop } from '../../nn/run-control';
import { type SceneBatchOptions, sceneBatch } from './scene-batches';
import type { TaskOf, VisionEvaluation, VisionNet } from './vision-tasks';

export interface VisionTrainingOptions {
  steps: number;
  batchSize: number;
  lr: number;
  /** Cosine decay from lr to lr / 100 over the run (default: constant). */
  lrDecay?: LrDecay;
  /** Seeds the training scenes (the net's weights have their own seed). */
  seed: number;
  /** The first scene index: a continued run passes the steps done so far times the batch. */
  firstScene?: number;
  scenes?: SceneBatchOptions;
  /** Held-out scenes (from MNIST's test split) scored every `evalEvery` steps and at the end. */
  evalScenes?: readonly Scene[];
  evalEvery?: number;
  control?: RunControl;
  onStep?: (p: VisionStep) => void;
  /** Awaited: a caller may save a checkpoint here. */
  onEval?: (e: VisionEvaluation) => void | Promise<void>;
}

export interface VisionStep {
  step: number;
  steps: number;
  loss: number;
  /** The detector's objectness, box and class losses; empty for the segmenter. */
  parts: number[];
  lr: number;
  imagesPerSecond: number;
}

export interface VisionTrainingResult {
  steps: number;
  reason: 'done' | 'stopped' | 'diverged';
  message?: string;
  seconds: number;
  imagesPerSecond: number;
  evaluations: VisionEvaluation[];
}

export function learningRate(
  opts: Pick<VisionTrainingOptions, 'lr' | 'lrDecay' | 'steps'>,
  step: number,
): number {
  return scheduledRate(opts.lr, opts.lrDecay, step, opts.steps);
}

export async function trainVision(
  net: VisionNet,
  task: TaskOf<VisionNet>,
  source: DigitSource,
  opts: VisionTrainingOptions,
): Promise<VisionTrainingResult> {
  const control = opts.control ?? new RunControl();
  const optimizer = new Adam(opts.lr);
  const [h, w] = net.config.inputSize;
  const evaluations: VisionEvaluation[] = [];
  const started = performance.now();
  // The weights as of the last finite step, restored if a step goes non-finite.
  let good = [...net.params].map(([name, v]) => [name, tf.clone(v)] as const);
  let step = 0;
  let reason: VisionTrainingResult['reason'] = 'done';
  let message: string | undefined;
  const evaluate = async () => {
    if (!opts.evalScenes || opts.evalScenes.length === 0) return;
    const e = await task.evaluate(net, opts.evalScenes, step);
    evaluations.push(e);
    await opts.onEval?.(e);
  };
  try {
    while (step < opts.steps) {
      if (!(await control.checkpoint())) {
        reason = 'stopped';
        break;
      }
      const first = (opts.firstScene ?? 0) + step * opts.batchSize;
      const batch = sceneBatch(source, opts.seed, first, opts.batchSize, {
        width: w,
        height: h,
        ...opts.scenes,
      });
      optimizer.lr = learningRate(opts, step);
      const g = task.gradient(net, batch);
      const [loss] = await g.loss.data();
      const parts = g.parts ? Array.from(await g.parts.data()) : [];
      if (!Number.isFinite(loss)) {
        disposeGradient(g);
        g.parts?.dispose();
        for (const [name, copy] of good) net.params.get(name)?.assign(copy);
        reason = 'diverged';
        message = `the loss became ${loss} at step ${step + 1}: stopped, weights of step ${step} kept (try a smaller learning rate)`;
        break;
      }
      optimizer.update(net.params, g.grads);
      disposeGradient(g);
      g.parts?.dispose();
      step++;
      for (const [, copy] of good) copy.dispose();
      good = [...net.params].map(([name, v]) => [name, tf.clone(v)] as const);
      const seconds = (performance.now() - started) / 1000;
      opts.onStep?.({
        step,
        steps: opts.steps,
        loss,
        parts,
        lr: optimizer.lr,
        imagesPerSecond: (step * opts.batchSize) / seconds,
      });
      if (opts.evalEvery && step % opts.evalEvery === 0 && step < opts.steps) await evaluate();
      await yieldToEventLoop();
    }
    if (reason !== 'diverged') await evaluate();
  } finally {
    for (const [, copy] of good) copy.dispose();
    optimizer.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    steps: step,
    reason,
    message,
    seconds,
    imagesPerSecond: (step * opts.batchSize) / Math.max(seconds, 1e-9),
    evaluations,
  };
}
