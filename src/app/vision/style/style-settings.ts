/**
 * The style studio's run settings: their defaults, the rule of each number field (checked
 * where it is typed, field-rules.ts) and the form's text values read into the worker's
 * settings. No DOM here, so a unit test holds it.
 */
import type { FeatureNetName, StyleRunSettings } from '../../../../workers/style-api';
import { type NumberRule, numberProblem } from '../../field-rules';

/** Sizes offered (longer side, pixels): the 256 by default. */
export const SIZES = [128, 192, 256, 320, 384, 512] as const;

export const FEATURE_LABELS: Record<FeatureNetName, string> = {
  random: 'Random multi-scale filters',
  trained: 'Trained DeepConvNet (ours, MNIST)',
};

/** The form's number fields. */
export type NumberField = 'steps' | 'contentWeight' | 'styleWeight' | 'tvWeight' | 'lr';

export const RULES: Record<NumberField, NumberRule> = {
  steps: { label: 'Steps', min: 1, max: 5000, integer: true },
  contentWeight: { label: 'Content weight', min: 0, max: 1e6 },
  styleWeight: { label: 'Style weight', min: 0, max: 1e6 },
  tvWeight: { label: 'TV weight', min: 0, max: 1e6 },
  lr: { label: 'Learning rate', min: 0, max: 1, minExclusive: true },
};

/**
 * Defaults: the engine's weights and rate (content 1, style 20, TV 1, Adam at 0.03 with a
 * coarse pass at half size), 256 x 256, and 100 steps: a good picture within the issue's
 * 60 s on wasm with the random filters (the trained net is slower per step).
 */
export const DEFAULT_SETTINGS: StyleRunSettings = {
  features: 'random',
  size: 256,
  steps: 100,
  contentWeight: 1,
  styleWeight: 20,
  tvWeight: 1,
  lr: 0.03,
  scales: 2,
  imageEvery: 5,
};

/** What the form holds, as text (inputs' values). */
export interface StyleFormValues {
  features: string;
  size: string;
  steps: string;
  contentWeight: string;
  styleWeight: string;
  tvWeight: string;
  lr: string;
  coarse: boolean;
}

export type ReadSettings =
  | { ok: true; settings: StyleRunSettings }
  | { ok: false; field: keyof StyleFormValues; message: string };

/** The form's values as settings, or the first field that is wrong and why. */
export function readSettings(v: StyleFormValues): ReadSettings {
  if (v.features !== 'random' && v.features !== 'trained')
    return { ok: false, field: 'features', message: `Unknown feature net "${v.features}".` };
  const size = Number(v.size);
  if (!(SIZES as readonly number[]).includes(size))
    return { ok: false, field: 'size', message: `Size must be one of ${SIZES.join(', ')}.` };
  const numbers = {} as Record<NumberField, number>;
  for (const field of Object.keys(RULES) as NumberField[]) {
    const problem = numberProblem(v[field], RULES[field]);
    if (problem) return { ok: false, field, message: problem };
    numbers[field] = Number(v[field]);
  }
  // Every picture streamed costs a read-back: about twenty pictures a run, at least every 2 steps.
  const imageEvery = Math.max(2, Math.round(numbers.steps / 20));
  return {
    ok: true,
    settings: {
      ...numbers,
      features: v.features,
      size,
      scales: v.coarse ? 2 : 1,
      imageEvery,
    },
  };
}

/** The defaults as the form shows them. */
export function defaultValues(): StyleFormValues {
  const d = DEFAULT_SETTINGS;
  return {
    features: d.features,
    size: String(d.size),
    steps: String(d.steps),
    contentWeight: String(d.contentWeight),
    styleWeight: String(d.styleWeight),
    tvWeight: String(d.tvWeight),
    lr: String(d.lr),
    coarse: d.scales === 2,
  };
}
