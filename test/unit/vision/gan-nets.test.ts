/**
 * The GAN's hand-written backward passes checked against numerical gradients (central
 * differences on sampled parameter entries) on tiny configurations: the generator's backward
 * from a given d(loss)/d(image), the discriminator's L_D, and the generator step's L_G, whose
 * gradient runs through the discriminator's backward down to its input and on into the
 * generator. Unconditional and conditional (label one-hot into G, label planes into D).
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend } from '../../../src/nn/backend';
import { disposeGradient } from '../../../src/nn/nets/net';
import { Rng } from '../../../src/nn/rng';
import {
  checkGanConfig,
  type GanConfig,
  ganParameterCounts,
} from '../../../src/vision/gan/gan-config';
import type { GanInput } from '../../../src/vision/gan/gan-input';
import { Gan } from '../../../src/vision/gan/gan-model';
import { discriminatorGradient, generatorGradient } from '../../../src/vision/gan/gan-step';
import { randn } from '../../helpers/tensors';

beforeAll(async () => {
  await chooseBackend({ request: 'cpu' });
});

const tiny = (classes: number, codes = 0): GanConfig => ({
  kind: 'dcgan',
  imageSize: 8,
  latent: 3,
  classes,
  codes,
  generator: [3, 2],
  discriminator: [2, 3],
});

/**
 * Compares analytic grads with central differences of `lossOf` at a few entries per tensor.
 * An entry whose difference quotients at h and h/4 disagree lies next to a ReLU kink (a
 * shifted weight carries a unit across 0; a bias moves a whole channel), where no difference
 * quotient is the derivative: it is skipped, and at most a fifth may be.
 */
function checkGradients(
  params: ReadonlyMap<string, tf.Variable>,
  grads: Map<string, tf.Tensor>,
  lossOf: () => number,
  perTensor = 3,
  h = 2e-3,
): void {
  const rng = new Rng(3);
  let checked = 0;
  let kinks = 0;
  for (const [name, p] of params) {
    const g = (grads.get(name) as tf.Tensor).dataSync();
    const values = Float32Array.from(p.dataSync());
    const at = (i: number, value: number): number => {
      const original = values[i];
      values[i] = value;
      p.assign(tf.tensor(values, p.shape));
      const loss = lossOf();
      values[i] = original;
      p.assign(tf.tensor(values, p.shape));
      return loss;
    };
    for (let s = 0; s < perTensor; s++) {
      const i = rng.int(values.length);
      const quotient = (step: number) =>
        (at(i, values[i] + step) - at(i, values[i] - step)) / (2 * step);
      const numeric = quotient(h);
      const tolerance = (x: number) => 3e-3 + 3e-2 * Math.abs(x);
      checked++;
      if (Math.abs(quotient(h / 4) - numeric) > tolerance(numeric)) {
        kinks++;
        continue;
      }
      expect(
        Math.abs(numeric - g[i]),
        `${name}[${i}]: numeric ${numeric} vs backward ${g[i]}`,
      ).toBeLessThan(tolerance(numeric));
    }
  }
  expect(checked).toBeGreaterThan(10);
  expect(kinks, `${kinks} of ${checked} entries next to a kink`).toBeLessThanOrEqual(checked / 5);
}

/** Noise (and, InfoGAN, codes i % codes at its end; conditional, labels) for n samples. */
function input(config: GanConfig, n: number, seed: number): GanInput {
  const gauss = randn([n, config.latent], seed);
  const z =
    config.codes > 0
      ? tf.tidy(() =>
          tf.concat(
            [
              gauss,
              fakeOneHot(
                Array.from({ length: n }, (_, i) => i % config.codes),
                config.codes,
              ),
            ],
            1,
          ),
        )
      : gauss;
  if (z !== gauss) gauss.dispose();
  return {
    z,
    labels:
      config.classes > 0
        ? tf.tensor1d(
            Int32Array.from({ length: n }, (_, i) => i % config.classes),
            'int32',
          )
        : undefined,
  };
}

/** One-hot rows [values.length, k] (float32). */
function fakeOneHot(values: number[], k: number): tf.Tensor2D {
  return tf.cast(tf.oneHot(tf.tensor1d(values, 'int32'), k), 'float32') as tf.Tensor2D;
}

