/**
 * The live style worker's requests checked: each refusal names the setting and the value, as
 * the CLI's flags do (`vision style train` holds the same training ranges).
 */
import {
  checkStyleTransformerConfig,
  DEFAULT_STYLE_TRANSFORMER,
  type StyleTransformerConfig,
  TRANSFORMER_SIDE_STEP,
} from '../src/vision/style/fast/transformer-config';
import type { FastTrainSettings, LiveSize } from './style-live-api';

export type CheckedTrainSettings = Required<Omit<FastTrainSettings, 'from'>> & {
  from: string | null;
};

const WEIGHT_MAX = 1e6;
/** The largest live frame side: a 640 x 480 net pass is already slow on wasm. */
export const MAX_LIVE_SIDE = 1024;

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

/** A net's id: what the page names it by (letters, digits, ':', '-', '_', '.'). */
export function checkNetId(id: unknown): string {
  if (typeof id !== 'string' || !/^[\w:.-]{1,64}$/.test(id))
    throw new Error(`a net id is 1..64 letters, digits or : . - _, got ${JSON.stringify(id)}`);
  return id;
}

export function checkLiveSize(s: LiveSize): LiveSize {
  if (typeof s !== 'object' || s === null) throw new Error('size must be { width, height }');
  for (const k of ['width', 'height'] as const) {
    const v = s[k];
    if (
      typeof v !== 'number' ||
      !Number.isInteger(v) ||
      v < TRANSFORMER_SIDE_STEP ||
      v > MAX_LIVE_SIDE ||
      v % TRANSFORMER_SIDE_STEP !== 0
    )
      throw new Error(
        `size ${k} must be a multiple of ${TRANSFORMER_SIDE_STEP} in ${TRANSFORMER_SIDE_STEP}..${MAX_LIVE_SIDE}, got ${String(v)}`,
      );
  }
  return { width: s.width, height: s.height };
}

export function checkTrainSettings(s: FastTrainSettings): CheckedTrainSettings {
  if (typeof s !== 'object' || s === null) throw new Error('training settings must be an object');
  const side = integerIn('side', s.side, 16, 512);
  if (side % 8 !== 0) throw new Error(`side must be a multiple of 8, got ${side}`);
  let config: StyleTransformerConfig = DEFAULT_STYLE_TRANSFORMER;
  if (s.config !== undefined) config = checkStyleTransformerConfig(s.config);
  return {
    steps: integerIn('steps', s.steps, 1, 100_000),
    batch: integerIn('batch', s.batch, 1, 16),
    side,
    lr: numberIn('lr', s.lr, 0, 1, true),
    contentWeight: numberIn('contentWeight', s.contentWeight, 0, WEIGHT_MAX),
    styleWeight: numberIn('styleWeight', s.styleWeight, 0, WEIGHT_MAX),
    tvWeight: numberIn('tvWeight', s.tvWeight, 0, WEIGHT_MAX),
    styleSize: integerIn('styleSize', s.styleSize ?? 256, 16, 1024),
    config,
    from: s.from === undefined ? null : checkNetId(s.from),
    previewEvery: integerIn('previewEvery', s.previewEvery ?? 10, 0, 100_000),
    sceneShare: numberIn('sceneShare', s.sceneShare ?? 0.5, 0, 1),
    seed: integerIn('seed', s.seed ?? 0, 0, 2 ** 31 - 1),
  };
}
