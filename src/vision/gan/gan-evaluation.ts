/**
 * Scoring a generator (scores.ts) end to end: draw samples from seeded noise (asked labels
 * cycling through the classes for a conditional net, so each is asked equally), read them
 * with the classifier, compare with real digits' statistics.
 */
import type { LabeledData } from '../../nn/dataset';
import type { SequentialNet } from '../../nn/nets/net';
import { readImages } from './classifier-features';
import { frechetDistance, type GaussianStats, gaussianStats } from './frechet';
import type { Gan } from './gan-model';
import { keptSamples } from './rejection-sampling';
import { type GanScores, scoreReading } from './scores';

/** Penultimate-feature statistics of real images (pixels in [0, 1]). */
export async function realStats(
  classifier: SequentialNet,
  data: LabeledData,
  count = data.count,
): Promise<GaussianStats> {
  const n = Math.min(count, data.count);
  const pixels = data.x.length / data.count;
  const reading = await readImages(classifier, data.x.subarray(0, n * pixels), n);
  return gaussianStats(reading.features, reading.featureDim);
}

/** The Fréchet distance between two real sets (training vs test digits): the scale of a good score. */
export async function realVsReal(
  classifier: SequentialNet,
  a: LabeledData,
  reference: GaussianStats,
  count = a.count,
): Promise<number> {
  return frechetDistance(await realStats(classifier, a, count), reference);
}

export { generateSamples } from './gan-samples';

/**
 * The GAN's scores on `count` samples against the reference (test digits') statistics; with
 * `keep` < 1 the samples are the discriminator's best share of count / keep (rejection-sampling.ts).
 */
export async function scoreGan(
  gan: Gan,
  classifier: SequentialNet,
  reference: GaussianStats,
  { count, seed, keep = 1 }: { count: number; seed: number; keep?: number },
): Promise<GanScores> {
  const { images, asked } = await keptSamples(gan, count, seed, keep);
  const reading = await readImages(classifier, images, count);
  return scoreReading(reading, reference, asked ?? undefined);
}