/** Scales every weight up, so that the tiny nets' gradients are not all near 0. */
function livelier(gan: Gan, scale: number): void {
  tf.tidy(() => {
    for (const [name, p] of [...gan.generator.params, ...gan.discriminator.params])
      if (name.includes('W')) p.assign(tf.mul(p, scale));
  });
}

describe.each([
  ['unconditional', 0, 0],
  ['conditional', 3, 0],
  ['InfoGAN', 0, 3],
] as const)('%s GAN: backward equals numerical gradients', (_, classes, codes) => {
  it('generator: d(sum(G(z) · R))/dθ through batch norm, transposed convolutions and tanh', () => {
    const gan = new Gan(tiny(classes, codes), 1);
    livelier(gan, 10);
    const g = gan.generator;
    const x = input(gan.config, 4, 2);
    const r = randn([4, 8, 8, 1], 3);
    const lossAndGrads = () =>
      tf.tidy(() => {
        const out = g.forward(x, true);
        const loss = tf.sum(tf.mul(out, r));
        const grads = g.backward(r);
        return [loss, ...[...g.params.keys()].map((k) => grads.get(k) as tf.Tensor)];
      });
    const [loss, ...gs] = lossAndGrads();
    const grads = new Map([...g.params.keys()].map((k, i) => [k, gs[i]]));
    expect(g.forward(x, false).shape).toEqual([4, 8, 8, 1]);
    checkGradients(g.params, grads, () => {
      const [l, ...rest] = lossAndGrads();
      const value = l.dataSync()[0];
      tf.dispose([l, ...rest]);
      return value;
    });
    tf.dispose([loss, ...gs]);
    gan.dispose();
  });

  it('discriminator: L_D = BCE(D(x), 1) + BCE(D(G(z)), 0) (InfoGAN: + λ L_Q on the fakes)', () => {
    const gan = new Gan(tiny(classes, codes), 2);
    livelier(gan, 10);
    const d = gan.discriminator;
    const real = tf.tanh(randn([3, 8, 8, 1], 4));
    const fake = tf.tanh(randn([3, 8, 8, 1], 5));
    const labels = classes > 0 ? tf.tensor1d([0, 1, 2], 'int32') : undefined;
    const fakeLabels = classes > 0 ? tf.tensor1d([2, 2, 1], 'int32') : undefined;
    const fakeCodes = codes > 0 ? fakeOneHot([2, 0, 1], codes) : null;
    const gradient = () => discriminatorGradient(d, real, fake, labels, fakeLabels, fakeCodes);
    const grad = gradient();
    // L_D is the sum of two means of BCE: near 2 ln 2 for a discriminator that knows nothing.
    expect(grad.loss.dataSync()[0]).toBeGreaterThan(0);
    // Q's outputs get a gradient (InfoGAN): the head's weights are not all left alone.
    if (codes > 0)
      expect(tf.max(tf.abs(grad.grads.get('DW3') as tf.Tensor)).dataSync()[0]).toBeGreaterThan(0);
    checkGradients(d.params, grad.grads, () => {
      const again = gradient();
      const value = again.loss.dataSync()[0];
      disposeGradient(again);
      return value;
    });
    disposeGradient(grad);
    gan.dispose();
  });

  it("generator step: L_G = BCE(D(G(z)), 1) (InfoGAN: + λ L_Q), back through the discriminator's input", () => {
    const gan = new Gan(tiny(classes, codes), 3);
    livelier(gan, 10);
    const x = input(gan.config, 4, 6);
    const dBefore = [...gan.discriminator.params.values()].map((p) => p.dataSync().slice());
    const grad = generatorGradient(gan.generator, gan.discriminator, x);
    expect([...grad.grads.keys()].every((k) => k.startsWith('G'))).toBe(true);
    checkGradients(gan.generator.params, grad.grads, () => {
      const again = generatorGradient(gan.generator, gan.discriminator, x);
      const value = again.loss.dataSync()[0];
      disposeGradient(again);
      return value;
    });
    // The discriminator's weights are only read in the generator step.
    const dAfter = [...gan.discriminator.params.values()].map((p) => Array.from(p.dataSync()));
    expect(dAfter).toEqual(dBefore.map((v) => Array.from(v)));
    disposeGradient(grad);
    gan.dispose();
  });
});

