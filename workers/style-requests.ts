/**
 * The style worker's requests checked: each refusal names the setting and the value, as the
 * CLI's flags do (src/cli/commands/vision/style-run.ts holds the same ranges).
 */
import type { RgbImage } from '../src/data/png';
import { MAX_PNG_PIXELS } from '../src/data/png';
import { GATYS_DEFAULTS } from '../src/vision/style/gatys';
import type { StyleRunSettings } from './style-api';

export type CheckedStyleSettings = Required<StyleRunSettings>;

const WEIGHT_MAX = 1e6;

function integerIn(name: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi)
    throw new Error(`${name} must be an integer in ${lo}..${hi}, got ${String(v)}`);
  return v;
}

function numberIn(name: string, v: unknown, lo: number, hi: number, loOpen = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v > hi || (loOpen ? v <= lo : v < lo))
    throw new Error(
      `${name} must be a number in ${loOpen ? '(' : '['}${lo}, ${hi}], got ${String(v)}`,
    );
  return v;
}

export function checkStyleSettings(s: StyleRunSettings): CheckedStyleSettings {
  if (typeof s !== 'object' || s === null) throw new Error('style settings must be an object');
  if (s.features !== 'random' && s.features !== 'trained')
    throw new Error(`features must be "random" or "trained", got ${JSON.stringify(s.features)}`);
  const init = s.init ?? GATYS_DEFAULTS.init;
  if (init !== 'content' && init !== 'noise')
    throw new Error(`init must be "content" or "noise", got ${JSON.stringify(init)}`);
  if (s.scales !== 1 && s.scales !== 2) throw new Error(`scales must be 1 or 2, got ${s.scales}`);
  return {
    features: s.features,
    size: integerIn('size', s.size, 16, 1024),
    steps: integerIn('steps', s.steps, 1, 100_000),
    contentWeight: numberIn('contentWeight', s.contentWeight, 0, WEIGHT_MAX),
    styleWeight: numberIn('styleWeight', s.styleWeight, 0, WEIGHT_MAX),
    tvWeight: numberIn('tvWeight', s.tvWeight, 0, WEIGHT_MAX),
    lr: numberIn('lr', s.lr, 0, 1, true),
    scales: s.scales,
    init,
    seed: integerIn('seed', s.seed ?? 0, 0, 2 ** 31 - 1),
    imageEvery: integerIn('imageEvery', s.imageEvery ?? 5, 0, 100_000),
  };
}

/** Throws unless `p` is an 8-bit RGB picture of a sane size. */
export function checkPicture(what: string, p: RgbImage): RgbImage {
  if (typeof p !== 'object' || p === null || !(p.data instanceof Uint8Array))
    throw new Error(`${what}: expected { width, height, data: Uint8Array (RGB) }`);
  const { width, height } = p;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new Error(`${what}: the size must be positive integers, got ${width}x${height}`);
  if (width * height > MAX_PNG_PIXELS)
    throw new Error(`${what}: ${width}x${height} is too large (at most ${MAX_PNG_PIXELS} pixels)`);
  if (p.data.length !== width * height * 3)
    throw new Error(`${what}: ${p.data.length} bytes for a ${width}x${height} RGB picture`);
  return p;
}
