/**
 * Training a GAN: alternating discriminator and generator steps (gan-step.ts) with Adam at
 * DCGAN's settings (lr 2e-4, β1 0.5), all draws from one seed, so the same seed on the same
 * backend gives the same losses. Each step reports L_D, L_G, D(x) and D(G(z)); every
 * `sampleEvery` steps the generator draws its fixed noise (the grid a page shows) and the
 * samples' diversity is checked. Pause and stop through a RunControl, between steps.
 *
 * Failures are said plainly (gan-health.ts): the discriminator winning and mode collapse are
 * warnings (or stop the run with `stopOnFailure`); a non-finite loss or weight stops it at
 * once with the last good weights put back.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LabeledData } from '../../nn/dataset';
import { Adam } from '../../nn/optimizers/adam';
import { type LrDecay, scheduledRate } from '../../nn/optimizers/schedule';
import { RunControl, yieldToEventLoop } from '../../nn/run-control';
import { GanBatches, toGanBatch } from './gan-data';
import {
  DEFAULT_GAN_HEALTH,
  diversity,
  GanHealth,
  type GanHealthOptions,
  type GanWarning,
} from './gan-health';
import type { Gan } from './gan-model';
import { ganStep } from './gan-step';
import { GeneratorAverage } from './generator-average';
import { fixedNoise, type NoiseSet, noiseWidth } from './latent';

export interface GanTrainingOptions {
  steps: number;
  batchSize: number;
  /** Adam's learning rate for both nets (DCGAN: 2e-4). */
  lr: number;
  /** Adam's β1 (DCGAN: 0.5) and β2 (0.999). */
  beta1?: number;
  beta2?: number;
  /**
   * Cosine decay of both nets' rate from lr to lr / 100 over the run (default none: DCGAN's
   * constant rate). A decayed end settles the generator instead of leaving it mid-chase.
   */
  lrDecay?: LrDecay;
  /**
   * Keep an exponential moving average of the generator's weights with this decay (e.g.
   * 0.999; generator-average.ts): samples, onSamples (where callers score and save) and the
   * generator after the run are the average's. Default: none, the trained weights.
   */
  average?: number;
  /** Seeds the batch order, the noise and the asked labels (the weights have their own seed). */
  seed: number;
  /** The fixed noise's seed (default: seed + 1). */
  noiseSeed?: number;
  /** Draw the fixed-noise samples and check their diversity every N steps (default 100). */
  sampleEvery?: number;
  health?: Partial<GanHealthOptions>;
  /** Stop the run on a health warning instead of going on (default false). */
  stopOnFailure?: boolean;
  control?: RunControl;
  onStep?: (s: GanStepReport) => void;
  /** Awaited: a caller may save a checkpoint here. */
  onSamples?: (s: GanSamples) => void | Promise<void>;
  onWarning?: (w: GanWarning) => void;
}

export interface GanStepReport {
  step: number;
  steps: number;
  discriminatorLoss: number;
  generatorLoss: number;
  /** Mean D(x) on the real images. */
  realness: number;
  /** Mean D(G(z)) on the fakes, before the discriminator's update. */
  fakeness: number;
  /**
   * InfoGAN: λ L_Q, Q's cross-entropy reading the fakes' codes (ln codes when it reads nothing,
   * toward 0 as each code makes its own kind of image); absent without a code.
   */
  infoLoss?: number;
  /** The learning rate this step used (both nets). */
  lr: number;
  imagesPerSecond: number;
}

export interface GanSamples {
  step: number;
  /** The fixed noise and how a grid lays it out. */
  noise: NoiseSet;
  /** count x size x size pixels in [-1, 1]. */
  images: Float32Array;
  /** Their mean pairwise distance (within each asked class), and real digits' for scale. */
  diversity: number;
  realDiversity: number;
}

export type GanStopReason = 'done' | 'stopped' | 'diverged' | 'failed';

export interface GanTrainingResult {
  steps: number;
  reason: GanStopReason;
  message?: string;
  seconds: number;
  imagesPerSecond: number;
  warnings: GanWarning[];
  /** The last step's figures (null when no step finished). */
  last: GanStepReport | null;
}

/** Real images' diversity: up to 10 per class from the data (or the first 100). */
export function realDiversity(data: LabeledData, conditional: boolean): number {
  const pixels = data.x.length / data.count;
  const picked: number[] = [];
  if (conditional) {
    const per = new Map<number, number>();
    for (let i = 0; i < data.count && picked.length < 10 * data.classes; i++) {
      const seen = per.get(data.labels[i]) ?? 0;
      if (seen < 10) {
        per.set(data.labels[i], seen + 1);
        picked.push(i);
      }
    }
  } else for (let i = 0; i < Math.min(100, data.count); i++) picked.push(i);
  const images = new Float32Array(picked.length * pixels);
  picked.forEach((j, k) => {
    for (let p = 0; p < pixels; p++) images[k * pixels + p] = 2 * data.x[j * pixels + p] - 1;
  });
  return diversity(images, pixels, conditional ? picked.map((j) => data.labels[j]) : null);
}

