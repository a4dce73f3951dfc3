/**
 * What the `vision style` commands share: the feature nets by name (the trained one read from
 * the shipped classifier's file, with a message naming the file when it is damaged) and the
 * pictures a run starts from (a PNG, a content scene, a shipped style).
 */
import { readRegularFile } from '../../../data/node-files';
import { decodeRgbPng, type RgbImage } from '../../../data/png';
import { MAX_MODEL_FILE_BYTES, ModelFileError, parseModelFile } from '../../../nn/serialize';
import type { StyleFeatureNet } from '../../../vision/style/feature-net';
import { DEFAULT_RANDOM_BANKS, randomFeatureNet } from '../../../vision/style/random-features';
import { STYLE_NAMES, shippedStyle } from '../../../vision/style/styles';
import { trainedFeatureNet } from '../../../vision/style/trained-features';
import { UsageError } from '../../errors';
import { SHIPPED_CLASSIFIER } from './shipped';

export const FEATURE_NETS = ['random', 'trained'] as const;
export type FeatureNetName = (typeof FEATURE_NETS)[number];

/** PNG files read as content or style: at most 64 MB (the decoder caps the pixels too). */
const MAX_PNG_BYTES = 64 * 2 ** 20;

export function featureNetOption(value: string | undefined): FeatureNetName {
  if (value === undefined) return 'random';
  if (!(FEATURE_NETS as readonly string[]).includes(value))
    throw new UsageError(`--features must be random or trained, got "${value}"`);
  return value as FeatureNetName;
}

/** The named feature net; `seed` draws the random one's filters. */
export async function loadFeatureNet(name: FeatureNetName, seed: number): Promise<StyleFeatureNet> {
  if (name === 'random') return randomFeatureNet({ banks: [...DEFAULT_RANDOM_BANKS], seed });
  const bytes = await readRegularFile(SHIPPED_CLASSIFIER, MAX_MODEL_FILE_BYTES);
  try {
    return trainedFeatureNet(parseModelFile(bytes).tensors);
  } catch (e) {
    if (e instanceof ModelFileError || e instanceof Error)
      throw new Error(`${SHIPPED_CLASSIFIER}: ${(e as Error).message}`);
    throw e;
  }
}

/** A PNG file as RGB; a damaged one is one line naming the file. */
export async function readPng(path: string): Promise<RgbImage> {
  return decodeRgbPng(await readRegularFile(path, MAX_PNG_BYTES), path);
}

/** Is `value` a shipped style's name (else it is taken for a PNG file)? */
export function isShippedStyle(value: string): boolean {
  return STYLE_NAMES.includes(value);
}

/** Throws a UsageError unless `value` names a shipped style or a .png file. */
export function checkStyleOption(value: string): void {
  if (!isShippedStyle(value) && !/\.png$/i.test(value))
    throw new UsageError(
      `--style must be one of ${STYLE_NAMES.join(', ')} or a .png file, got "${value}"`,
    );
}

/** The style picture: a shipped style drawn at `side`, or a PNG file. */
export async function styleImage(value: string, side: number): Promise<RgbImage> {
  checkStyleOption(value);
  return isShippedStyle(value) ? shippedStyle(value, side) : readPng(value);
}
