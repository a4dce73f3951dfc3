import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIGIT_CATEGORIES, parseCocoDataset, parseCocoResults } from '../../../src/data/coco';
import { MNIST_FILES } from '../../../src/data/mnist';
import { mnistDataDir } from '../../../src/data/mnist-node';
import { readRegularFile, writeFileAtomic } from '../../../src/data/node-files';
import {
  decodeLabelMapPng,
  decodeRgbPng,
  encodeLabelMapPng,
  encodeRgbPng,
  vocPalette,
} from '../../../src/data/png';
import { readSceneDataset, writeSceneDataset } from '../../../src/data/scene-dataset-node';
import { type DigitSource, digitSourceFromIdx } from '../../../src/data/scenes/digit-source';
import { generateScene } from '../../../src/data/scenes/scene-generator';

let dir: string;
let source: DigitSource;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ga-vision-'));
  const mnist = mnistDataDir();
  source = digitSourceFromIdx(
    new Uint8Array(readFileSync(join(mnist, MNIST_FILES.testImages))),
    new Uint8Array(readFileSync(join(mnist, MNIST_FILES.testLabels))),
    'MNIST test',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('PNG', () => {
  it('round-trips RGB images and label maps exactly', () => {
    const data = Uint8Array.from({ length: 5 * 3 * 3 }, (_, i) => (i * 37) % 256);
    const back = decodeRgbPng(encodeRgbPng({ width: 5, height: 3, data }));
    expect(back).toEqual({ width: 5, height: 3, data });
    const labels = Uint8Array.from([0, 1, 10, 255, 3, 0]);
    expect(
      decodeLabelMapPng(encodeLabelMapPng({ width: 3, height: 2, data: labels })).data,
    ).toEqual(labels);
  });

  it('uses the VOC colours', () => {
    const p = vocPalette();
    expect(p[0]).toEqual([0, 0, 0]);
    expect(p[1]).toEqual([128, 0, 0]);
    expect(p[2]).toEqual([0, 128, 0]);
    expect(p[255]).toEqual([224, 224, 192]);
  });

  it('refuses what is not a PNG, absurd sizes, and RGB label maps', () => {
    expect(() => decodeRgbPng(new Uint8Array(40), 'x.png')).toThrow(/x\.png: not a PNG file/);
    const png = encodeRgbPng({ width: 2, height: 2, data: new Uint8Array(12) });
    const huge = png.slice();
    new DataView(huge.buffer).setUint32(16, 100000);
    new DataView(huge.buffer).setUint32(20, 100000);
    expect(() => decodeRgbPng(huge, 'huge.png')).toThrow(
      /huge\.png: size 100000x100000 is outside/,
    );
    expect(() => decodeLabelMapPng(png, 'm.png')).toThrow(
      /m\.png: a label map must be an 8-bit palette or greyscale PNG/,
    );
    const truncated = png.slice(0, png.length - 20);
    expect(() => decodeRgbPng(truncated, 't.png')).toThrow(/t\.png: unreadable PNG/);
  });
});

describe('COCO', () => {
  const good = () => ({
    images: [{ id: 1, file_name: 'a.png', width: 10, height: 10 }],
    annotations: [{ id: 1, image_id: 1, category_id: 3, bbox: [1, 1, 4, 5], area: 12, iscrowd: 0 }],
    categories: DIGIT_CATEGORIES,
  });

  it('reads a valid data set and fills a missing area from the box', () => {
    const json = good();
    const parsed = parseCocoDataset(json);
    expect(parsed.annotations[0].bbox).toEqual([1, 1, 4, 5]);
    const noArea = { ...json, annotations: [{ ...json.annotations[0], area: undefined }] };
    expect(parseCocoDataset(noArea).annotations[0].area).toBe(20);
  });

  it('says exactly what is wrong', () => {
    const cases: [(j: ReturnType<typeof good>) => unknown, RegExp][] = [
      [(j) => ({ ...j, images: 'x' }), /"images" must be a list/],
      [
        (j) => ({ ...j, annotations: [{ ...j.annotations[0], category_id: 42 }] }),
        /category_id 42 is not in "categories"/,
      ],
      [
        (j) => ({ ...j, annotations: [{ ...j.annotations[0], bbox: [8, 8, 4, 4] }] }),
        /lies outside its 10x10 image a\.png/,
      ],
      [
        (j) => ({ ...j, annotations: [{ ...j.annotations[0], image_id: 9 }] }),
        /image_id 9 is not in "images"/,
      ],
      [
        (j) => ({ ...j, annotations: [{ ...j.annotations[0], bbox: [1, 1, 4] }] }),
        /"bbox" must be \[x, y, width, height\]/,
      ],
      [
        (j) => ({ ...j, images: [{ ...j.images[0], file_name: '../etc/passwd.png' }] }),
        /plain NAME\.png/,
      ],
      [(j) => ({ ...j, images: [j.images[0], j.images[0]] }), /image id 1 appears twice/],
      [
        (j) => ({ ...j, annotations: [{ ...j.annotations[0], iscrowd: 2 }] }),
        /"iscrowd" must be 0 or 1/,
      ],
    ];
    for (const [mutate, message] of cases)
      expect(() => parseCocoDataset(mutate(good()), 'ann.json')).toThrow(message);
  });

  it('checks a results file against its data set', () => {
    const ds = parseCocoDataset(good());
    expect(
      parseCocoResults([{ image_id: 1, category_id: 3, bbox: [1, 1, 2, 2], score: 0.5 }], ds),
    ).toHaveLength(1);
    expect(() =>
      parseCocoResults([{ image_id: 2, category_id: 3, bbox: [1, 1, 2, 2], score: 0.5 }], ds),
    ).toThrow(/image_id 2 is not in the data set/);
    expect(() =>
      parseCocoResults([{ image_id: 1, category_id: 3, bbox: [1, 1, 2, 2], score: 'high' }], ds),
    ).toThrow(/"score" must be a finite number/);
    expect(() => parseCocoResults({}, ds)).toThrow(/must be a JSON list/);
  });
});

describe('data set folders', () => {
  it('write then read gives the same pixels, boxes and masks', async () => {
    const out = join(dir, 'set');
    const scenes = [0, 1, 2].map((k) =>
      generateScene(source, 9, k, { width: 64, height: 64, maxDigitHeight: 30 }),
    );
    await writeSceneDataset(out, scenes, { seed: 9 });
    const back = await readSceneDataset(out, { requireMasks: true });
    expect(back.samples).toHaveLength(3);
    back.samples.forEach((s, k) => {
      expect(s.image.data).toEqual(scenes[k].image);
      expect(s.labels).toEqual(scenes[k].labels);
      expect(s.annotations.map((a) => [a.category_id, ...a.bbox])).toEqual(
        scenes[k].objects.map((o) => [o.categoryId, ...o.bbox]),
      );
    });
  });

  it('names the file that is missing, the wrong size or out of range', async () => {
    const out = join(dir, 'broken');
    const scenes = [0, 1].map((k) =>
      generateScene(source, 5, k, { width: 48, height: 48, maxDigitHeight: 24 }),
    );
    await writeSceneDataset(out, scenes, {});
    // A mask value no class has.
    const bad = new Uint8Array(48 * 48).fill(42);
    writeFileSync(
      join(out, 'masks', 'scene-000001.png'),
      encodeLabelMapPng({ width: 48, height: 48, data: bad }),
    );
    await expect(readSceneDataset(out)).rejects.toThrow(
      /masks\/scene-000001\.png: pixel \(0, 0\) has class 42/,
    );
    // An image of the wrong size.
    writeFileSync(
      join(out, 'images', 'scene-000000.png'),
      encodeRgbPng({ width: 4, height: 4, data: new Uint8Array(48) }),
    );
    await expect(readSceneDataset(out)).rejects.toThrow(
      /images\/scene-000000\.png: is 4x4, annotations\.json says 48x48/,
    );
    unlinkSync(join(out, 'images', 'scene-000000.png'));
    await expect(readSceneDataset(out)).rejects.toThrow(/images\/scene-000000\.png: no such file/);
    await expect(readSceneDataset(join(dir, 'nothing-here'))).rejects.toThrow(
      /annotations\.json: no such file/,
    );
  });
});

describe('safe files', () => {
  it('writes through a temporary file and leaves nothing else behind', async () => {
    const target = join(dir, 'atomic.txt');
    await writeFileAtomic(target, 'one');
    await writeFileAtomic(target, 'two');
    expect(readFileSync(target, 'utf8')).toBe('two');
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
    await expect(writeFileAtomic(join(dir, 'no', 'such', 'dir.txt'), 'x')).rejects.toThrow(
      /cannot write \(ENOENT\)/,
    );
  });

  it('refuses folders, devices and files over the bound', async () => {
    await expect(readRegularFile(dir, 100)).rejects.toThrow(/is not a regular file/);
    await expect(readRegularFile('/dev/zero', 100)).rejects.toThrow(/is not a regular file/);
    const big = join(dir, 'big.bin');
    writeFileSync(big, new Uint8Array(1000));
    await expect(readRegularFile(big, 999)).rejects.toThrow(
      /1000 bytes, more than the 999 allowed/,
    );
    expect((await readRegularFile(big, 1000)).length).toBe(1000);
  });
});
