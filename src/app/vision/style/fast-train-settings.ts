/**
 * The live mode's training settings: their defaults, the rule of each number field (checked
 * where it is typed, field-rules.ts) and the form's text values read into the worker's
 * settings. No DOM here, so a unit test holds it.
 */
import type { FastTrainSettings } from '../../../../workers/style-live-api';
import { type NumberRule, numberProblem } from '../../field-rules';

/** Crop sides offered (multiples of 8): the shipped nets were trained at 128. */
export const CROP_SIDES = [64, 96, 128, 160, 192, 256] as const;

/** Where the weights start: fresh (seeded), or the net the live view is painting with. */
export type TrainStart = 'fresh' | 'current';

export const START_LABELS: Record<TrainStart, string> = {
  fresh: 'A fresh net',
  current: 'The net in use (faster: it already paints)',
};

export type TrainNumberField =
  | 'steps'
  | 'batch'
  | 'lr'
  | 'contentWeight'
  | 'styleWeight'
  | 'tvWeight';

export const TRAIN_RULES: Record<TrainNumberField, NumberRule> = {
  steps: { label: 'Steps', min: 1, max: 20_000, integer: true },
  batch: { label: 'Batch', min: 1, max: 8, integer: true },
  lr: { label: 'Learning rate', min: 0, max: 1, minExclusive: true },
  contentWeight: { label: 'Content weight', min: 0, max: 1e6 },
  styleWeight: { label: 'Style weight', min: 0, max: 1e6 },
  tvWeight: { label: 'TV weight', min: 0, max: 1e6 },
};

/**
 * Defaults: the CLI's (`vision style train`: crops of 128, batches of 2, Adam at 0.002,
 * content 1, style 20, TV 1) with fewer steps, as a browser run should end in minutes.
 */
export const TRAIN_DEFAULTS = {
  steps: 300,
  batch: 2,
  side: 128,
  lr: 0.002,
  contentWeight: 1,
  styleWeight: 20,
  tvWeight: 1,
} as const;

/** What the form holds, as text (inputs' values). */
export interface TrainFormValues {
  /** A shipped style's name, or UPLOADED_STYLE. */
  style: string;
  start: string;
  side: string;
  steps: string;
  batch: string;
  lr: string;
  contentWeight: string;
  styleWeight: string;
  tvWeight: string;
}

/** The style select's value for "a picture of my own". */
export const UPLOADED_STYLE = 'upload';

export type ReadTrain =
  | { ok: true; settings: FastTrainSettings; style: string; start: TrainStart }
  | { ok: false; field: keyof TrainFormValues; message: string };

/** About thirty previews a run, at most one every 5 steps. */
export function previewEvery(steps: number): number {
  return Math.max(5, Math.round(steps / 30));
}

/** The form's values as settings, or the first field that is wrong and why. */
export function readTrainSettings(v: TrainFormValues, styles: readonly string[]): ReadTrain {
  if (v.style !== UPLOADED_STYLE && !styles.includes(v.style))
    return { ok: false, field: 'style', message: `Unknown style "${v.style}".` };
  if (v.start !== 'fresh' && v.start !== 'current')
    return {
      ok: false,
      field: 'start',
      message: `Start from "${v.start}"? Choose one of the list.`,
    };
  const side = Number(v.side);
  if (!(CROP_SIDES as readonly number[]).includes(side))
    return {
      ok: false,
      field: 'side',
      message: `Crop side must be one of ${CROP_SIDES.join(', ')}.`,
    };
  const n = {} as Record<TrainNumberField, number>;
  for (const field of Object.keys(TRAIN_RULES) as TrainNumberField[]) {
    const problem = numberProblem(v[field], TRAIN_RULES[field]);
    if (problem) return { ok: false, field, message: problem };
    n[field] = Number(v[field]);
  }
  return {
    ok: true,
    style: v.style,
    start: v.start,
    settings: { ...n, side, previewEvery: previewEvery(n.steps) },
  };
}

/** The defaults as the form shows them, for the first shipped style. */
export function defaultTrainValues(style: string): TrainFormValues {
  const d = TRAIN_DEFAULTS;
  return {
    style,
    start: 'fresh',
    side: String(d.side),
    steps: String(d.steps),
    batch: String(d.batch),
    lr: String(d.lr),
    contentWeight: String(d.contentWeight),
    styleWeight: String(d.styleWeight),
    tvWeight: String(d.tvWeight),
  };
}
