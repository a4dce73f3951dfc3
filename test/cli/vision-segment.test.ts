/**
 * The segmenter's CLI, and scoring shipped models on a COCO/VOC folder, as a user runs them:
 * write a held-out data set with `vision scenes`, score the shipped FCN and detector on it
 * (`--data`), train an FCN a few steps, paint one picture's mask, and refuse what cannot be
 * scored.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSceneDataset, type SceneDataset } from '../../src/data/scene-dataset-node';
import { loadVisionModel } from '../../src/vision/model-file';
import { cli, lastJson } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'ga-vision-segment-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FCN = 'models/vision/fcn.gav';
const DETECTOR = 'models/vision/grid-detector.gav';
const data = join(dir, 'paper');
let set: SceneDataset;

beforeAll(async () => {
  const made = await cli([
    'vision',
    'scenes',
    '--count',
    '8',
    '--seed',
    '21',
    '--style',
    'paper',
    '--split',
    'test',
    '--out',
    data,
  ]);
  expect(made.code, made.stderr).toBe(0);
  set = await readSceneDataset(data, { requireMasks: true });
}, 60_000);

describe('vision eval --data (a COCO/VOC folder)', () => {
  it('scores the shipped FCN and detector on the folder’s label maps and boxes', async () => {
    const [seg, det] = await Promise.all([
      cli(['vision', 'eval', '--task', 'segment', '--model', FCN, '--data', data]),
      cli(['vision', 'eval', '--task', 'detect', '--model', DETECTOR, '--data', data]),
    ]);
    expect(seg.code, seg.stderr).toBe(0);
    expect(det.code, det.stderr).toBe(0);
    const s = lastJson(seg.stdout) as {
      task: string;
      meanIou: number;
      pixelAccuracy: number;
      perClassIou: Record<string, number | null>;
      confusion: number[][];
    };
    expect(s.task).toBe('segment');
    expect(s.pixelAccuracy).toBeGreaterThan(0.97);
    expect(Object.keys(s.perClassIou).sort()).toEqual(
      ['background', ...Array.from({ length: 10 }, (_, d) => String(d))].sort(),
    );
    // The confusion matrix counts every non-void pixel of the folder's masks once, each in the
    // row of its true class.
    expect(s.confusion).toHaveLength(11);
    const truth = new Array<number>(11).fill(0);
    for (const sample of set.samples)
      for (const v of sample.labels ?? []) if (v !== 255) truth[v]++;
    expect(s.confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(truth);
    const diagonal = s.confusion.reduce((a, row, k) => a + row[k], 0);
    const total = truth.reduce((a, b) => a + b, 0);
    expect(diagonal / total).toBeCloseTo(s.pixelAccuracy, 6);
    // IoU per class from the matrix: TP / (row + column - TP); the mean over the classes that
    // occur in truth or prediction is the printed mean IoU. On eight pages a digit that is
    // absent but predicted on a few pixels scores 0 and drags that mean, so the model is judged
    // on the classes the pages hold (the shipped FCN: mean IoU 0.905 on 500 paper scenes).
    const column = (k: number) => s.confusion.reduce((a, row) => a + row[k], 0);
    const iou = s.confusion.map((row, k) => {
      const union = truth[k] + column(k) - row[k];
      return union > 0 ? row[k] / union : null;
    });
    const occurring = iou.filter((v): v is number => v !== null);
    expect(occurring.reduce((a, b) => a + b, 0) / occurring.length).toBeCloseTo(s.meanIou, 6);
    const held = iou.filter((v, k): v is number => v !== null && truth[k] > 0);
    expect(held.reduce((a, b) => a + b, 0) / held.length).toBeGreaterThan(0.8);

    const d = lastJson(det.stdout);
    expect(d.task).toBe('detect');
    // The shipped detector: mAP@0.5 0.962 on 1,000 paper scenes.
    expect(d.map50 as number).toBeGreaterThan(0.8);
    expect(d.map as number).toBeLessThanOrEqual(d.map50 as number);
  });

  it('refuses pictures of another size, a folder without masks, and the wrong model', async () => {
    const small = join(dir, 'small');
    const made = await cli([
      'vision',
      'scenes',
      '--count',
      '2',
      '--size',
      '96x64',
      '--max-height',
      '40',
      '--split',
      'test',
      '--out',
      small,
    ]);
    expect(made.code, made.stderr).toBe(0);
    rmSync(join(small, 'masks'), { recursive: true });
    const [size, masks, wrong] = await Promise.all([
      cli(['vision', 'eval', '--task', 'detect', '--model', DETECTOR, '--data', small]),
      cli(['vision', 'eval', '--task', 'segment', '--model', FCN, '--data', small]),
      cli(['vision', 'eval', '--task', 'segment', '--model', DETECTOR, '--data', data]),
    ]);
    expect(size.code).toBe(1);
    expect(size.stderr).toMatch(/is 96x64; this model takes 128x128 images/);
    expect(masks.code).toBe(1);
    expect(masks.stderr).toMatch(/masks/);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/holds a grid-detector; --task segment needs a fcn/);
  });
});

describe('vision train --task segment', () => {
  it('trains an FCN a few steps, scores it by mean IoU, saves it', async () => {
    const out = join(dir, 'tiny-fcn.gav');
    const r = await cli([
      'vision',
      'train',
      '--task',
      'segment',
      '--steps',
      '2',
      '--batch',
      '2',
      '--eval-scenes',
      '3',
      '--backend',
      'cpu',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const line = lastJson(r.stdout);
    expect(line).toMatchObject({ task: 'segment', steps: 2, reason: 'done', evalScenes: 3 });
    expect(line.meanIou as number).toBeGreaterThanOrEqual(0);
    expect(line.meanIou as number).toBeLessThanOrEqual(1);
    expect(line.pixelAccuracy as number).toBeGreaterThan(0);
    const { model, meta } = loadVisionModel(new Uint8Array(readFileSync(out)));
    expect(model.config.kind).toBe('fcn');
    expect(meta).toMatchObject({ task: 'segment', stepsDone: 2, meanIou: line.meanIou });
    model.dispose();
  });
});

describe('vision predict with the FCN', () => {
  it('paints each digit of a page and counts its pixels by class', async () => {
    const sample = set.samples[0];
    const image = join(data, 'images', sample.name);
    const overlay = join(dir, 'mask-overlay.png');
    const r = await cli(['vision', 'predict', '--model', FCN, '--image', image, '--out', overlay]);
    expect(r.code, r.stderr).toBe(0);
    const out = lastJson(r.stdout) as {
      width: number;
      height: number;
      pixelsPerClass: Record<string, number>;
    };
    const counts = out.pixelsPerClass;
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(out.width * out.height);
    // The paint agrees with the page's label map class by class: most digit pixels are counted
    // in their own class, hardly any in a digit the page does not hold (one pixel count per
    // class: a single ambiguous digit, this page's 0 written like an 8, moves few of them).
    const truth = new Array<number>(11).fill(0);
    for (const v of sample.labels ?? []) if (v !== 255) truth[v]++;
    const painted = (k: number) => counts[k === 0 ? 'background' : String(k - 1)];
    let digitPixels = 0;
    let agreeing = 0;
    let elsewhere = 0;
    for (let k = 1; k < 11; k++) {
      digitPixels += truth[k];
      if (truth[k] > 0) agreeing += Math.min(truth[k], painted(k));
      else elsewhere += painted(k);
    }
    expect(digitPixels).toBeGreaterThan(300);
    expect(agreeing / digitPixels).toBeGreaterThan(0.7);
    expect(elsewhere / digitPixels).toBeLessThan(0.05);
    expect(counts.background).toBeGreaterThan(out.width * out.height * 0.6);
    const png = readFileSync(overlay);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.equals(readFileSync(image))).toBe(false);
  });
});
