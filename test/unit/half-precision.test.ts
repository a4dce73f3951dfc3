import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend } from '../../src/nn/backend';
import type { LabeledData } from '../../src/nn/dataset';
import { evaluate } from '../../src/nn/evaluate';
import { halfPrecision } from '../../src/nn/experiments/half-precision';
import { misclassified } from '../../src/nn/experiments/misclassified';
import { fromFloat16Bits, roundToFloat16, toFloat16Bits } from '../../src/nn/float16';
import { createNet, defaultConfig } from '../../src/nn/nets';
import { Rng } from '../../src/nn/rng';

beforeAll(async () => {
  await chooseBackend({ request: 'wasm' });
});

describe('float16 rounding', () => {
  it('gives the IEEE binary16 bit patterns', () => {
    const cases: Array<[number, number]> = [
      [0, 0x0000],
      [-0, 0x8000],
      [1, 0x3c00],
      [-2, 0xc000],
      [0.5, 0x3800],
      [65504, 0x7bff],
      [65520, 0x7c00], // rounds up past the largest half: Infinity
      [Number.POSITIVE_INFINITY, 0x7c00],
      [2 ** -24, 0x0001], // smallest subnormal
      [2 ** -14, 0x0400], // smallest normal
      [2 ** -26, 0x0000], // below half the smallest subnormal: zero
      [0.1, 0x2e66],
      [1 / 3, 0x3555],
    ];
    for (const [v, bits] of cases) expect(toFloat16Bits(v), `${v}`).toBe(bits);
    expect(Number.isNaN(fromFloat16Bits(toFloat16Bits(Number.NaN)))).toBe(true);
  });

  it('rounds ties to even and round-trips every half value', () => {
    // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties go to the even mantissa (1).
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00);
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    for (let h = 0; h < 0x7c00; h += 7) expect(toFloat16Bits(fromFloat16Bits(h))).toBe(h);
    const r = roundToFloat16(new Float32Array([Math.PI, -1e-3, 1e6]));
    expect(r[0]).toBe(3.140625);
    expect(Math.abs(r[1] + 1e-3)).toBeLessThan(1e-3 * 2 ** -11);
    expect(r[2]).toBe(Number.POSITIVE_INFINITY);
  });
});

/** A small labelled set from a fixed seed (an untrained net gets many of it wrong). */
function tinySet(n: number, seed: number): LabeledData {
  const rng = new Rng(seed);
  const x = new Float32Array(n * 784);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 10;
    for (let j = 0; j < 784; j++) x[i * 784 + j] = rng.next() * (j % 10 === labels[i] ? 1 : 0.3);
  }
  return { x, labels, count: n, sampleShape: [784], classes: 10 };
}

describe('half-precision and misclassified experiments', () => {
  it('evaluate with rounded weights and leave the net as it was', async () => {
    const net = createNet(defaultConfig('two-layer'), 3);
    const test = tinySet(200, 4);
    const before = new Map([...net.params].map(([k, p]) => [k, p.dataSync().slice()]));
    const tensors = tf.memory().numTensors;
    const r = await halfPrecision(net, test);
    expect(tf.memory().numTensors).toBe(tensors);
    for (const [k, p] of net.params) expect(p.dataSync()).toEqual(before.get(k));
    expect(r.float32Accuracy).toBeCloseTo((await evaluate(net, test)).accuracy, 10);
    expect(Math.abs(r.float16Accuracy - r.float32Accuracy)).toBeLessThanOrEqual(0.02);
    expect(r.parameters).toBe(net.parameterCount);
    expect(r.bytesFloat16 * 2).toBe(r.bytesFloat32);
    expect(r.maxRelativeChange).toBeGreaterThan(0);
    expect(r.maxRelativeChange).toBeLessThanOrEqual(2 ** -11);
    net.dispose();
  });

  it('misclassified agrees with evaluate and lists only wrong images', async () => {
    const net = createNet(defaultConfig('two-layer'), 5);
    const test = tinySet(300, 6);
    const r = await misclassified(net, test, { imageLimit: 7, batchSize: 64 });
    const { accuracy } = await evaluate(net, test);
    expect(r.accuracy).toBeCloseTo(accuracy, 10);
    expect(r.errors).toBe(r.wrong.length);
    for (const w of r.wrong) {
      expect(w.predicted).not.toBe(w.label);
      expect(test.labels[w.index]).toBe(w.label);
      expect(w.confidence).toBeGreaterThanOrEqual(w.trueProbability);
    }
    expect(r.images.length).toBe(Math.min(7, r.errors) * 784);
    if (r.errors > 0) {
      const first = r.wrong[0].index;
      expect(r.images.subarray(0, 784)).toEqual(test.x.subarray(first * 784, first * 784 + 784));
    }
    expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBe(300);
    net.dispose();
  });
});