/** The fixed-noise samples as pixels (running batch-norm statistics). */
export async function drawSamples(gan: Gan, noise: NoiseSet): Promise<Float32Array> {
  const images = tf.tidy(() =>
    gan.generator.generate({
      z: tf.tensor2d(noise.z, [noise.count, noiseWidth(gan.config)]),
      labels: noise.labels ? tf.tensor1d(noise.labels, 'int32') : undefined,
    }),
  );
  const values = (await images.data()) as Float32Array;
  images.dispose();
  return values;
}

type Snapshot = Array<readonly [tf.Variable, tf.Tensor]>;

const snapshot = (gan: Gan): Snapshot =>
  gan.savedTensors().map(([, v]) => [v, tf.clone(v)] as const);

function release(s: Snapshot): void {
  for (const [, copy] of s) copy.dispose();
}

/** Mean |value| of every saved tensor, summed: finite exactly when every weight is. */
function weightsCheck(gan: Gan): tf.Scalar {
  return tf.tidy(() => tf.addN(gan.savedTensors().map(([, v]) => tf.mean(tf.abs(v)))) as tf.Scalar);
}

export async function trainGan(
  gan: Gan,
  data: LabeledData,
  opts: GanTrainingOptions,
): Promise<GanTrainingResult> {
  const control = opts.control ?? new RunControl();
  const { config } = gan;
  const beta1 = opts.beta1 ?? 0.5;
  const beta2 = opts.beta2 ?? 0.999;
  const optimizers = {
    generator: new Adam(opts.lr, beta1, beta2),
    discriminator: new Adam(opts.lr, beta1, beta2),
  };
  const batches = new GanBatches(data, config, opts.batchSize, opts.seed);
  const noise = fixedNoise(config, opts.noiseSeed ?? opts.seed + 1);
  const pixels = config.imageSize * config.imageSize;
  const health = new GanHealth(realDiversity(data, gan.conditional), {
    ...DEFAULT_GAN_HEALTH,
    ...opts.health,
  });
  const sampleEvery = opts.sampleEvery ?? 100;
  const warnings: GanWarning[] = [];
  let step = 0;
  let reason: GanStopReason = 'done';
  let message: string | undefined;
  let last: GanStepReport | null = null;
  const started = performance.now();
  const warn = (w: GanWarning | null): boolean => {
    if (!w) return false;
    warnings.push(w);
    opts.onWarning?.(w);
    if (!opts.stopOnFailure) return false;
    reason = 'failed';
    message = `${w.message}; stopped at step ${w.step}`;
    return true;
  };
  const average = opts.average ? new GeneratorAverage(gan.generator, opts.average) : null;
  /** Runs `fn` with the average's weights in the generator when there is one. */
  const averaged = <T>(fn: () => Promise<T>): Promise<T> =>
    average ? average.withAverage(fn) : fn();
  // The weights as of the last good step, put back if a step goes non-finite.
  let good = snapshot(gan);
  try {
    while (step < opts.steps) {
      if (!(await control.checkpoint())) {
        reason = 'stopped';
        break;
      }
      const raw = batches.next();
      const lr = scheduledRate(opts.lr, opts.lrDecay, step, opts.steps);
      optimizers.generator.lr = lr;
      optimizers.discriminator.lr = lr;
      const figures = tf.tidy(() =>
        tf.concat([
          ganStep(gan.generator, gan.discriminator, optimizers, toGanBatch(raw, config)),
          tf.reshape(weightsCheck(gan), [1]),
        ]),
      );
      const [dLoss, gLoss, realness, fakeness, info, weights] = Array.from(await figures.data());
      figures.dispose();
      if (![dLoss, gLoss, realness, fakeness, info, weights].every(Number.isFinite)) {
        for (const [v, copy] of good) v.assign(copy);
        reason = 'diverged';
        const what =
          Number.isFinite(dLoss) && Number.isFinite(gLoss)
            ? 'the weights'
            : `the losses (D ${dLoss}, G ${gLoss})`;
        message = `${what} became non-finite at step ${step + 1}: stopped, the weights of step ${step} kept (try a smaller learning rate)`;
        break;
      }
      step++;
      average?.update();
      release(good);
      good = snapshot(gan);
      const seconds = (performance.now() - started) / 1000;
      last = {
        step,
        steps: opts.steps,
        discriminatorLoss: dLoss,
        generatorLoss: gLoss,
        realness,
        fakeness,
        ...(config.codes > 0 ? { infoLoss: info } : {}),
        lr,
        imagesPerSecond: (step * opts.batchSize) / Math.max(seconds, 1e-9),
      };
      opts.onStep?.(last);
      if (warn(health.observeStep(step, fakeness))) break;
      if (step % sampleEvery === 0 || step === opts.steps) {
        const d = await averaged(async () => {
          const images = await drawSamples(gan, noise);
          const d = diversity(images, pixels, noise.labels);
          await opts.onSamples?.({
            step,
            noise,
            images,
            diversity: d,
            realDiversity: health.realDiversity,
          });
          return d;
        });
        if (warn(health.observeSamples(step, d))) break;
      }
      await yieldToEventLoop();
    }
  } finally {
    release(good);
    // The run's result is the average (of finite steps only: a bad step never reached it).
    average?.commit();
    average?.dispose();
    optimizers.generator.dispose();
    optimizers.discriminator.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    steps: step,
    reason,
    message,
    seconds,
    imagesPerSecond: (step * opts.batchSize) / Math.max(seconds, 1e-9),
    warnings,
    last,
  };
}
