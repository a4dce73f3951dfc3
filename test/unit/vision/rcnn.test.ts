import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDigitSourceNode } from '../../../src/data/scenes/digit-source-node';
import { chooseBackend } from '../../../src/nn/backend';
import { boxIou } from '../../../src/vision/metrics/boxes';
import { inkField, otsuThreshold, proposeRegions } from '../../../src/vision/rcnn/proposals';
import { RcnnDetector } from '../../../src/vision/rcnn/rcnn-detector';
import { heldOutScenes } from '../../../src/vision/train/held-out';

beforeAll(async () => {
  await chooseBackend({ request: 'wasm' });
});

/** A light page with dark filled rectangles [x, y, w, h]. */
function page(
  width: number,
  height: number,
  rects: [number, number, number, number][],
): Uint8Array {
  const rgb = new Uint8Array(width * height * 3).fill(220);
  for (const [x0, y0, w, h] of rects)
    for (let y = y0; y < y0 + h; y++)
      for (let x = x0; x < x0 + w; x++) rgb.fill(30, (y * width + x) * 3, (y * width + x) * 3 + 3);
  return rgb;
}

describe('R-CNN region proposals', () => {
  it('finds each blob of ink once, in either polarity, and drops specks', () => {
    const rgb = page(64, 48, [
      [5, 5, 6, 14],
      [30, 20, 8, 16],
      [50, 40, 2, 2],
    ]);
    const boxes = proposeRegions(inkField(rgb, 64, 48)).map((p) => p.bbox);
    expect(boxes).toEqual([
      [5, 5, 6, 14],
      [30, 20, 8, 16],
    ]);
    const inverted = rgb.map((v) => 255 - v);
    expect(proposeRegions(inkField(inverted, 64, 48)).map((p) => p.bbox)).toEqual(boxes);
  });

  it('joins touching pieces of one stroke', () => {
    const rgb = page(40, 40, [
      [10, 5, 8, 3],
      [10, 8, 3, 12],
    ]);
    expect(proposeRegions(inkField(rgb, 40, 40)).map((p) => p.bbox)).toEqual([[10, 5, 8, 15]]);
  });

  it('splits a two-level histogram between its levels', () => {
    const values = Float32Array.from({ length: 200 }, (_, i) => (i < 150 ? 0.05 : 0.8));
    const t = otsuThreshold(values);
    expect(t).toBeGreaterThan(0.05);
    expect(t).toBeLessThanOrEqual(0.8);
  });
});

describe('R-CNN with the shipped DeepConvNet', () => {
  it('boxes and reads most digits of clean held-out scenes', async () => {
    const rcnn = RcnnDetector.load(new Uint8Array(readFileSync('models/deep-conv-augmented.gam')));
    const scenes = heldOutScenes(await loadDigitSourceNode('test'), 20, 0, [128, 128]);
    let truths = 0;
    let found = 0;
    for (const s of scenes) {
      const dets = rcnn.detect(s.image, s.width, s.height);
      for (const o of s.objects) {
        truths++;
        if (dets.some((d) => d.categoryId === o.categoryId && boxIou(d.bbox, o.bbox) >= 0.5))
          found++;
      }
    }
    expect(truths).toBeGreaterThan(40);
    // Touching digits merge into one proposal and clutter can join a digit, so R-CNN finds
    // about half (seen: 0.5 on these scenes); chance finds none.
    expect(found / truths).toBeGreaterThan(0.4);
    expect(() => rcnn.detect(new Uint8Array(5), 2, 2)).toThrow(/5 bytes for a 2x2 RGB image/);
    rcnn.dispose();
  });
});
