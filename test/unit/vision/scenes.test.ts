import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MNIST_FILES } from '../../../src/data/mnist';
import { mnistDataDir } from '../../../src/data/mnist-node';
import { type DigitSource, digitSourceFromIdx } from '../../../src/data/scenes/digit-source';
import { loadDigitSourceNode } from '../../../src/data/scenes/digit-source-node';
import { VOID } from '../../../src/data/scenes/scene';
import { generateScene, resolveSceneOptions } from '../../../src/data/scenes/scene-generator';
import { erodeInk, erosionRadius } from '../../../src/data/scenes/thin-ink';

let source: DigitSource;
beforeAll(() => {
  const dir = mnistDataDir();
  source = digitSourceFromIdx(
    new Uint8Array(readFileSync(join(dir, MNIST_FILES.testImages))),
    new Uint8Array(readFileSync(join(dir, MNIST_FILES.testLabels))),
    'MNIST test',
  );
});

describe('scene generator', () => {
  it('gives the same scene for the same seed and index, another for another index', () => {
    for (const style of ['clean', 'paper'] as const) {
      const a = generateScene(source, 3, 5, { style });
      const b = generateScene(source, 3, 5, { style });
      expect(b.image).toEqual(a.image);
      expect(b.labels).toEqual(a.labels);
      expect(b.objects).toEqual(a.objects);
      const c = generateScene(source, 3, 6, { style });
      expect(c.image).not.toEqual(a.image);
    }
  });

  it('boxes enclose each digit, labels and instances agree, everything lies in the image', () => {
    for (let k = 0; k < 40; k++) {
      const s = generateScene(source, 11, k, {
        style: k % 2 ? 'paper' : 'clean',
        width: 96,
        height: 80,
        maxDigitHeight: 40,
      });
      expect(s.image.length).toBe(96 * 80 * 3);
      const byInstance = new Map(s.objects.map((o) => [o.instance, o]));
      const counted = new Map<number, number>();
      // Per-pixel checks collect problems (one expect per pixel would take seconds).
      const problems: string[] = [];
      for (let i = 0; i < s.labels.length; i++) {
        const label = s.labels[i];
        if (label !== VOID && label > 10) problems.push(`label ${label} at ${i}`);
        const inst = s.instances[i];
        if (inst === 0) {
          if (label !== 0 && label !== VOID)
            problems.push(`label ${label} without instance at ${i}`);
          continue;
        }
        const o = byInstance.get(inst);
        if (!o) {
          problems.push(`instance ${inst} has no object`);
          continue;
        }
        if (label !== o.categoryId) problems.push(`label ${label} in instance of ${o.categoryId}`);
        const x = i % s.width;
        const y = Math.floor(i / s.width);
        const [bx, by, bw, bh] = o.bbox;
        if (!(x >= bx && x < bx + bw && y >= by && y < by + bh))
          problems.push(`pixel (${x}, ${y}) of instance ${inst} outside its box`);
        counted.set(inst, (counted.get(inst) ?? 0) + 1);
      }
      expect(problems.slice(0, 5)).toEqual([]);
      for (const o of s.objects) {
        expect(o.categoryId).toBe(o.digit + 1);
        expect(counted.get(o.instance)).toBe(o.area);
        const [bx, by, bw, bh] = o.bbox;
        expect(bx >= 0 && by >= 0 && bx + bw <= s.width && by + bh <= s.height).toBe(true);
        // A digit's box is at least as tall as the smallest digit asked for, give or take blur.
        expect(Math.max(bw, bh)).toBeGreaterThanOrEqual(10);
      }
    }
  });

  it('boxes are tight: each edge of a box crosses the digit’s marked pixels', () => {
    // A box is the extent of the digit's ink above a threshold that is also where the label
    // map stops calling a pixel background; so every edge row and column of a box holds a
    // pixel labelled with a digit or void, and a box one pixel smaller would cut ink off.
    const problems: string[] = [];
    for (let k = 0; k < 40; k++) {
      const s = generateScene(source, 12, k, { style: k % 2 ? 'paper' : 'clean', clutter: 0 });
      const marked = (x: number, y: number) => s.labels[y * s.width + x] !== 0;
      for (const o of s.objects) {
        const [bx, by, bw, bh] = o.bbox;
        const xs = Array.from({ length: bw }, (_, i) => bx + i);
        const ys = Array.from({ length: bh }, (_, i) => by + i);
        const edges: [string, boolean][] = [
          ['top', xs.some((x) => marked(x, by))],
          ['bottom', xs.some((x) => marked(x, by + bh - 1))],
          ['left', ys.some((y) => marked(bx, y))],
          ['right', ys.some((y) => marked(bx + bw - 1, y))],
        ];
        for (const [edge, ok] of edges)
          if (!ok)
            problems.push(`scene ${k}, digit ${o.digit}: nothing marked on its ${edge} edge`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('training scenes draw on MNIST’s training split, held-out scenes on its test split', async () => {
    // The CLI and the worker ask for the split by name; what each name gives is MNIST's own
    // split, told apart by size and by how many zeros and ones each holds.
    const counts = (d: DigitSource) => {
      const c = new Array<number>(10).fill(0);
      for (let i = 0; i < d.count; i++) c[d.label(i)]++;
      return c;
    };
    const [train, test] = await Promise.all([
      loadDigitSourceNode('train'),
      loadDigitSourceNode('test'),
    ]);
    expect(train.count).toBe(60_000);
    expect(test.count).toBe(10_000);
    expect(counts(train).slice(0, 2)).toEqual([5923, 6742]);
    expect(counts(test).slice(0, 2)).toEqual([980, 1135]);
    expect(test.pixels(0)).toEqual(source.pixels(0));
  });

  it('places between min and max digits and keeps overlaps small', () => {
    let total = 0;
    for (let k = 0; k < 30; k++) {
      const s = generateScene(source, 2, k, { minDigits: 2, maxDigits: 4 });
      expect(s.objects.length).toBeLessThanOrEqual(4);
      total += s.objects.length;
    }
    expect(total / 30).toBeGreaterThan(2);
  });

  it('clean is ink on black, paper is dark ink on a light page', () => {
    const mean = (img: Uint8Array) => img.reduce((s, v) => s + v, 0) / img.length;
    const clean = generateScene(source, 4, 0, { style: 'clean' });
    const paper = generateScene(source, 4, 0, { style: 'paper' });
    expect(mean(clean.image)).toBeLessThan(60);
    expect(mean(paper.image)).toBeGreaterThan(150);
    // On paper, a digit's pixels are darker than the page around them.
    let ink = 0;
    let inkN = 0;
    let page = 0;
    let pageN = 0;
    for (let i = 0; i < paper.labels.length; i++) {
      const v = paper.image[i * 3] + paper.image[i * 3 + 1] + paper.image[i * 3 + 2];
      if (paper.labels[i] > 0 && paper.labels[i] !== VOID) {
        ink += v;
        inkN++;
      } else if (paper.labels[i] === 0) {
        page += v;
        pageN++;
      }
    }
    expect(inkN).toBeGreaterThan(0);
    expect(ink / inkN).toBeLessThan(page / pageN - 60);
  });

  it('erodes ink by a square, counting outside the rect as no ink', () => {
    // A 3-px-wide vertical bar in a 7x5 field: erosion by 1 leaves its middle column, less
    // its ends, which touch the rect's edge.
    const width = 7;
    const field = new Float32Array(7 * 5);
    for (let y = 0; y < 5; y++) for (let x = 2; x <= 4; x++) field[y * width + x] = 1;
    erodeInk(field, width, [0, 0, 7, 5], 1);
    const kept = Array.from(field.keys()).filter((i) => field[i] > 0);
    expect(kept).toEqual([1, 2, 3].map((y) => y * width + 3));
    // Grey values: the least of the 3x3 around.
    const grey = Float32Array.from({ length: 9 }, (_, i) => 0.1 * (i + 1));
    erodeInk(grey, 3, [0, 0, 3, 3], 1);
    expect(grey[4]).toBeCloseTo(0.1, 6);
    expect(erosionRadius(48, 1.5)).toBe(2);
    expect(erosionRadius(16, 3)).toBe(0);
  });

  it('thin ink writes large digits with a pen’s strokes: fewer marked pixels, boxes still tight', () => {
    const opts = { minDigitHeight: 36, maxDigitHeight: 48, clutter: 0, maxDigits: 3 };
    let thick = 0;
    let thin = 0;
    for (let k = 0; k < 12; k++) {
      const a = generateScene(source, 13, k, opts);
      const b = generateScene(source, 13, k, { ...opts, thinInk: 1 });
      // Per digit: the thin-pen scene marks far fewer pixels for a digit as big.
      thick +=
        a.objects.reduce((n, o) => n + o.area / (o.bbox[2] * o.bbox[3]), 0) / a.objects.length;
      thin +=
        b.objects.reduce((n, o) => n + o.area / (o.bbox[2] * o.bbox[3]), 0) / b.objects.length;
      for (const o of b.objects) {
        const [bx, by, bw, bh] = o.bbox;
        expect(Math.max(bw, bh)).toBeGreaterThan(20);
        for (let i = 0; i < b.labels.length; i++)
          if (b.instances[i] === o.instance) {
            const x = i % b.width;
            const y = Math.floor(i / b.width);
            expect(x >= bx && x < bx + bw && y >= by && y < by + bh).toBe(true);
          }
      }
    }
    expect(thin).toBeLessThan(0.7 * thick);
    // Without it, no random number is drawn for it: the scenes are the ones made before.
    expect(generateScene(source, 13, 0, { ...opts, thinInk: 0 })).toEqual(
      generateScene(source, 13, 0, opts),
    );
  });

  it('refuses options out of range with a clear message', () => {
    expect(() => resolveSceneOptions({ width: 8 })).toThrow(
      /width must be an integer in 32\.\.1024/,
    );
    expect(() => resolveSceneOptions({ maxDigitHeight: 200 })).toThrow(/does not fit/);
    expect(() => resolveSceneOptions({ minDigits: 3, maxDigits: 2 })).toThrow(/maxDigits/);
    expect(() => resolveSceneOptions({ style: 'foggy' as 'clean' })).toThrow(/clean or paper/);
    expect(() => resolveSceneOptions({ clutter: 2 })).toThrow(/clutter/);
    expect(() => resolveSceneOptions({ thinInk: -0.5 })).toThrow(/thinInk must be in 0\.\.1/);
  });
});
