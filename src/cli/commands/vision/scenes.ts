/**
 * `vision scenes`: writes a data set of generated MNIST scenes in the field's formats
 * (COCO annotations.json, images/*.png, VOC-style masks/*.png).
 */
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { writeSceneDataset } from '../../../data/scene-dataset-node';
import { loadDigitSourceNode, type MnistSplit } from '../../../data/scenes/digit-source-node';
import { SCENE_STYLES, type SceneStyle } from '../../../data/scenes/paper-style';
import type { Scene } from '../../../data/scenes/scene';
import {
  generateScene,
  resolveSceneOptions,
  SCENE_DEFAULTS,
  type SceneOptions,
} from '../../../data/scenes/scene-generator';
import { UsageError } from '../../errors';
import { intOption, shareOption } from '../../options';

export const scenesUsage = `vision scenes --out DIR [--count N] [--seed S] [--style clean|paper]
      [--size WxH] [--split train|test] [--min-digits N] [--max-digits N]
      [--min-height PX] [--max-height PX] [--clutter 0..1] [--thin-ink 0..1]
    Writes N generated scenes (default 100; 1..100000) of MNIST digits as a COCO/VOC data
    set: DIR/annotations.json, DIR/images/*.png, DIR/masks/*.png (class = digit + 1,
    0 background, 255 void). Train scenes use MNIST's training digits (--split train,
    the default), test scenes its test digits. --thin-ink: the share of digits written with a
    thin pen (strokes 1.5-3 px at any size; 0).`;

const MAX_SCENES = 100_000;

export function parseSize(value: string | undefined): { width: number; height: number } {
  if (value === undefined) return { width: SCENE_DEFAULTS.width, height: SCENE_DEFAULTS.height };
  const m = /^(\d+)x(\d+)$/.exec(value);
  if (!m) throw new UsageError(`--size must be WIDTHxHEIGHT (e.g. 128x128), got "${value}"`);
  return { width: Number(m[1]), height: Number(m[2]) };
}

export async function scenesCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      count: { type: 'string' },
      seed: { type: 'string' },
      style: { type: 'string' },
      size: { type: 'string' },
      split: { type: 'string' },
      'min-digits': { type: 'string' },
      'max-digits': { type: 'string' },
      'min-height': { type: 'string' },
      'max-height': { type: 'string' },
      clutter: { type: 'string' },
      'thin-ink': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (!values.out) throw new UsageError('--out DIR is required');
  const count = intOption(values.count, 'count', 100);
  if (count > MAX_SCENES)
    throw new UsageError(`--count must be at most ${MAX_SCENES}, got ${count}`);
  const seed = intOption(values.seed, 'seed', 0, 0);
  const style = (values.style ?? 'clean') as SceneStyle;
  if (!SCENE_STYLES.includes(style))
    throw new UsageError(`--style must be clean or paper, got "${values.style}"`);
  const split = (values.split ?? 'train') as MnistSplit;
  if (split !== 'train' && split !== 'test')
    throw new UsageError(`--split must be train or test, got "${values.split}"`);
  const options: SceneOptions = {
    ...parseSize(values.size),
    style,
    minDigits: intOption(values['min-digits'], 'min-digits', SCENE_DEFAULTS.minDigits, 0),
    maxDigits: intOption(values['max-digits'], 'max-digits', SCENE_DEFAULTS.maxDigits, 0),
    minDigitHeight: intOption(values['min-height'], 'min-height', SCENE_DEFAULTS.minDigitHeight),
    maxDigitHeight: intOption(values['max-height'], 'max-height', SCENE_DEFAULTS.maxDigitHeight),
    clutter: shareOption(values.clutter, 'clutter', SCENE_DEFAULTS.clutter),
    thinInk: shareOption(values['thin-ink'], 'thin-ink', SCENE_DEFAULTS.thinInk),
  };
  try {
    resolveSceneOptions(options);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const source = await loadDigitSourceNode(split);
  const started = performance.now();
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: 'scenes |{bar}| {value}/{total} | ETA {eta_formatted}',
          fps: 5,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(count, 0);
  function* scenes(): Generator<Scene> {
    for (let i = 0; i < count; i++) yield generateScene(source, seed, i, options);
  }
  let coco: Awaited<ReturnType<typeof writeSceneDataset>>;
  try {
    coco = await writeSceneDataset(
      values.out,
      scenes(),
      { description: 'Gradient Arcade MNIST scenes', seed, split, ...options },
      (done) => bar?.update(done),
    );
  } finally {
    bar?.stop();
  }
  console.log(
    JSON.stringify({
      out: values.out,
      scenes: coco.images.length,
      objects: coco.annotations.length,
      style,
      split,
      seed,
      seconds: Math.round((performance.now() - started) / 10) / 100,
    }),
  );
}
