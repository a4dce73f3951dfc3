/**
 * `vision style train` as a user runs it, tiny: a few steps on small crops of a folder of
 * PNGs write a style transformer (.gst) that loads and paints, a preview sheet and one JSON
 * line; --from goes on from a net; wrong options are refused with one line saying why.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeRgbPng, encodeRgbPng } from '../../src/data/png';
import { contentScene } from '../../src/vision/style/content-scenes';
import { loadStyleTransformer } from '../../src/vision/style/fast/transformer-file';
import { cli, lastJson, lines } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'ga-vision-style-train-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const photos = join(dir, 'photos');
mkdirSync(photos);
writeFileSync(join(photos, 'a.png'), encodeRgbPng(contentScene(3, 48)));
writeFileSync(join(photos, 'b.png'), encodeRgbPng(contentScene(4, 40)));
mkdirSync(join(dir, 'empty'));

const train = (extra: string[]) =>
  cli([
    'vision',
    'style',
    'train',
    '--style',
    'waves',
    '--style-size',
    '32',
    '--side',
    '16',
    ...extra,
  ]);

describe('vision style train', () => {
  it('writes a net that loads and paints, a preview and one JSON line; --from goes on', async () => {
    const out = join(dir, 'waves.gst');
    const preview = join(dir, 'preview.png');
    const run = await train([
      '--steps',
      '3',
      '--batch',
      '1',
      '--content',
      photos,
      '--out',
      out,
      '--preview',
      preview,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(lines(run.stdout)).toHaveLength(1);
    const json = lastJson(run.stdout);
    expect(json).toMatchObject({
      style: 'waves',
      features: 'random',
      steps: 3,
      reason: 'done',
      out,
      preview,
    });
    for (const k of ['contentLoss', 'styleLoss', 'tvLoss', 'totalLoss', 'seconds'])
      expect(Number.isFinite(json[k]), k).toBe(true);
    expect(run.stderr).toMatch(/from 2 photographs \(a\.png, b\.png\)/);
    expect(run.stderr).toMatch(/step 3\/3: content [\d.]+, style [\d.]+, tv [\d.]+/);
    const { net, meta } = loadStyleTransformer(new Uint8Array(readFileSync(out)));
    expect(meta).toMatchObject({ style: 'waves', steps: 3, side: 16 });
    const painted = net.stylise(tf.fill([1, 16, 24, 3], 0.5) as tf.Tensor4D);
    expect(painted.shape).toEqual([1, 16, 24, 3]);
    painted.dispose();
    net.dispose();
    // The sheet: two landscapes and the two photographs, content above, painting below.
    const sheet = decodeRgbPng(new Uint8Array(readFileSync(preview)));
    expect(sheet.width).toBe(4 * 32 + 5 * 4);
    expect(sheet.height).toBe(2 * 32 + 3 * 4);

    const more = join(dir, 'more.gst');
    const again = await train(['--steps', '2', '--batch', '1', '--from', out, '--out', more]);
    expect(again.code, again.stderr).toBe(0);
    expect(lastJson(again.stdout)).toMatchObject({ steps: 2, reason: 'done' });
  });

  it('refuses wrong options with one line saying why', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--out', join(dir, 'x.png')], /--out must end in \.gst/],
      [['--out', join(dir, 'x.gst'), '--side', '20'], /--side must be a multiple of 8/],
      [['--out', join(dir, 'x.gst'), '--content', join(dir, 'empty')], /no \.png files there/],
      [['--out', join(dir, 'x.gst'), '--content', join(dir, 'nowhere')], /--content .*nowhere/],
    ];
    for (const [args, message] of cases) {
      const run = await train(args);
      expect(run.code, args.join(' ')).not.toBe(0);
      expect(run.stderr, args.join(' ')).toMatch(message);
    }
    const noStyle = await cli(['vision', 'style', 'train', '--out', join(dir, 'x.gst')]);
    expect(noStyle.code).not.toBe(0);
    expect(noStyle.stderr).toMatch(/--style NAME\|PNG is required/);
  });
});
