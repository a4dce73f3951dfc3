/**
 * The "Make digits" studio's choices and words: the models a user can pick, the training
 * settings with DCGAN's defaults and each field's range, and what the page says about a run's
 * health and scores, in plain sentences. Pure, unit-tested.
 */
import type { GanScoreReport, GanWarning } from '../../../../workers/gan-api';
import { DEFAULT_GAN, type GanConfig } from '../../../vision/gan/gan-config';
import type { NumberRule } from '../../field-rules';
import type { ShippedGan } from './gan-shipped';

/** A shipped model's choice: 'shipped-' and the file's name. */
export type ShippedChoice = `shipped-${ShippedGan}`;

export type GanChoice = ShippedChoice | 'new-dcgan' | 'new-cgan' | 'new-infogan' | 'loaded';

export const GAN_CHOICES: Array<[GanChoice, string]> = [
  ['shipped-dcgan', 'Shipped DCGAN'],
  ['shipped-cgan', 'Shipped conditional DCGAN (ask for a digit)'],
  ['shipped-infogan', 'Shipped InfoGAN (no labels)'],
  ['new-dcgan', 'Train a new DCGAN'],
  ['new-cgan', 'Train a new conditional DCGAN'],
  ['new-infogan', 'Train a new InfoGAN (no labels)'],
];

/** The choice a loaded file shows as (added to the select when a file is loaded). */
export const LOADED_LABEL = 'Loaded from a file';

export const isShipped = (c: GanChoice): c is ShippedChoice => c.startsWith('shipped-');

/** The shipped file a shipped choice loads. */
export const shippedName = (c: ShippedChoice): ShippedGan =>
  c.slice('shipped-'.length) as ShippedGan;

/** A model whose shape comes from a file: its noise size cannot be changed. */
export const hasFixedShape = (c: GanChoice): boolean => isShipped(c) || c === 'loaded';

export const isConditionalChoice = (c: GanChoice): boolean =>
  c === 'new-cgan' || c === 'shipped-cgan';

/** A model made here, untrained until its first run. */
export const isNewChoice = (c: GanChoice): boolean => c.startsWith('new-');

/** InfoGAN's code: 10 values, one for each kind it may find (MNIST has 10 digits). */
export const INFOGAN_CODES = 10;

export interface GanFormValues {
  steps: number;
  batch: number;
  lr: number;
  beta1: number;
  seed: number;
  latent: number;
  /** Score with the classifier every N steps (0: never). */
  scoreEvery: number;
}

/**
 * DCGAN's settings (Radford et al.: β1 0.5, batch 64; z of 64 as the CLI's) but Adam's rate
 * 5e-4 instead of 2e-4: a run in the page lasts minutes, and at 5e-4 the conditional DCGAN's
 * samples were read as digits (confident share >= 0.5) after 400 steps instead of ~1,000, and
 * 0.86 after 2,000 steps against 0.62 at 2e-4 (README, "bench:gan-browser"). The CLI keeps
 * DCGAN's 2e-4, the shipped models' rate, and so does a shipped or loaded model trained further
 * here (`learningRateFor`).
 */
export const GAN_DEFAULTS: GanFormValues = {
  steps: 2000,
  batch: 64,
  lr: 0.0005,
  beta1: 0.5,
  seed: 0,
  latent: DEFAULT_GAN.latent,
  scoreEvery: 100,
};

/** DCGAN's own rate: the shipped models were trained at it. */
export const DCGAN_LR = 0.0002;

/** The learning rate a choice starts with: a new model's quick one, or DCGAN's to go on. */
export function learningRateFor(choice: GanChoice): number {
  return isNewChoice(choice) ? GAN_DEFAULTS.lr : DCGAN_LR;
}

/** The fields' ranges (the CLI's). */
export const GAN_RULES: Record<keyof GanFormValues, NumberRule> = {
  steps: { label: 'Steps', min: 1, max: 100_000, integer: true },
  batch: { label: 'Batch', min: 1, max: 256, integer: true },
  lr: { label: 'Learning rate', min: 0, max: 0.1, minExclusive: true },
  beta1: { label: 'β1', min: 0, max: 0.99 },
  seed: { label: 'Seed', min: 0, max: 4_294_967_295, integer: true },
  latent: { label: 'Latent size', min: 1, max: 1024, integer: true },
  scoreEvery: { label: 'Score every', min: 0, max: 100_000, integer: true },
};

/** How often a run draws its grid (at most), in steps, and the samples each score reads. */
export const SAMPLE_EVERY = 20;
export const SCORE_SAMPLES = 500;

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * The grid's cadence for a score cadence: every SAMPLE_EVERY steps, or more often when the
 * scores ask for it (scores are taken when the grid is drawn, so one divides the other).
 */
export function sampleEveryFor(scoreEvery: number): number {
  return scoreEvery > 0 ? gcd(SAMPLE_EVERY, scoreEvery) : SAMPLE_EVERY;
}

/** The config a new model of `choice` is built with. */
export function newGanConfig(choice: GanChoice, latent: number): GanConfig {
  return {
    ...DEFAULT_GAN,
    latent,
    classes: isConditionalChoice(choice) ? 10 : 0,
    codes: choice === 'new-infogan' ? INFOGAN_CODES : 0,
  };
}

/** A warning's headline: what the user sees happening, then the name of it. */
export function healthHeadline(w: Pick<GanWarning, 'kind'>): string {
  switch (w.kind) {
    case 'mode-collapse':
      return 'The generator makes the same few digits over and over, whatever the noise: mode collapse.';
    case 'discriminator-wins':
      return 'The discriminator tells every fake from a real digit, so the generator has stopped learning: the discriminator wins.';
  }
}

/** What the page says when a run ends. */
export function endMessage(reason: string, steps: number, message?: string): string {
  const what =
    reason === 'done'
      ? `Done: ${steps} steps.`
      : reason === 'stopped'
        ? `Stopped after ${steps} steps.`
        : reason === 'diverged'
          ? `The training diverged after ${steps} steps: the numbers blew up, so the last good weights were kept.`
          : `Stopped after ${steps} steps by a health check.`;
  return message && reason !== 'done' ? `${what} ${capitalise(message)}.` : what;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const percent = (x: number) => `${(100 * x).toFixed(0)}%`;

/** The scores in one line a user can read. */
export function scoreLine(s: GanScoreReport): string {
  const parts = [
    `${percent(s.confidentShare)} read as a digit with confidence ≥ 0.9`,
    `coverage ${s.coverage.toFixed(2)} (1: every digit as often)`,
  ];
  if (s.agreement !== null) parts.push(`${percent(s.agreement)} read as the digit asked for`);
  parts.push(
    `Fréchet distance ${s.frechet.toFixed(1)} (real digits: ${s.frechetRealVsReal.toFixed(1)})`,
  );
  return `${parts.join('; ')}. ${s.samples} samples against ${s.referenceDigits.toLocaleString('en')} test digits.`;
}

/** Which digits the classifier read most and least often, for the coverage's meaning. */
export function histogramNote(histogram: readonly number[]): string {
  const total = histogram.reduce((a, b) => a + b, 0);
  if (total === 0) return '';
  const order = histogram.map((n, d) => [n, d] as const).sort((a, b) => b[0] - a[0]);
  const missing = order.filter(([n]) => n === 0).map(([, d]) => d);
  const [count, digit] = order[0];
  const most = `Read ${digit} most often (${percent(count / total)})`;
  return missing.length > 0
    ? `${most}; never ${missing.sort((a, b) => a - b).join(', ')}.`
    : `${most}.`;
}
