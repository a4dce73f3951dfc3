/**
 * The training loop (the book's common/trainer.py): epochs of shuffled mini-batches, one
 * optimizer step per batch, evaluation after every epoch, progress events, pause/resume/stop.
 *
 * A step whose loss is NaN or Inf is never applied: the loop stops with a TrainingDiverged
 * error and the net keeps the weights of the last good step.
 *
 * `lossEvery: N` reads the loss back only every N steps (each read stalls a GPU pipeline).
 * The steps in between are applied unchecked, so at each check the loop keeps a copy of the
 * weights; a NaN/Inf loss then rolls the net back to the weights of the last checked step.
 */
import * as tf from '@tensorflow/tfjs-core';
import { gatherBatch, head, type LabeledData, validateData } from './dataset';
import { type Evaluation, evaluate } from './evaluate';
import { disposeGradient, type Gradient, type SequentialNet } from './nets/net';
import type { Optimizer } from './optimizers/optimizer';
import { Rng } from './rng';
import { RunControl, yieldToEventLoop } from './run-control';

export interface TrainerOptions {
  batchSize: number;
  /** Number of passes over the training set; ignored when `iterations` is set. */
  epochs?: number;
  /** Total optimizer steps (the book's iters_num); overrides `epochs`. */
  iterations?: number;
  /** Seeds the batch order. */
  seed: number;
  /** Per-epoch accuracy is measured on at most this many samples of each set (all by default). */
  evalSamples?: number;
  /**
   * Read the loss back (and check it) every N steps, and always at the last step; 1 (the
   * default) checks every step. Step events and `losses` then hold the checked steps only.
   */
  lossEvery?: number;
  /**
   * Start at this many steps already done (resuming a run after a backend change): the batch
   * order is the one a run from 0 with the same seed would use. 0 by default.
   */
  startIteration?: number;
  onProgress?: (event: TrainEvent) => void;
  /** Called after each epoch's evaluation (checkpoints); awaited before training goes on. */
  afterEpoch?: (record: EpochRecord) => void | Promise<void>;
  /**
   * Changes a gathered batch in place before the step (data augmentation); `x` holds `count`
   * samples of the training set's sample shape. Training batches only, never evaluation.
   */
  augment?: (x: Float32Array, count: number) => void;
  /** The learning rate of step `iteration` (0-based); set on the optimizer before the step. */
  learningRate?: (iteration: number) => number;
  /** Called before step `iteration` (1-based) runs; throwing ends the run with that error. */
  beforeStep?: (iteration: number) => void;
  /** Called after each checked step is applied (before its progress event); awaited. */
  afterCheck?: (iteration: number) => void | Promise<void>;
  /** Pause, resume and stop from outside; checked between steps (default: a fresh one). */
  control?: RunControl;
  /** The loop has stopped at a pause (after `iteration` steps) / goes on after it. */
  onPause?: (iteration: number) => void;
  onResume?: (iteration: number) => void;
}

export type TrainEvent =
  | {
      type: 'step';
      iteration: number;
      totalIterations: number;
      epoch: number;
      loss: number;
      samplesPerSecond: number;
    }
  | {
      type: 'epoch';
      epoch: number;
      totalEpochs: number;
      iteration: number;
      train: Evaluation;
      test: Evaluation;
    };

export interface EpochRecord {
  epoch: number;
  iteration: number;
  trainAccuracy: number;
  trainLoss: number;
  testAccuracy: number;
  testLoss: number;
}

export interface TrainResult {
  /** Loss of every step, in order. */
  losses: number[];
  epochs: EpochRecord[];
  iterations: number;
  stopped: boolean;
  /** Wall time of the whole run, evaluations included. */
  seconds: number;
  /** Training throughput (evaluation time excluded). */
  samplesPerSecond: number;
}

export class TrainingDiverged extends Error {
  constructor(
    readonly iteration: number,
    readonly loss: number,
    /** The step whose weights the net holds now (the last checked one). */
    readonly keptIteration = iteration - 1,
  ) {
    super(
      `training stopped at step ${iteration}: the loss became ${loss}. The weights of step ${keptIteration} are kept; ` +
        'try a smaller learning rate.',
    );
    this.name = 'TrainingDiverged';
  }
}

export class Trainer {
  /** Pause, resume, stop: a stop ends `run` after the current step with `stopped: true`. */
  readonly control: RunControl;

