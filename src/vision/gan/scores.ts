/**
 * How good a GAN's digits are, as our own classifier reads them (issue 14's measures):
 * - the Fréchet distance between the samples' penultimate features and real test digits'
 *   (frechet.ts), beside the same distance between training and test digits for scale;
 * - the share of samples the classifier reads with confidence >= 0.9 (a digit, not a blot);
 * - class coverage: the entropy of the predicted-class histogram against ln 10 (1: every
 *   digit as often; 0: one digit only, whatever the noise);
 * - for a conditional net, how often the classifier reads the class that was asked for.
 */
import type { ClassifierReading } from './classifier-features';
import { frechetDistance, type GaussianStats, gaussianStats } from './frechet';

/** The confidence that counts a sample as read. */
export const CONFIDENT = 0.9;

/** The most probable class of each row of `probabilities` (count x classes). */
export function predictedClasses(probabilities: ArrayLike<number>, classes: number): Int32Array {
  const n = probabilities.length / classes;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++)
      if (probabilities[i * classes + c] > probabilities[i * classes + best]) best = c;
    out[i] = best;
  }
  return out;
}

/** Share of rows whose top probability is >= `threshold`. */
export function confidentShare(
  probabilities: ArrayLike<number>,
  classes: number,
  threshold = CONFIDENT,
): number {
  const n = probabilities.length / classes;
  if (n === 0) return 0;
  let confident = 0;
  for (let i = 0; i < n; i++) {
    let top = 0;
    for (let c = 0; c < classes; c++) top = Math.max(top, probabilities[i * classes + c]);
    if (top >= threshold) confident++;
  }
  return confident / n;
}

export interface Coverage {
  /** How many samples fell in each class. */
  histogram: number[];
  /** Entropy of the histogram's shares, in nats. */
  entropy: number;
  /** entropy / ln(classes): 1 for a uniform histogram, 0 for one class. */
  ratio: number;
}

export function classCoverage(predicted: ArrayLike<number>, classes: number): Coverage {
  const histogram = new Array<number>(classes).fill(0);
  for (let i = 0; i < predicted.length; i++) histogram[predicted[i]]++;
  let entropy = 0;
  for (const count of histogram) {
    if (count === 0) continue;
    const p = count / predicted.length;
    entropy -= p * Math.log(p);
  }
  return { histogram, entropy, ratio: classes > 1 ? entropy / Math.log(classes) : 0 };
}

/** Share of samples whose predicted class is the one asked for. */
export function agreement(predicted: ArrayLike<number>, asked: ArrayLike<number>): number {
  if (predicted.length !== asked.length)
    throw new Error(`agreement: ${predicted.length} predictions for ${asked.length} asked labels`);
  if (predicted.length === 0) return 0;
  let same = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === asked[i]) same++;
  return same / predicted.length;
}

export interface GanScores {
  samples: number;
  /** Squared Fréchet distance to the reference (test digits') features. */
  frechet: number;
  confidentShare: number;
  coverage: number;
  coverageEntropy: number;
  histogram: number[];
  /** Conditional nets only: share read as the asked class. */
  agreement?: number;
}

/** The scores of a classifier's reading of generated samples against real digits' statistics. */
export function scoreReading(
  reading: ClassifierReading,
  reference: GaussianStats,
  asked?: ArrayLike<number>,
): GanScores {
  const predicted = predictedClasses(reading.probabilities, reading.classes);
  const coverage = classCoverage(predicted, reading.classes);
  return {
    samples: reading.count,
    frechet: frechetDistance(gaussianStats(reading.features, reading.featureDim), reference),
    confidentShare: confidentShare(reading.probabilities, reading.classes),
    coverage: coverage.ratio,
    coverageEntropy: coverage.entropy,
    histogram: coverage.histogram,
    ...(asked ? { agreement: agreement(predicted, asked) } : {}),
  };
}
