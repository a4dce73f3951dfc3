import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSceneDataset } from '../../src/data/scene-dataset-node';
import { cli, lastJson } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'ga-vision-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vision scenes', () => {
  it('writes a COCO/VOC data set that reads back, the same for the same seed', async () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    const args = [
      'vision',
      'scenes',
      '--count',
      '6',
      '--seed',
      '3',
      '--style',
      'paper',
      '--size',
      '96x64',
      '--max-height',
      '40',
      '--split',
      'test',
    ];
    const first = await cli([...args, '--out', a]);
    expect(first.code).toBe(0);
    const report = lastJson(first.stdout);
    expect(report).toMatchObject({ scenes: 6, style: 'paper', split: 'test', seed: 3 });
    expect((await cli([...args, '--out', b])).code).toBe(0);
    const setA = await readSceneDataset(a, { requireMasks: true });
    const setB = await readSceneDataset(b, { requireMasks: true });
    expect(setA.samples).toHaveLength(6);
    expect(setA.samples[0].image.width).toBe(96);
    expect(setA.coco.annotations.length).toBe(report.objects);
    expect(setB.samples.map((s) => s.image.data)).toEqual(setA.samples.map((s) => s.image.data));
  });

  it('refuses bad arguments with the usage and exit 2', async () => {
    for (const bad of [
      ['--count', '0'],
      ['--style', 'foggy'],
      ['--size', '16x16'],
    ]) {
      const r = await cli(['vision', 'scenes', '--out', join(dir, 'x'), ...bad]);
      expect(r.code, bad.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/usage: npm run cli -- vision scenes/);
    }
    const missing = await cli(['vision', 'nothing']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/unknown vision command "nothing": scenes/);
  });
});
