/**
 * Fuzzing the Vision area's readers (fast-check, fixed seeds): damaged PNG images and label
 * maps, COCO annotation files with random values in random fields, and damaged vision model
 * files. Every case ends in a valid result or the reader's own one-line error, quickly, with
 * no tensor left behind.
 */
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import {
  CocoError,
  DIGIT_CATEGORIES,
  parseCocoDataset,
  parseCocoResults,
} from '../../../src/data/coco';
import {
  decodeLabelMapPng,
  decodeRgbPng,
  encodeLabelMapPng,
  encodeRgbPng,
  PngError,
} from '../../../src/data/png';
import { chooseBackend } from '../../../src/nn/backend';
import {
  createVisionModel,
  loadVisionModel,
  saveVisionModel,
  VisionModelFileError,
} from '../../../src/vision/model-file';
import { damage, expectClear, headerEdit, settle, withHeader } from '../../helpers/fuzz';

let rgbPng: Uint8Array;
let maskPng: Uint8Array;
let modelBytes: Uint8Array;

beforeAll(async () => {
  await chooseBackend({ request: 'cpu' });
  rgbPng = encodeRgbPng({
    width: 12,
    height: 9,
    data: Uint8Array.from({ length: 12 * 9 * 3 }, (_, i) => (i * 31) % 256),
  });
  maskPng = encodeLabelMapPng({
    width: 12,
    height: 9,
    data: Uint8Array.from({ length: 12 * 9 }, (_, i) => (i % 13 === 0 ? 255 : i % 11)),
  });
  const net = createVisionModel(
    { kind: 'grid-detector', inputSize: [16, 16], stageChannels: [2, 3], classes: 10 },
    1,
  );
  modelBytes = await saveVisionModel(net);
  net.dispose();
});

const goodCoco = () => ({
  images: [
    { id: 1, file_name: 'a.png', width: 32, height: 32 },
    { id: 2, file_name: 'b.png', width: 20, height: 10 },
  ],
  annotations: [
    { id: 1, image_id: 1, category_id: 3, bbox: [1, 1, 4, 5], area: 12, iscrowd: 0 },
    { id: 2, image_id: 2, category_id: 10, bbox: [0, 0, 20, 10], area: 200, iscrowd: 1 },
  ],
  categories: DIGIT_CATEGORIES,
});

const cocoPaths = [
  ['images'],
  ['annotations'],
  ['categories'],
  ['images', '0', 'id'],
  ['images', '0', 'file_name'],
  ['images', '1', 'width'],
  ['annotations', '0', 'bbox'],
  ['annotations', '0', 'image_id'],
  ['annotations', '1', 'category_id'],
  ['annotations', '1', 'iscrowd'],
  ['annotations', '0', 'area'],
  ['categories', '2', 'id'],
];

describe('fuzz: vision readers', () => {
  it('damaged RGB PNGs and label maps', () => {
    for (const [bytes, read] of [
      [() => rgbPng, (b: Uint8Array) => decodeRgbPng(b, 'x.png')],
      [() => maskPng, (b: Uint8Array) => decodeLabelMapPng(b, 'm.png')],
    ] as const) {
      fc.assert(
        fc.property(damage(bytes().length), (hurt) => {
          expectClear(
            settle(() => read(hurt(bytes()))),
            [PngError],
          );
        }),
        { numRuns: 1000, seed: 11 },
      );
    }
  });

  it('COCO files with random values in their fields, and random results files', () => {
    fc.assert(
      fc.property(fc.array(headerEdit(cocoPaths), { minLength: 1, maxLength: 3 }), (edits) => {
        const json = JSON.parse(JSON.stringify(goodCoco()));
        for (const edit of edits) edit(json);
        expectClear(
          settle(() => parseCocoDataset(json, 'ann.json')),
          [CocoError],
        );
      }),
      { numRuns: 1500, seed: 12 },
    );
    const dataset = parseCocoDataset(goodCoco());
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (json) => {
        expectClear(
          settle(() => parseCocoResults(json, dataset, 'results.json')),
          [CocoError],
        );
      }),
      { numRuns: 1000, seed: 13 },
    );
  });

  it('damaged vision model files and crafted headers', () => {
    fc.assert(
      fc.property(damage(modelBytes.length), (hurt) => {
        expectClear(
          settle(() => loadVisionModel(hurt(modelBytes)).model.dispose()),
          [VisionModelFileError],
        );
      }),
      { numRuns: 800, seed: 14 },
    );
    const paths = [
      ['config'],
      ['config', 'kind'],
      ['config', 'inputSize'],
      ['config', 'stageChannels'],
      ['config', 'classes'],
      ['tensors'],
      ['version'],
    ];
    fc.assert(
      fc.property(headerEdit(paths), (edit) => {
        expectClear(
          settle(() => loadVisionModel(withHeader(modelBytes, edit)).model.dispose()),
          [VisionModelFileError],
        );
      }),
      { numRuns: 800, seed: 15 },
    );
  });
});
