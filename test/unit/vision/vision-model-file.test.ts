import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend } from '../../../src/nn/backend';
import { GridDetector } from '../../../src/vision/detector/grid-detector';
import {
  createVisionModel,
  loadVisionModel,
  saveVisionModel,
} from '../../../src/vision/model-file';
import { FcnSegmenter } from '../../../src/vision/segmenter/fcn';

beforeAll(async () => {
  await chooseBackend({ request: 'cpu' });
});

/** Rewrites the JSON header of a vision model file (same length or not: lengths are redone). */
function withHeader(bytes: Uint8Array, edit: (h: Record<string, unknown>) => void): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const length = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length)));
  edit(header);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const oldStart = (12 + length + 3) & ~3;
  const newStart = (12 + json.length + 3) & ~3;
  const out = new Uint8Array(newStart + bytes.length - oldStart);
  out.set(bytes.subarray(0, 8));
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  out.set(bytes.subarray(oldStart), newStart);
  return out;
}

describe('vision model files', () => {
  it('round-trip both nets with their predictions', async () => {
    for (const config of [
      { kind: 'grid-detector', inputSize: [16, 16], stageChannels: [3, 4], classes: 10 } as const,
      {
        kind: 'grid-detector',
        inputSize: [16, 16],
        stageChannels: [3, 4],
        classes: 10,
        boxCoding: 'log',
      } as const,
      { kind: 'fcn', inputSize: [8, 8], stageChannels: [2, 3], classes: 11 } as const,
      {
        kind: 'fcn',
        inputSize: [8, 8],
        stageChannels: [2, 3],
        classes: 11,
        firstStride: 2,
      } as const,
    ]) {
      const net = createVisionModel(
        { ...config, inputSize: [...config.inputSize], stageChannels: [...config.stageChannels] },
        7,
      );
      const bytes = await saveVisionModel(net, { note: 'test' });
      const { model, meta } = loadVisionModel(bytes);
      expect(meta.note).toBe('test');
      expect(model.config).toEqual(net.config);
      expect(model instanceof GridDetector || model instanceof FcnSegmenter).toBe(true);
      const [h, w] = config.inputSize;
      const x = tf.randomNormal([1, h, w, 1], 0, 1, 'float32', 3);
      const a = net.predict(x);
      const b = model.predict(x);
      expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
      tf.dispose([x, a, b]);
      net.dispose();
      model.dispose();
    }
  });

  it('refuses crafted configs before building anything, and wrong tensors', async () => {
    const net = createVisionModel(
      { kind: 'grid-detector', inputSize: [16, 16], stageChannels: [3, 4], classes: 10 },
      1,
    );
    const bytes = await saveVisionModel(net);
    net.dispose();
    const before = tf.memory().numTensors;
    const cases: [(h: Record<string, unknown>) => void, RegExp][] = [
      [
        (h) => {
          const c = h.config as Record<string, unknown>;
          c.stageChannels = [512, 512, 512, 512, 512, 512];
          c.inputSize = [128, 128];
        },
        /would exceed/,
      ],
      [
        (h) => ((h.config as Record<string, unknown>).inputSize = [4096, 4096]),
        /inputSize must be two multiples/,
      ],
      [
        (h) => ((h.config as Record<string, unknown>).inputSize = [17, 16]),
        /inputSize must be two multiples of 4/,
      ],
      [
        (h) => ((h.config as Record<string, unknown>).kind = 'yolo9000'),
        /unknown vision model kind "yolo9000"/,
      ],
      [
        (h) => ((h.config as Record<string, unknown>).stageChannels = [3, 5]),
        /vision model file: /,
      ],
    ];
    for (const [edit, message] of cases)
      expect(() => loadVisionModel(withHeader(bytes, edit))).toThrow(message);
    expect(() => loadVisionModel(bytes.subarray(0, 10))).toThrow(
      /too short to be a vision model file/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
