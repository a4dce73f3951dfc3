/**
 * GAN files (".gan"): a trained GAN reads back with the same samples (batch-norm statistics
 * included) and the same discriminator, and damaged or crafted files are refused with one
 * message saying what is wrong, before anything is allocated.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { LabeledData } from '../../../src/nn/dataset';
import type { GanConfig } from '../../../src/vision/gan/gan-config';
import { loadGan, saveGan } from '../../../src/vision/gan/gan-file';
import { Gan } from '../../../src/vision/gan/gan-model';
import { drawSamples, trainGan } from '../../../src/vision/gan/gan-training';
import { fixedNoise } from '../../../src/vision/gan/latent';

const config: GanConfig = {
  kind: 'dcgan',
  imageSize: 8,
  latent: 4,
  classes: 3,
  codes: 0,
  generator: [4, 3],
  discriminator: [3, 4],
};

/** Rewrites the JSON header (lengths redone). */
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

function data(): LabeledData {
  const count = 12;
  const x = Float32Array.from({ length: count * 64 }, (_, i) => (i % 9) / 9);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 3);
  return { x, labels, sampleShape: [64], count, classes: 3 };
}

async function trainedBytes(): Promise<{ gan: Gan; bytes: Uint8Array }> {
  const gan = new Gan(config, 4);
  await trainGan(gan, data(), { steps: 3, batchSize: 4, lr: 1e-3, seed: 1 });
  return { gan, bytes: await saveGan(gan, { steps: 3, note: 'test' }) };
}

describe('GAN files', () => {
  it('read back with the same samples, statistics and discriminator', async () => {
    const { gan, bytes } = await trainedBytes();
    // Training moved the running statistics off their start (0 and 1).
    const mean = gan.generator.state.get('Grunning_mean1') as tf.Variable;
    expect(Math.max(...Array.from(mean.dataSync()).map(Math.abs))).toBeGreaterThan(0);
    const { gan: loaded, meta } = loadGan(bytes);
    expect(meta).toEqual({ steps: 3, note: 'test' });
    expect(loaded.config).toEqual(config);
    const noise = fixedNoise(config, 2, 3);
    expect(await drawSamples(loaded, noise)).toEqual(await drawSamples(gan, noise));
    const images = tf.randomUniform([2, 8, 8, 1], -1, 1, 'float32', 3);
    const labels = tf.tensor1d([0, 2], 'int32');
    const a = gan.discriminator.realness(images, labels);
    const b = loaded.discriminator.realness(images, labels);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([images, labels, a, b]);
    gan.dispose();
    loaded.dispose();
  });

  it('refuses damaged and crafted files, saying what is wrong, leaving nothing allocated', async () => {
    const { gan, bytes } = await trainedBytes();
    gan.dispose();
    const before = tf.memory().numTensors;
    const refuse = (b: Uint8Array, message: RegExp) => {
      expect(() => loadGan(b)).toThrow(message);
      expect(tf.memory().numTensors).toBe(before);
    };
    refuse(bytes.subarray(0, 10), /GAN file: 10 bytes is too short to be a GAN file/);
    refuse(
      Uint8Array.from([...new TextEncoder().encode('GAMODEL1'), ...bytes.subarray(8)]),
      /not a Gradient Arcade GAN \(expected "GAGANMD1"/,
    );
    refuse(bytes.subarray(0, bytes.length - 8), /trailing|truncated|needs bytes/);
    refuse(
      withHeader(bytes, (h) => {
        (h.config as GanConfig).imageSize = 30;
      }),
      /GAN file: dcgan: imageSize must be a multiple of 4/,
    );
    refuse(
      withHeader(bytes, (h) => {
        (h.config as GanConfig).generator = [100_000, 4];
      }),
      /generator must be two integers in 1\.\.1024/,
    );
    refuse(
      withHeader(bytes, (h) => {
        (h.config as GanConfig).generator = [5, 3];
      }),
      /tensor GW1 has shape \[7,16\], the GAN needs \[7,20\]/,
    );
    refuse(
      withHeader(bytes, (h) => {
        h.tensors = (h.tensors as Array<{ name: string }>).filter(
          (t) => t.name !== 'Grunning_var2',
        );
      }),
      /missing tensor Grunning_var2/,
    );
    // A NaN in the discriminator's last weight.
    const nan = bytes.slice();
    new DataView(nan.buffer).setFloat32(nan.length - 8, Number.NaN, true);
    refuse(nan, /tensor DW3 holds a non-finite value/);
  });
});
