/**
 * The GAN worker's requests checked (each refusal names the setting and the value), with the
 * defaults filled in; and the engine's images turned into what the API sends.
 */
import type { GanConfig } from '../src/vision/gan/gan-config';
import type { GanImages, GanSampleRequest, GanTrainSettings, GanWalkRequest } from './gan-api';

/** Seeds are 32-bit (the Rng's). */
export const MAX_GAN_SEED = 2 ** 32 - 1;

function integerIn(name: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi)
    throw new Error(`${name} must be an integer in ${lo}..${hi}, got ${String(v)}`);
  return v;
}

function numberIn(name: string, v: unknown, lo: number, hi: number, loOpen: boolean): number {
  const low = loOpen ? (v as number) > lo : (v as number) >= lo;
  if (typeof v !== 'number' || !Number.isFinite(v) || !low || !((v as number) < hi))
    throw new Error(
      `${name} must be a number in ${loOpen ? '(' : '['}${lo}, ${hi}), got ${String(v)}`,
    );
  return v;
}

export type CheckedGanTrainSettings = Required<GanTrainSettings>;

export function checkGanTrainSettings(
  s: GanTrainSettings,
  trainDigits: number,
): CheckedGanTrainSettings {
  if (typeof s !== 'object' || s === null) throw new Error('training settings must be an object');
  const sampleEvery = integerIn('sampleEvery', s.sampleEvery ?? 20, 1, 1_000_000);
  const scoreEvery = integerIn('scoreEvery', s.scoreEvery ?? 0, 0, 1_000_000);
  if (scoreEvery % sampleEvery !== 0)
    throw new Error(
      `scoreEvery ${scoreEvery} must be a multiple of sampleEvery ${sampleEvery} (scores are taken when the samples are drawn)`,
    );
  return {
    steps: integerIn('steps', s.steps, 1, 1_000_000),
    batchSize: integerIn('batchSize', s.batchSize, 1, Math.min(1024, trainDigits)),
    lr: numberIn('lr', s.lr, 0, 1, true),
    beta1: numberIn('beta1', s.beta1, 0, 1, false),
    beta2: numberIn('beta2', s.beta2 ?? 0.999, 0, 1, false),
    seed: integerIn('seed', s.seed, 0, MAX_GAN_SEED),
    sampleEvery,
    scoreEvery,
    scoreSamples: integerIn('scoreSamples', s.scoreSamples ?? 500, 2, 10_000),
  };
}

/** Checks a sample request against the GAN's config; the digit only for a conditional one. */
export function checkSampleRequest(
  r: GanSampleRequest,
  config: GanConfig,
): Required<Omit<GanSampleRequest, 'digit'>> & { digit: number | null } {
  if (typeof r !== 'object' || r === null) throw new Error('a sample request must be an object');
  return {
    count: integerIn('count', r.count, 1, 256),
    seed: integerIn('seed', r.seed, 0, MAX_GAN_SEED),
    columns: integerIn('columns', r.columns ?? 8, 1, 64),
    digit: checkDigit(r.digit, config),
  };
}

export function checkWalkRequest(
  r: GanWalkRequest,
  config: GanConfig,
): { seeds: number[]; framesPerLeg: number; loop: boolean; digit: number | null } {
  if (typeof r !== 'object' || r === null) throw new Error('a walk request must be an object');
  if (!Array.isArray(r.seeds) || r.seeds.length < 2 || r.seeds.length > 16)
    throw new Error(`seeds must be 2..16 seeds, got ${JSON.stringify(r.seeds)}`);
  return {
    seeds: r.seeds.map((s, i) => integerIn(`seeds[${i}]`, s, 0, MAX_GAN_SEED)),
    framesPerLeg: integerIn('framesPerLeg', r.framesPerLeg ?? 24, 2, 256),
    loop: r.loop ?? true,
    digit: config.classes > 0 ? checkDigit(r.digit ?? 7, config) : checkDigit(r.digit, config),
  };
}

function checkDigit(digit: number | undefined, config: GanConfig): number | null {
  if (digit === undefined) return null;
  if (config.classes === 0)
    throw new Error('this GAN is unconditional: it cannot be asked for a digit');
  return integerIn('digit', digit, 0, config.classes - 1);
}

/** tanh's [-1, 1] to MNIST's [0, 1], as a fresh array (it is transferred). */
export function toUnitPixels(images: Float32Array): Float32Array {
  const out = new Float32Array(images.length);
  for (let i = 0; i < images.length; i++) out[i] = Math.min(1, Math.max(0, (images[i] + 1) / 2));
  return out;
}

/** The grid as the API sends it. */
export function ganImages(
  images: Float32Array,
  size: number,
  layout: { rows: number; columns: number },
  labels: Int32Array | null,
): GanImages {
  const count = images.length / (size * size);
  return {
    images: toUnitPixels(images),
    count,
    rows: layout.rows,
    columns: layout.columns,
    size,
    labels: labels ? Int32Array.from(labels) : null,
  };
}
