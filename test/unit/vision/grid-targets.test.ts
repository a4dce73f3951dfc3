/**
 * The grid detector's targets and its decoding are two halves of one encoding: logits that
 * say exactly what encodeTargets asked for must decode to the boxes it was given. And the
 * size-aware box weights: a narrow box's coordinates weigh more than a wide one's.
 */
import { describe, expect, it } from 'vitest';
import { VOID_LABEL } from '../../../src/nn/layers/pixel-softmax-with-loss';
import { decodeGrid } from '../../../src/vision/detector/decode';
import {
  type GridDetectorConfig,
  gridSize,
  HEAD_OFFSET,
  headChannels,
} from '../../../src/vision/detector/grid-config';
import {
  BOX_REFERENCE_SIZE,
  encodeTargets,
  POSITIVE_WEIGHT,
} from '../../../src/vision/detector/grid-targets';

const config: GridDetectorConfig = {
  kind: 'grid-detector',
  inputSize: [64, 64],
  stageChannels: [4, 4, 4],
  classes: 10,
};
const logit = (p: number) => Math.log(p / (1 - p));

describe('grid detector targets', () => {
  const boxes = [
    { bbox: [10, 12, 5, 30] as const, classIndex: 1 },
    { bbox: [30, 30, 24, 20] as const, classIndex: 8 },
  ];
  const t = encodeTargets(config, [boxes]);
  const [gh, gw] = gridSize(config);

  it('marks the centre cells, their classes and nothing else', () => {
    expect(t.positives).toBe(2);
    const cells = [...t.objectness.keys()].filter((i) => t.objectness[i] === 1);
    // Centres (12.5, 27) and (42, 40) on a grid of 8-pixel cells.
    expect(cells).toEqual([3 * gw + 1, 5 * gw + 5]);
    expect(t.classes[3 * gw + 1]).toBe(1);
    expect(t.classes[5 * gw + 5]).toBe(8);
    expect(t.classes.filter((c) => c === VOID_LABEL).length).toBe(gh * gw - 2);
    expect(t.objectnessWeights[3 * gw + 1]).toBe(POSITIVE_WEIGHT);
    expect(t.objectnessWeights[0]).toBe(1);
  });

  it('weighs box coordinates by the inverse of the box extent, clamped', () => {
    const narrow = Array.from(t.boxWeights.subarray((3 * gw + 1) * 4, (3 * gw + 1) * 4 + 4));
    const wide = Array.from(t.boxWeights.subarray((5 * gw + 5) * 4, (5 * gw + 5) * 4 + 4));
    expect(narrow[0]).toBeCloseTo(Math.min(BOX_REFERENCE_SIZE / 5, 4));
    expect(narrow[1]).toBeCloseTo(Math.max(BOX_REFERENCE_SIZE / 30, 0.5));
    expect(narrow[2]).toBe(narrow[0]);
    expect(wide[0]).toBeCloseTo(BOX_REFERENCE_SIZE / 24);
    expect(narrow[0]).toBeGreaterThan(wide[0]);
    expect(t.boxWeights.reduce((a, b) => a + b, 0)).toBeCloseTo(
      [...narrow, ...wide].reduce((a, b) => a + b, 0),
    );
  });

  it('decodes logits that say what the targets ask back to the same boxes', () => {
    const ch = headChannels(config);
    const head = new Float32Array(gh * gw * ch).fill(-12);
    for (let cell = 0; cell < gh * gw; cell++) {
      if (t.objectness[cell] !== 1) continue;
      const base = cell * ch;
      head[base + HEAD_OFFSET.objectness] = 12;
      for (let j = 0; j < 4; j++) head[base + HEAD_OFFSET.box + j] = logit(t.box[cell * 4 + j]);
      head[base + HEAD_OFFSET.classes + t.classes[cell]] = 12;
    }
    const found = decodeGrid(config, head).sort((a, b) => a.bbox[0] - b.bbox[0]);
    expect(found.map((d) => d.categoryId)).toEqual([2, 9]);
    found.forEach((d, i) => {
      d.bbox.forEach((v, j) => {
        expect(v).toBeCloseTo(boxes[i].bbox[j], 3);
      });
      expect(d.score).toBeGreaterThan(0.99);
    });
  });

  it('refuses a class outside the detector', () => {
    expect(() => encodeTargets(config, [[{ bbox: [1, 1, 4, 4], classIndex: 10 }]])).toThrow(
      /class 10 is outside 0..9/,
    );
  });
});
