/**
 * The grid detector's targets and its decoding are two halves of one encoding: logits that
 * say exactly what encodeTargets asked for must decode to the boxes it was given, in both
 * box codings. And the "log" coding's extras: size-aware offset weights (a narrow box's
 * centre weighs more than a wide one's) and box targets at neighbouring cells inside the box.
 */
import { describe, expect, it } from 'vitest';
import { VOID_LABEL } from '../../../src/nn/layers/pixel-softmax-with-loss';
import { decodeGrid } from '../../../src/vision/detector/decode';
import {
  type BoxCoding,
  type GridDetectorConfig,
  gridSize,
  HEAD_OFFSET,
  headChannels,
} from '../../../src/vision/detector/grid-config';
import {
  encodeTargets,
  NEIGHBOUR_BOX_WEIGHT,
  offsetWeight,
  POSITIVE_WEIGHT,
} from '../../../src/vision/detector/grid-targets';

const configFor = (boxCoding: BoxCoding): GridDetectorConfig => ({
  kind: 'grid-detector',
  inputSize: [64, 64],
  stageChannels: [4, 4, 4],
  classes: 10,
  boxCoding,
});
const logit = (p: number) => Math.log(p / (1 - p));
const boxes = [
  { bbox: [10, 12, 5, 30] as const, classIndex: 1 },
  { bbox: [30, 30, 24, 20] as const, classIndex: 8 },
];
// Centres (12.5, 27) and (42, 40) on a grid of 8-pixel cells, 8 cells a row.
const centres = [3 * 8 + 1, 5 * 8 + 5];

describe.each(['share', 'log'] as const)('grid detector targets, %s coding', (coding) => {
  const config = configFor(coding);
  const t = encodeTargets(config, [boxes]);
  const [gh, gw] = gridSize(config);

  it('marks the centre cells and their classes, and nothing else fires', () => {
    expect(t.positives).toBe(2);
    const cells = [...t.objectness.keys()].filter((i) => t.objectness[i] === 1);
    expect(cells).toEqual(centres);
    expect(t.classes[centres[0]]).toBe(1);
    expect(t.classes[centres[1]]).toBe(8);
    expect(t.classes.filter((c) => c === VOID_LABEL).length).toBe(gh * gw - 2);
    expect(t.objectnessWeights[centres[0]]).toBe(POSITIVE_WEIGHT);
    expect(t.objectnessWeights[0]).toBe(1);
  });

  it('decodes logits that say what the targets ask back to the same boxes', () => {
    const ch = headChannels(config);
    const head = new Float32Array(gh * gw * ch).fill(-12);
    for (const cell of centres) {
      const base = cell * ch;
      head[base + HEAD_OFFSET.objectness] = 12;
      for (let j = 0; j < 4; j++) {
        const target = t.box[cell * 4 + j];
        head[base + HEAD_OFFSET.box + j] = coding === 'share' ? logit(target) : target;
      }
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

describe('decoding the head', () => {
  const config = configFor('log');
  const [gh, gw] = gridSize(config);
  const ch = headChannels(config);
  /** One cell sure of a digit (objectness 0.8) but torn between classes 3 (0.6) and 5 (0.3). */
  const torn = () => {
    const head = new Float32Array(gh * gw * ch).fill(-12);
    const base = (2 * gw + 3) * ch;
    head[base + HEAD_OFFSET.objectness] = logit(0.8);
    const probs = [0.6, 0.3, 0.1];
    for (let j = 0; j < 10; j++) head[base + HEAD_OFFSET.classes + j] = Math.log(1e-9);
    [3, 5, 7].forEach((c, i) => {
      head[base + HEAD_OFFSET.classes + c] = Math.log(probs[i]);
    });
    return head;
  };

  it('gives a cell its most likely class, or its best classesPerCell, each scored objectness x p', () => {
    const one = decodeGrid(config, torn());
    expect(one.map((d) => d.categoryId)).toEqual([4]);
    expect(one[0].score).toBeCloseTo(0.8 * 0.6, 5);
    const two = decodeGrid(config, torn(), 0, { classesPerCell: 2 });
    expect(two.map((d) => d.categoryId)).toEqual([4, 6]);
    expect(two[1].score).toBeCloseTo(0.8 * 0.3, 5);
    expect(two[1].bbox).toEqual(two[0].bbox);
    // The third class (0.8 x 0.1) falls under a 0.1 score threshold.
    const three = decodeGrid(config, torn(), 0, { classesPerCell: 3, scoreThreshold: 0.1 });
    expect(three.map((d) => d.categoryId)).toEqual([4, 6]);
  });

  it('refuses a classesPerCell outside 1..classes', () => {
    expect(() => decodeGrid(config, torn(), 0, { classesPerCell: 0 })).toThrow(
      /classesPerCell must be an integer in 1\.\.10, got 0/,
    );
    expect(() => decodeGrid(config, torn(), 0, { classesPerCell: 11 })).toThrow(/got 11/);
  });
});

describe('the log coding', () => {
  const config = configFor('log');
  const t = encodeTargets(config, [boxes]);
  const weights = (cell: number) => Array.from(t.boxWeights.subarray(cell * 4, cell * 4 + 4));

  it('weighs centre offsets by the inverse of the box extent, clamped; log sizes by 1', () => {
    const narrow = weights(centres[0]);
    const wide = weights(centres[1]);
    [offsetWeight(5), offsetWeight(30), 1, 1].forEach((w, i) => {
      expect(narrow[i]).toBeCloseTo(w, 6);
    });
    expect(offsetWeight(5)).toBe(3.2);
    expect(offsetWeight(1000)).toBe(0.5);
    expect(wide[0]).toBeCloseTo(16 / 24);
    expect(narrow[0]).toBeGreaterThan(wide[0]);
  });

  it('teaches the box to the neighbouring cells inside it, at half weight, without objectness', () => {
    // The wide box (30..54 x 30..50) holds the centres of cells x 4..6, y 4..5 (and its own 5,5).
    const owned = [...Array(64).keys()].filter((c) => t.boxWeights[c * 4 + 2] > 0);
    const wideNeighbours = [4 * 8 + 4, 4 * 8 + 5, 4 * 8 + 6, 5 * 8 + 4, 5 * 8 + 6];
    // The narrow box (10..15 wide) holds no other cell centre in x: only its own column, y 2..4.
    const narrowNeighbours = [2 * 8 + 1, 4 * 8 + 1];
    expect(owned.sort((a, b) => a - b)).toEqual(
      [...centres, ...wideNeighbours, ...narrowNeighbours].sort((a, b) => a - b),
    );
    for (const cell of [...wideNeighbours, ...narrowNeighbours]) {
      expect(weights(cell)[2]).toBe(NEIGHBOUR_BOX_WEIGHT);
      expect(t.objectness[cell]).toBe(0);
    }
    // A neighbour's targets still describe the same box from its own cell.
    const cell = 4 * 8 + 6;
    const [tx, ty, tw, th] = t.box.subarray(cell * 4, cell * 4 + 4);
    expect((6 + 0.5 + tx) * 8).toBeCloseTo(42);
    expect((4 + 0.5 + ty) * 8).toBeCloseTo(40);
    expect(Math.exp(tw) * 8).toBeCloseTo(24);
    expect(Math.exp(th) * 8).toBeCloseTo(20);
  });
});
