/**
 * The detector's CLI as a user runs it: score the shipped detector on generated held-out
 * scenes (with and without clutter), score a COCO results file against a data set folder,
 * draw one picture's detections, and refuse bad arguments.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSceneDataset } from '../../src/data/scene-dataset-node';
import { boxIou } from '../../src/vision/metrics/boxes';
import { loadVisionModel } from '../../src/vision/model-file';
import { cli, lastJson } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'ga-vision-detect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SHIPPED = 'models/vision/grid-detector.gav';

describe('vision eval --task detect', () => {
  it('scores the shipped detector on held-out scenes; --clutter changes the pages', async () => {
    const base = ['vision', 'eval', '--task', 'detect', '--model', SHIPPED, '--scenes', '30'];
    const [busy, plain] = await Promise.all([cli(base), cli([...base, '--clutter', '0'])]);
    expect(busy.code, busy.stderr).toBe(0);
    expect(plain.code, plain.stderr).toBe(0);
    const a = lastJson(busy.stdout);
    const b = lastJson(plain.stdout);
    for (const r of [a, b]) {
      expect(r.task).toBe('detect');
      expect(Object.keys(r.perClassAp50 as object)).toHaveLength(10);
      // mAP@[.5:.95] averages stricter thresholds than 0.5: never above it.
      expect(r.map as number).toBeLessThanOrEqual(r.map50 as number);
    }
    // The shipped detector reads clutter-free pages well (0.98 on 1,000 of them).
    expect(b.map50 as number).toBeGreaterThan(0.9);
    expect(b.map).not.toBe(a.map);
  });

  it('--passes 2 adds the shift ensemble and says so', async () => {
    const r = await cli([
      'vision',
      'eval',
      '--task',
      'detect',
      '--model',
      SHIPPED,
      '--scenes',
      '30',
      '--clutter',
      '0',
      '--passes',
      '2',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const report = lastJson(r.stdout);
    expect(report.passes).toBe(2);
    expect(report.map50 as number).toBeGreaterThan(0.9);
  });

  it('scores a COCO results file: the ground truth itself is perfect, shifted boxes are not', async () => {
    const data = join(dir, 'set');
    const made = await cli([
      'vision',
      'scenes',
      '--count',
      '4',
      '--seed',
      '8',
      '--split',
      'test',
      '--out',
      data,
    ]);
    expect(made.code, made.stderr).toBe(0);
    const set = await readSceneDataset(data);
    const truth = set.coco.annotations.map((a) => ({
      image_id: a.image_id,
      category_id: a.category_id,
      bbox: a.bbox,
      score: 0.9,
    }));
    const exact = join(dir, 'exact.json');
    const shifted = join(dir, 'shifted.json');
    writeFileSync(exact, JSON.stringify(truth));
    // Each box moved right by its own width: IoU 0 with its digit.
    writeFileSync(
      shifted,
      JSON.stringify(
        truth.map((t) => ({
          ...t,
          bbox: [t.bbox[0] + t.bbox[2], t.bbox[1], t.bbox[2], t.bbox[3]],
        })),
      ),
    );
    const args = ['vision', 'eval', '--task', 'detect', '--data', data, '--predictions'];
    const [good, bad] = await Promise.all([cli([...args, exact]), cli([...args, shifted])]);
    expect(good.code, good.stderr).toBe(0);
    expect(lastJson(good.stdout)).toMatchObject({ map50: 1, map: 1 });
    expect(bad.code, bad.stderr).toBe(0);
    expect(lastJson(bad.stdout).map50).toBe(0);
  });

  it('refuses bad arguments with the usage and exit 2', async () => {
    const [clutter, two, passes, thin] = await Promise.all([
      cli(['vision', 'eval', '--task', 'detect', '--model', SHIPPED, '--clutter', '2']),
      cli(['vision', 'eval', '--task', 'detect', '--model', SHIPPED, '--rcnn']),
      cli(['vision', 'eval', '--task', 'detect', '--model', SHIPPED, '--passes', '3']),
      cli(['vision', 'eval', '--task', 'detect', '--model', SHIPPED, '--thin-ink', '1.5']),
    ]);
    expect(thin.code).toBe(2);
    expect(thin.stderr).toMatch(/--thin-ink must be a number in 0\.\.1/);
    expect(passes.code).toBe(2);
    expect(passes.stderr).toMatch(/--passes must be 1, 2 or 4, got "3"/);
    expect(clutter.code).toBe(2);
    expect(clutter.stderr).toMatch(/--clutter must be a number in 0\.\.1/);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/give exactly one of --model, --rcnn, --predictions/);
  });
});

describe('vision train --task detect', () => {
  it('trains a few steps on scenes of the asked digit count, scores, saves, and says so', async () => {
    const out = join(dir, 'tiny.gav');
    const args = ['vision', 'train', '--task', 'detect', '--steps', '2', '--batch', '2'];
    const r = await cli([
      ...args,
      '--min-digits',
      '3',
      '--max-digits',
      '4',
      '--clutter',
      '0.5',
      '--eval-scenes',
      '4',
      '--backend',
      'cpu',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const line = lastJson(r.stdout) as Record<string, unknown>;
    expect(line).toMatchObject({ task: 'detect', steps: 2, reason: 'done', evalScenes: 4 });
    expect(line.map50).toBeGreaterThanOrEqual(0);
    const { model, meta } = loadVisionModel(new Uint8Array(readFileSync(out)));
    expect(model.config.kind).toBe('grid-detector');
    expect(meta).toMatchObject({ minDigits: 3, maxDigits: 4, clutter: 0.5, stepsDone: 2 });
    model.dispose();
  });

  it('refuses a digit range that cannot be', async () => {
    const r = await cli([
      'vision',
      'train',
      '--task',
      'detect',
      '--min-digits',
      '5',
      '--max-digits',
      '2',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--min-digits and --max-digits must satisfy 0 <= min <= max <= 64, got 5 and 2/,
    );
  });
});

describe('vision predict', () => {
  it('finds the digits of a generated page and draws them', async () => {
    const data = join(dir, 'one');
    expect(
      (
        await cli([
          'vision',
          'scenes',
          '--count',
          '1',
          '--seed',
          '5',
          '--split',
          'test',
          '--out',
          data,
        ])
      ).code,
    ).toBe(0);
    const set = await readSceneDataset(data);
    const image = join(data, 'images', set.samples[0].name);
    const overlay = join(dir, 'overlay.png');
    const r = await cli([
      'vision',
      'predict',
      '--model',
      SHIPPED,
      '--image',
      image,
      '--out',
      overlay,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = lastJson(r.stdout) as {
      detections: { category_id: number; score: number; bbox: [number, number, number, number] }[];
    };
    // Every digit is boxed with its class, and the confident boxes (score >= 0.5) are exactly
    // the page's digits; below that a detector may also offer a second reading (a 4's upright
    // read as a 1), which the live view's threshold slider is for.
    for (const a of set.coco.annotations)
      expect(
        out.detections.some(
          (d) => d.category_id === a.category_id && boxIou(d.bbox, a.bbox) >= 0.5,
        ),
        `digit ${a.category_id - 1} at ${a.bbox.join(',')}`,
      ).toBe(true);
    const confident = out.detections.filter((d) => d.score >= 0.5).map((d) => d.category_id);
    const truth = set.coco.annotations.map((a) => a.category_id);
    expect(confident.sort()).toEqual(truth.sort());
    // A PNG, as big as the picture, different from it (boxes are drawn on).
    const png = readFileSync(overlay);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.equals(readFileSync(image))).toBe(false);
  });
});