  constructor(
    readonly net: SequentialNet,
    readonly optimizer: Optimizer,
    readonly train: LabeledData,
    readonly test: LabeledData,
    readonly options: TrainerOptions,
  ) {
    validateData(train, 'training set');
    validateData(test, 'test set');
    if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
      throw new Error(`batch size must be a positive integer, got ${options.batchSize}`);
    }
    this.control = options.control ?? new RunControl();
  }

  get itersPerEpoch(): number {
    return Math.max(Math.ceil(this.train.count / this.options.batchSize), 1);
  }

  get totalIterations(): number {
    const { iterations, epochs } = this.options;
    if (iterations !== undefined) {
      if (!Number.isInteger(iterations) || iterations < 1)
        throw new Error(`iterations must be a positive integer, got ${iterations}`);
      return iterations;
    }
    const e = epochs ?? 1;
    if (!Number.isInteger(e) || e < 1)
      throw new Error(`epochs must be a positive integer, got ${e}`);
    return e * this.itersPerEpoch;
  }

  private async evaluateEpoch(
    epoch: number,
    iteration: number,
    totalEpochs: number,
  ): Promise<EpochRecord> {
    const n = this.options.evalSamples ?? Number.POSITIVE_INFINITY;
    const train = await evaluate(this.net, head(this.train, n));
    const test = await evaluate(this.net, head(this.test, n));
    this.options.onProgress?.({ type: 'epoch', epoch, totalEpochs, iteration, train, test });
    return {
      epoch,
      iteration,
      trainAccuracy: train.accuracy,
      trainLoss: train.loss,
      testAccuracy: test.accuracy,
      testLoss: test.loss,
    };
  }

  get lossEvery(): number {
    const n = this.options.lossEvery ?? 1;
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`lossEvery must be a positive integer, got ${n}`);
    return n;
  }

  async run(): Promise<TrainResult> {
    const { batchSize } = this.options;
    const total = this.totalIterations;
    const perEpoch = this.itersPerEpoch;
    const totalEpochs = Math.ceil(total / perEpoch);
    const lossEvery = this.lossEvery;
    const start = this.options.startIteration ?? 0;
    if (!Number.isInteger(start) || start < 0 || start > total)
      throw new Error(`startIteration must be an integer in [0, ${total}], got ${start}`);
    const rng = new Rng(this.options.seed);
    const losses: number[] = [];
    const epochs: EpochRecord[] = [];
    const started = performance.now();
    // Replay the shuffles of the epochs already done, so a resumed run sees the same batches.
    let order = rng.permutation(this.train.count);
    for (let e = 0; e < Math.floor(start / perEpoch); e++)
      order = rng.permutation(this.train.count);
    let stopped = false;
    let it = start;
    let evalSeconds = 0;
    // With unchecked steps, the weights of the last checked step (to roll back to on NaN).
    let checked = lossEvery > 1 ? new WeightSnapshot(this.net, it) : null;
    try {
      while (it < total) {
        if (this.control.paused) {
          this.options.onPause?.(it);
          await this.control.checkpoint();
          this.options.onResume?.(it);
        }
        if (this.control.stopped) {
          stopped = true;
          break;
        }
        const pos = it % perEpoch;
        if (pos === 0 && it > start) order = rng.permutation(this.train.count);
        const indices = order.subarray(
          pos * batchSize,
          Math.min((pos + 1) * batchSize, this.train.count),
        );
        this.options.beforeStep?.(it + 1);
        const batch = gatherBatch(this.train, indices);
        this.options.augment?.(batch.x, indices.length);
        if (this.options.learningRate) this.optimizer.lr = this.options.learningRate(it);
        const x = tf.tensor(batch.x, [indices.length, ...this.train.sampleShape]);
        const t = tf.tensor1d(batch.labels, 'int32');
        let g: Gradient;
        try {
          g = this.net.gradient(x, t);
        } finally {
          x.dispose();
          t.dispose();
        }
        const check = (it + 1) % lossEvery === 0 || it + 1 === total;
        let loss = Number.NaN;
        if (check) {
          try {
            loss = (await g.loss.data())[0];
          } catch (e) {
            disposeGradient(g);
            throw e;
          }
          if (!Number.isFinite(loss)) {
            disposeGradient(g);
            if (checked) checked.restore(this.net);
            throw new TrainingDiverged(it + 1, loss, checked?.iteration ?? it);
          }
        }
        try {
          this.optimizer.update(this.net.params, g.grads);
        } finally {
          disposeGradient(g);
        }
        it++;
        if (check) {
          if (checked) {
            checked.dispose();
            checked = new WeightSnapshot(this.net, it);
          }
          await this.options.afterCheck?.(it);
          losses.push(loss);
          const seconds = (performance.now() - started) / 1000 - evalSeconds;
          this.options.onProgress?.({
            type: 'step',
            iteration: it,
            totalIterations: total,
            epoch: Math.ceil(it / perEpoch),
            loss,
            samplesPerSecond: ((it - start) * batchSize) / Math.max(seconds, 1e-9),
          });
        }
        if (it % perEpoch === 0 || it === total) {
          const evalStart = performance.now();
          const record = await this.evaluateEpoch(Math.ceil(it / perEpoch), it, totalEpochs);
          epochs.push(record);
          await this.options.afterEpoch?.(record);
          evalSeconds += (performance.now() - evalStart) / 1000;
        }
        // Let pause/stop requests and UI messages in between steps.
        await yieldToEventLoop();
      }
    } finally {
      checked?.dispose();
    }
    const seconds = (performance.now() - started) / 1000;
    const trainSeconds = Math.max(seconds - evalSeconds, 1e-9);
    return {
      losses,
      epochs,
      iterations: it,
      stopped,
      seconds,
      samplesPerSecond: ((it - start) * batchSize) / trainSeconds,
    };
  }
}

/** On-device copies of a net's parameters and state, taken after step `iteration`. */
class WeightSnapshot {
  private readonly copies: Array<[tf.Variable, tf.Tensor]>;

  constructor(
    net: SequentialNet,
    readonly iteration: number,
  ) {
    this.copies = [...net.params.values(), ...net.state.values()].map((v) => [v, tf.clone(v)]);
  }

  restore(net: SequentialNet): void {
    const mine = new Set(this.copies.map(([v]) => v));
    for (const v of [...net.params.values(), ...net.state.values()])
      if (!mine.has(v)) throw new Error('WeightSnapshot.restore: a different net');
    for (const [v, copy] of this.copies) v.assign(copy);
  }

  dispose(): void {
    for (const [, copy] of this.copies) copy.dispose();
  }
}
