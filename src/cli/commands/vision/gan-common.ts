/**
 * What the `vision gan` commands share: reading a GAN file or the classifier with a message
 * that names the file, the real digits' statistics the scores compare with, and the JSON form
 * of the scores.
 */
import { readRegularFile } from '../../../data/node-files';
import type { LabeledData } from '../../../nn/dataset';
import type { SequentialNet } from '../../../nn/nets/net';
import { loadModel, MAX_MODEL_FILE_BYTES, ModelFileError } from '../../../nn/serialize';
import type { GaussianStats } from '../../../vision/gan/frechet';
import { realStats } from '../../../vision/gan/gan-evaluation';
import {
  GanFileError,
  type GanMeta,
  loadGan,
  MAX_GAN_FILE_BYTES,
} from '../../../vision/gan/gan-file';
import type { Gan } from '../../../vision/gan/gan-model';
import type { GanScores } from '../../../vision/gan/scores';
import { UsageError } from '../../errors';

/** A GAN file; a damaged one is one line naming the file. */
export async function readGanFile(path: string): Promise<{ gan: Gan; meta: GanMeta }> {
  const bytes = await readRegularFile(path, MAX_GAN_FILE_BYTES);
  try {
    return loadGan(bytes);
  } catch (e) {
    if (e instanceof GanFileError) throw new Error(`${path}: ${e.message}`);
    throw e;
  }
}

/** The digit classifier the scores read samples with (a book net trained on MNIST). */
export async function readClassifier(path: string): Promise<SequentialNet> {
  const bytes = await readRegularFile(path, MAX_MODEL_FILE_BYTES);
  let net: SequentialNet;
  try {
    net = loadModel(bytes).net;
  } catch (e) {
    if (e instanceof ModelFileError) throw new Error(`${path}: ${e.message}`);
    throw e;
  }
  const pixels = net.inputShape.reduce((a, b) => a * b, 1);
  if (pixels !== 784 || net.layers.filter((l) => l.kind === 'Affine').length < 2) {
    net.dispose();
    throw new Error(
      `${path}: the classifier must read 28x28 digits and have a hidden layer before its last Affine`,
    );
  }
  return net;
}

/** Checks a GAN can be scored by a 28x28 digit classifier. */
export function checkScorable(gan: Gan, path: string): void {
  if (gan.config.imageSize !== 28)
    throw new UsageError(
      `${path} makes ${gan.config.imageSize}x${gan.config.imageSize} images; the digit classifier reads 28x28`,
    );
  if (gan.config.classes !== 0 && gan.config.classes !== 10)
    throw new UsageError(`${path} has ${gan.config.classes} classes; the digit classifier has 10`);
}

/** Penultimate-feature statistics of the test digits, the reference of every Fréchet distance. */
export function testStats(classifier: SequentialNet, test: LabeledData): Promise<GaussianStats> {
  return realStats(classifier, test);
}

const round = (x: number, digits = 4) => Number(x.toFixed(digits));

/** The scores as printed and saved. */
export function scoreFields(s: GanScores): Record<string, number> {
  return {
    frechet: round(s.frechet, 3),
    confidentShare: round(s.confidentShare),
    coverage: round(s.coverage),
    ...(s.agreement !== undefined ? { agreement: round(s.agreement) } : {}),
  };
}

/** "A,B": two channel counts. */
export function channelPairOption(
  value: string | undefined,
  name: string,
): [number, number] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 2 || !parts.every((n) => Number.isInteger(n) && n >= 1 && n <= 1024))
    throw new UsageError(
      `--${name} must be two integers in [1, 1024] such as 64,32, got "${value}"`,
    );
  return [parts[0], parts[1]];
}
