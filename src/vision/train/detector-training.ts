/**
 * Training the grid detector on freshly generated scenes: Adam (optionally cosine-decayed),
 * progress every step, COCO mAP on held-out scenes every `evalEvery` steps, pause/stop
 * through a RunControl, and a non-finite loss stops the run with the weights of the last
 * good evaluation restored (nothing is lost, and the message says why).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DigitSource } from '../../data/scenes/digit-source';
import type { Scene } from '../../data/scenes/scene';
import { disposeGradient } from '../../nn/nets/net';
import { Adam } from '../../nn/optimizers/adam';
import { RunControl, yieldToEventLoop } from '../../nn/run-control';
import type { GridDetector } from '../detector/grid-detector';
import { encodeTargets } from '../detector/grid-targets';
import type { CocoEvalResult } from '../metrics/coco-eval';
import { evaluateDetector } from './detector-evaluation';
import { type SceneBatchOptions, sceneBatch } from './scene-batches';

export interface DetectorTrainingOptions {
  steps: number;
  batchSize: number;
  lr: number;
  /** Cosine decay from lr to lr / 100 over the run (default: constant). */
  lrDecay?: 'cosine' | 'none';
  /** Seeds the training scenes (the net's weights have their own seed). */
  seed: number;
  /** The first scene index: a continued run passes the steps done so far times the batch. */
  firstScene?: number;
  scenes?: SceneBatchOptions;
  /** Held-out scenes (from MNIST's test split) scored every `evalEvery` steps and at the end. */
  evalScenes?: readonly Scene[];
  evalEvery?: number;
  control?: RunControl;
  onStep?: (p: DetectorStep) => void;
  /** Awaited: a caller may save a checkpoint here. */
  onEval?: (e: DetectorEvaluation) => void | Promise<void>;
}

export interface DetectorStep {
  step: number;
  steps: number;
  loss: number;
  /** Objectness, box and class losses. */
  parts: [number, number, number];
  lr: number;
  imagesPerSecond: number;
}

export interface DetectorEvaluation {
  step: number;
  map50: number;
  map: number;
  result: CocoEvalResult;
}

export interface DetectorTrainingResult {
  steps: number;
  reason: 'done' | 'stopped' | 'diverged';
  message?: string;
  seconds: number;
  imagesPerSecond: number;
  evaluations: DetectorEvaluation[];
}

export function learningRate(
  opts: Pick<DetectorTrainingOptions, 'lr' | 'lrDecay' | 'steps'>,
  step: number,
): number {
  if (opts.lrDecay !== 'cosine') return opts.lr;
  const floor = opts.lr / 100;
  return (
    floor + ((opts.lr - floor) * (1 + Math.cos((Math.PI * step) / Math.max(1, opts.steps)))) / 2
  );
}

export async function trainDetector(
  net: GridDetector,
  source: DigitSource,
  opts: DetectorTrainingOptions,
): Promise<DetectorTrainingResult> {
  const control = opts.control ?? new RunControl();
  const optimizer = new Adam(opts.lr);
  const [h, w] = net.config.inputSize;
  const evaluations: DetectorEvaluation[] = [];
  const started = performance.now();
  // The weights as of the last finite step, restored if a step goes non-finite.
  let good = [...net.params].map(([name, v]) => [name, tf.clone(v)] as const);
  let step = 0;
  let reason: DetectorTrainingResult['reason'] = 'done';
  let message: string | undefined;
  const evaluate = async () => {
    if (!opts.evalScenes || opts.evalScenes.length === 0) return;
    const result = await evaluateDetector(net, opts.evalScenes);
    const e = { step, map50: result.map50, map: result.map, result };
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
      const targets = encodeTargets(
        net.config,
        batch.scenes.map((s) => s.objects.map((o) => ({ bbox: o.bbox, classIndex: o.digit }))),
      );
      optimizer.lr = learningRate(opts, step);
      const x = tf.tensor4d(batch.input, [opts.batchSize, h, w, 1]);
      const g = net.gradient(x, targets);
      x.dispose();
      const [loss] = await g.loss.data();
      const parts = Array.from(await g.parts.data()) as [number, number, number];
      if (!Number.isFinite(loss)) {
        disposeGradient(g);
        g.parts.dispose();
        for (const [name, copy] of good) net.params.get(name)?.assign(copy);
        reason = 'diverged';
        message = `the loss became ${loss} at step ${step + 1}: stopped, weights of step ${step} kept (try a smaller learning rate)`;
        break;
      }
      optimizer.update(net.params, g.grads);
      disposeGradient(g);
      g.parts.dispose();
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
