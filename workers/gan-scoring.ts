/**
 * The GAN worker's scores: the shipped digit classifier reads generated samples (confident
 * share, coverage, agreement) and its penultimate features give a Fréchet distance to test
 * digits, beside the distance between as many training digits and the same test digits, for
 * scale (a smaller sample reads a larger distance: the CLI's figure is 10,000 against 10,000).
 * The classifier reads a few hundred images at a time with a yield between, so the worker's
 * heartbeat goes on while it scores.
 */
import type { Mnist } from '../src/data/mnist';
import type { LabeledData } from '../src/nn/dataset';
import type { SequentialNet } from '../src/nn/nets/net';
import { yieldToEventLoop } from '../src/nn/run-control';
import { type ClassifierReading, readImages } from '../src/vision/gan/classifier-features';
import { frechetDistance, type GaussianStats, gaussianStats } from '../src/vision/gan/frechet';
import { generateSamples } from '../src/vision/gan/gan-evaluation';
import type { Gan } from '../src/vision/gan/gan-model';
import { scoreReading } from '../src/vision/gan/scores';
import type { GanScoreReport } from './gan-api';

/** Test digits the Fréchet reference is read from (the CLI reads all 10,000). */
export const REFERENCE_DIGITS = 2000;
const CHUNK = 250;

/** `readImages` a chunk at a time, yielding between chunks. */
async function readChunked(
  net: SequentialNet,
  images: Float32Array,
  count: number,
): Promise<ClassifierReading> {
  const pixels = images.length / count;
  const parts: ClassifierReading[] = [];
  for (let start = 0; start < count; start += CHUNK) {
    const n = Math.min(CHUNK, count - start);
    parts.push(await readImages(net, images.subarray(start * pixels, (start + n) * pixels), n));
    await yieldToEventLoop();
  }
  const { featureDim, classes } = parts[0];
  const features = new Float32Array(count * featureDim);
  const probabilities = new Float32Array(count * classes);
  let at = 0;
  for (const p of parts) {
    features.set(p.features, at * featureDim);
    probabilities.set(p.probabilities, at * classes);
    at += p.count;
  }
  return { count, features, featureDim, probabilities, classes };
}

async function statsOf(net: SequentialNet, data: LabeledData, count: number) {
  const n = Math.min(count, data.count);
  const pixels = data.x.length / data.count;
  const reading = await readChunked(net, data.x.subarray(0, n * pixels), n);
  return gaussianStats(reading.features, reading.featureDim);
}

export class GanScorer {
  private reference: GaussianStats | null = null;
  /** Training-vs-test distance per sample count. */
  private readonly realVsReal = new Map<number, number>();

  constructor(
    readonly classifier: SequentialNet,
    private readonly digits: Mnist,
    private readonly referenceDigits = REFERENCE_DIGITS,
  ) {}

  private async referenceStats(): Promise<GaussianStats> {
    this.reference ??= await statsOf(this.classifier, this.digits.test, this.referenceDigits);
    return this.reference;
  }

  private async scale(count: number, reference: GaussianStats): Promise<number> {
    let d = this.realVsReal.get(count);
    if (d === undefined) {
      d = frechetDistance(await statsOf(this.classifier, this.digits.train, count), reference);
      this.realVsReal.set(count, d);
    }
    return d;
  }

  async score(gan: Gan, count: number, seed: number): Promise<GanScoreReport> {
    const reference = await this.referenceStats();
    const frechetRealVsReal = await this.scale(count, reference);
    const { images, asked } = await generateSamples(gan, count, seed, CHUNK);
    const reading = await readChunked(this.classifier, images, count);
    const s = scoreReading(reading, reference, asked ?? undefined);
    return {
      samples: s.samples,
      confidentShare: s.confidentShare,
      coverage: s.coverage,
      histogram: s.histogram,
      agreement: s.agreement ?? null,
      frechet: s.frechet,
      frechetRealVsReal,
      referenceDigits: reference.count,
    };
  }
}
