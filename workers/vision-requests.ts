/**
 * The vision worker's requests checked (each refusal names the setting and the value), and
 * the library's results as the plain data the API sends.
 */
import type { Scene } from '../src/data/scenes/scene';
import type { SceneBatchOptions } from '../src/vision/train/scene-batches';
import type { VisionEvaluation } from '../src/vision/train/vision-tasks';
import type { SceneRequest, SceneSample, VisionScore, VisionTrainSettings } from './vision-api';

function integerIn(name: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi)
    throw new Error(`${name} must be an integer in ${lo}..${hi}, got ${String(v)}`);
  return v;
}

export type CheckedTrainSettings = Required<VisionTrainSettings>;

/** What the run's training scenes look like (the held-out ones have their own). */
export function trainingScenes(
  s: Pick<CheckedTrainSettings, 'paperShare' | 'minDigits' | 'maxDigits'>,
): SceneBatchOptions {
  return { paperShare: s.paperShare, minDigits: s.minDigits, maxDigits: s.maxDigits };
}

export function checkTrainSettings(s: VisionTrainSettings): CheckedTrainSettings {
  if (typeof s !== 'object' || s === null) throw new Error('training settings must be an object');
  if (typeof s.lr !== 'number' || !(s.lr > 0 && s.lr < 1))
    throw new Error(`lr must be a number in (0, 1), got ${String(s.lr)}`);
  const lrDecay = s.lrDecay ?? 'none';
  if (lrDecay !== 'cosine' && lrDecay !== 'none')
    throw new Error(`lrDecay must be "cosine" or "none", got ${JSON.stringify(lrDecay)}`);
  const paperShare = s.paperShare ?? 0.5;
  if (typeof paperShare !== 'number' || !(paperShare >= 0 && paperShare <= 1))
    throw new Error(`paperShare must be a number in 0..1, got ${String(paperShare)}`);
  if (typeof s.seed !== 'number' || !Number.isFinite(s.seed))
    throw new Error(`seed must be a number, got ${String(s.seed)}`);
  const evalScenes = integerIn('evalScenes', s.evalScenes ?? 40, 1, 2000);
  const minDigits = integerIn('minDigits', s.minDigits ?? 1, 0, 64);
  const maxDigits = integerIn('maxDigits', s.maxDigits ?? Math.max(6, minDigits), minDigits, 64);
  return {
    steps: integerIn('steps', s.steps, 1, 1_000_000),
    batchSize: integerIn('batchSize', s.batchSize, 1, 256),
    lr: s.lr,
    lrDecay,
    seed: s.seed,
    evalScenes,
    evalEvery: integerIn('evalEvery', s.evalEvery ?? 0, 0, 1_000_000),
    paperShare,
    minDigits,
    maxDigits,
    samples: Math.min(evalScenes, integerIn('samples', s.samples ?? 6, 0, 32)),
  };
}

export function checkSceneRequest(r: SceneRequest): Required<SceneRequest> {
  if (typeof r !== 'object' || r === null) throw new Error('a scene request must be an object');
  if (r.style !== 'clean' && r.style !== 'paper')
    throw new Error(`style must be "clean" or "paper", got ${JSON.stringify(r.style)}`);
  const split = r.split ?? 'test';
  if (split !== 'train' && split !== 'test')
    throw new Error(`split must be "train" or "test", got ${JSON.stringify(split)}`);
  if (typeof r.seed !== 'number' || !Number.isFinite(r.seed))
    throw new Error(`seed must be a number, got ${String(r.seed)}`);
  return {
    count: integerIn('count', r.count, 1, 64),
    seed: r.seed,
    style: r.style,
    width: integerIn('width', r.width ?? 128, 32, 1024),
    height: integerIn('height', r.height ?? 128, 32, 1024),
    split,
  };
}

/** A scene as the API sends it (copies: the scene may still be in use). */
export function sceneSample(s: Scene): SceneSample {
  return {
    width: s.width,
    height: s.height,
    image: s.image.slice(),
    labels: s.labels.slice(),
    objects: s.objects.map((o) => ({ bbox: [...o.bbox], categoryId: o.categoryId })),
  };
}

export function toScore(e: VisionEvaluation): VisionScore {
  if (e.task === 'detect')
    return {
      task: 'detect',
      step: e.step,
      headline: e.map50,
      second: e.map,
      perClass: e.result.categories.map((c) => c.ap[0] ?? null),
      prCurves: e.result.categories.map((c) => c.precisionAt50),
      confusion: null,
    };
  return {
    task: 'segment',
    step: e.step,
    headline: e.meanIou,
    second: e.pixelAccuracy,
    perClass: e.result.iou,
    prCurves: null,
    confusion: Array.from(e.result.confusion.counts),
  };
}