describe('InfoGAN: the information term', () => {
  it('a discriminator that knows nothing (zero weights) costs 2 ln 2 + ln k and ln 2 + ln k', () => {
    const k = 4;
    const gan = new Gan(tiny(0, k), 5);
    tf.tidy(() => {
      for (const p of gan.discriminator.params.values()) p.assign(tf.zerosLike(p));
    });
    const x = input(gan.config, 6, 7);
    const fake = gan.generator.generate(x);
    const real = tf.tanh(randn([6, 8, 8, 1], 8));
    const codes = tf.slice(x.z, [0, gan.config.latent], [-1, k]);
    const dGrad = discriminatorGradient(gan.discriminator, real, fake, undefined, undefined, codes);
    expect(dGrad.loss.dataSync()[0]).toBeCloseTo(2 * Math.LN2 + Math.log(k), 5);
    const gGrad = generatorGradient(gan.generator, gan.discriminator, x);
    expect(gGrad.loss.dataSync()[0]).toBeCloseTo(Math.LN2 + Math.log(k), 5);
    // Without the codes the same discriminator costs only its adversarial part.
    const plain = discriminatorGradient(gan.discriminator, real, fake);
    expect(plain.loss.dataSync()[0]).toBeCloseTo(2 * Math.LN2, 5);
    for (const g of [dGrad, gGrad, plain]) disposeGradient(g);
    tf.dispose([fake, real, codes, x.z]);
    gan.dispose();
  });

  it('refuses a code together with labels, and a code out of range', () => {
    expect(() => checkGanConfig({ ...tiny(3), codes: 2 })).toThrow(/not both/);
    expect(() => checkGanConfig({ ...tiny(0), codes: 101 })).toThrow(/codes must be/);
    // Files written before InfoGAN have no codes: read as 0.
    const { codes: _, ...old } = tiny(0);
    expect(checkGanConfig(old).codes).toBe(0);
  });
});

describe('GAN nets: shapes and checks', () => {
  it('the default-sized nets have the parameters the config counts, and outputs in [-1, 1]', () => {
    for (const [classes, codes] of [
      [0, 0],
      [10, 0],
      [0, 10],
    ]) {
      const config: GanConfig = {
        kind: 'dcgan',
        imageSize: 28,
        latent: 16,
        classes,
        codes,
        generator: [8, 4],
        discriminator: [4, 8],
      };
      const gan = new Gan(config, 0);
      const counts = ganParameterCounts(config);
      expect(gan.generator.parameterCount).toBe(counts.generator);
      expect(gan.discriminator.parameterCount).toBe(counts.discriminator);
      const x = input(config, 5, 1);
      const images = gan.generator.generate(x);
      expect(images.shape).toEqual([5, 28, 28, 1]);
      const values = images.dataSync();
      expect(values.every((v) => v >= -1 && v <= 1)).toBe(true);
      const p = gan.discriminator.realness(images, x.labels);
      expect(p.shape).toEqual([5]);
      tf.dispose([images, p, x.z, x.labels as tf.Tensor]);
      gan.dispose();
    }
  });

  it('refuses bad configs and inputs with a message naming what is wrong', () => {
    expect(() => checkGanConfig({ ...tiny(0), imageSize: 30 })).toThrow(/multiple of 4/);
    expect(() => checkGanConfig({ ...tiny(0), generator: [3] })).toThrow(/generator must be two/);
    expect(() => checkGanConfig({ ...tiny(0), kind: 'vae' })).toThrow(/kind must be "dcgan"/);
    expect(() => checkGanConfig({ ...tiny(0), latent: 1e9 })).toThrow(/latent/);
    expect(() => checkGanConfig({ ...tiny(0), imageSize: 256, generator: [1024, 1024] })).toThrow(
      /parameters is more than/,
    );
    const gan = new Gan(tiny(3), 0);
    expect(() => gan.generator.generate({ z: tf.zeros([2, 3]) })).toThrow(/needs labels/);
    expect(() =>
      gan.generator.generate({ z: tf.zeros([2, 4]), labels: tf.tensor1d([0, 1], 'int32') }),
    ).toThrow(/noise \[N, 3\]/);
    expect(() =>
      gan.discriminator.realness(tf.zeros([2, 8, 8, 3]), tf.tensor1d([0, 1], 'int32')),
    ).toThrow(/grey images/);
    gan.dispose();
    const plain = new Gan(tiny(0), 0);
    expect(() =>
      plain.generator.generate({ z: tf.zeros([1, 3]), labels: tf.tensor1d([0], 'int32') }),
    ).toThrow(/takes no labels/);
    plain.dispose();
  });
});
