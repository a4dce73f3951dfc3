/**
 * One step of GAN training, written out as the book would: two losses, two backward passes,
 * two updates (Goodfellow et al. 2014, with the non-saturating generator loss).
 *
 *   discriminator  L_D = BCE(D(x), 1) + BCE(D(G(z)), 0)      real and fake in one batch;
 *                  G(z) is a plain input here: nothing flows back into the generator
 *   generator      L_G = BCE(D(G(z)), 1) = -log D(G(z))      (not log(1 - D(G(z))), whose
 *                  gradient vanishes exactly when the generator is losing)
 *                  dL_G/dG(z) comes from the discriminator's backward down to its input, and
 *                  goes on into the generator's backward; the discriminator's own gradients
 *                  from this pass are dropped (its weights are not updated in this step)
 *
 * Both use the same fakes G(z) (as DCGAN's reference code does): one generator forward a
 * step, its caches still valid for the generator's backward, as its weights have not moved.
 *
 * InfoGAN (config.codes > 0; Chen et al. 2016) adds to both losses λ L_Q, the softmax
 * cross-entropy of Q's logits (the discriminator's other outputs) on the fakes against the code
 * each was made from (the one-hot at the end of its noise): a lower bound on the mutual
 * information between code and image, raised by both nets. Real images' codes are unknown, so
 * their Q outputs get no gradient.
 */
import * as tf from '@tensorflow/tfjs-core';
import { SigmoidCrossEntropy } from '../../nn/layers/sigmoid-cross-entropy';
import { SoftmaxWithLoss } from '../../nn/layers/softmax-with-loss';
import type { Gradient } from '../../nn/nets/net';
import type { Optimizer } from '../../nn/optimizers/optimizer';
import type { Discriminator } from './discriminator';
import type { GanInput } from './gan-input';
import type { Generator } from './generator';

/** λ of the information term (Chen et al. use 1 for a categorical code). */
export const INFO_WEIGHT = 1;

interface HeadLosses {
  /** The adversarial loss (times `scale`). */
  adversarial: tf.Scalar;
  /** λ L_Q (InfoGAN), else 0. */
  info: tf.Scalar;
  /** d(adversarial + info)/d(outputs), [M, 1 + codes]. */
  dOutputs: tf.Tensor;
  /** σ of the real/fake logits [M, 1]. */
  realness: tf.Tensor;
}

/**
 * The discriminator's outputs [M, 1 + codes] against their targets: column 0 by sigmoid
 * cross-entropy against `targets` [M, 1] (its mean times `scale`), the rest (InfoGAN) by Q's
 * softmax cross-entropy on the rows from `codeRow` on, against `codes` (one-hot [rows, codes]).
 */
function headLosses(
  outputs: tf.Tensor,
  targets: tf.Tensor,
  scale: number,
  codes: tf.Tensor | null,
  codeRow: number,
): HeadLosses {
  const [m, width] = outputs.shape as [number, number];
  const k = width - 1;
  const bce = new SigmoidCrossEntropy();
  const logits = k > 0 ? tf.slice(outputs, [0, 0], [m, 1]) : outputs;
  const adversarial = tf.mul(bce.forward(logits, targets), scale) as tf.Scalar;
  const dLogits = tf.mul(bce.backward(), scale);
  const realness = bce.output as tf.Tensor;
  if (k === 0) return { adversarial, info: tf.scalar(0), dOutputs: dLogits, realness };
  // Q's outputs without codes to read (the adversarial part alone): no gradient there.
  if (!codes)
    return {
      adversarial,
      info: tf.scalar(0),
      dOutputs: tf.concat([dLogits, tf.zeros([m, k])], 1),
      realness,
    };
  const rows = codes.shape[0];
  const q = new SoftmaxWithLoss();
  const info = tf.mul(q.forward(tf.slice(outputs, [codeRow, 1], [rows, k]), codes), INFO_WEIGHT);
  // Rows before codeRow (the real images) have no known code: zero gradient there.
  const dQ = tf.concat([tf.zeros([codeRow, k]), tf.mul(q.backward(), INFO_WEIGHT)], 0);
  return { adversarial, info: info as tf.Scalar, dOutputs: tf.concat([dLogits, dQ], 1), realness };
}

/** The fakes' codes as one-hot rows [N, codes] (the end of their noise), or null without a code. */
export function fakeCodes(d: Discriminator, input: GanInput): tf.Tensor | null {
  const { latent, codes } = d.config;
  return codes > 0 ? tf.slice(input.z, [0, latent], [-1, codes]) : null;
}

export interface DiscriminatorPass {
  /** L_D (the adversarial part). */
  loss: tf.Scalar;
  /** λ L_Q on the fakes (InfoGAN), else 0; added to L_D for the gradients. */
  info: tf.Scalar;
  grads: Map<string, tf.Tensor>;
  /** Mean D(x) over the real images. */
  realness: tf.Scalar;
  /** Mean D(G(z)) over the fakes (before this step's update). */
  fakeness: tf.Scalar;
}

/**
 * L_D and the discriminator's gradients for real images and fakes (each [N, size, size, 1]),
 * in one forward of the 2N images; for an InfoGAN, plus λ L_Q on the fakes made from
 * `fakeCodes` (one-hot [N, codes]). Call inside a tidy.
 */
export function discriminatorPass(
  d: Discriminator,
  real: tf.Tensor,
  fake: tf.Tensor,
  realLabels?: tf.Tensor,
  fakeLabels?: tf.Tensor,
  fakeCodes?: tf.Tensor | null,
): DiscriminatorPass {
  const n = real.shape[0];
  if (fake.shape[0] !== n)
    throw new Error(`discriminator step: ${n} real images but ${fake.shape[0]} fakes`);
  const images = tf.concat([real, fake], 0);
  const labels = realLabels && fakeLabels ? tf.concat([realLabels, fakeLabels], 0) : undefined;
  const outputs = d.forward(images, labels, true);
  const targets = tf.concat([tf.ones([n, 1]), tf.zeros([n, 1])], 0);
  // The layer averages over all 2N logits; L_D is the sum of the real and the fake means.
  const heads = headLosses(outputs, targets, 2, fakeCodes ?? null, n);
  const { grads } = d.backward(heads.dOutputs, false);
  const p = heads.realness;
  return {
    loss: heads.adversarial,
    info: heads.info,
    grads,
    realness: tf.mean(tf.slice(p, [0, 0], [n, 1])) as tf.Scalar,
    fakeness: tf.mean(tf.slice(p, [n, 0], [n, 1])) as tf.Scalar,
  };
}

/**
 * L_G and the generator's gradients, for fakes the generator has just made from `input` in
 * training mode (its caches are this forward's); for an InfoGAN the gradients are of
 * L_G + λ L_Q, and `info` is λ L_Q. Call inside a tidy.
 */
export function generatorPass(
  g: Generator,
  d: Discriminator,
  fake: tf.Tensor,
  input: GanInput,
): Gradient & { info: tf.Scalar } {
  const outputs = d.forward(fake, input.labels, true);
  const n = outputs.shape[0];
  const heads = headLosses(outputs, tf.ones([n, 1]), 1, fakeCodes(d, input), 0);
  const { dImages } = d.backward(heads.dOutputs, true);
  return { loss: heads.adversarial, info: heads.info, grads: g.backward(dImages as tf.Tensor) };
}

/**
 * The generator's loss (L_G, plus λ L_Q for an InfoGAN) and its gradients from noise (and
 * labels): forward, then backward through D.
 */
export function generatorGradient(g: Generator, d: Discriminator, input: GanInput): Gradient {
  const names = [...g.params.keys()];
  const [loss, ...gs] = tf.tidy(() => {
    const fake = g.forward(input, true);
    const pass = generatorPass(g, d, fake, input);
    return [
      tf.add(pass.loss, pass.info),
      ...names.map((name) => pass.grads.get(name) as tf.Tensor),
    ];
  });
  return { loss: loss as tf.Scalar, grads: new Map(names.map((name, i) => [name, gs[i]])) };
}

/**
 * The discriminator's loss (L_D, plus λ L_Q on the fakes' `fakeCodes` for an InfoGAN) and its
 * gradients, kept; the caller disposes them.
 */
export function discriminatorGradient(
  d: Discriminator,
  real: tf.Tensor,
  fake: tf.Tensor,
  realLabels?: tf.Tensor,
  fakeLabels?: tf.Tensor,
  fakeCodes?: tf.Tensor | null,
): Gradient {
  const names = [...d.params.keys()];
  const [loss, ...gs] = tf.tidy(() => {
    const pass = discriminatorPass(d, real, fake, realLabels, fakeLabels, fakeCodes);
    return [
      tf.add(pass.loss, pass.info),
      ...names.map((name) => pass.grads.get(name) as tf.Tensor),
    ];
  });
  return { loss: loss as tf.Scalar, grads: new Map(names.map((name, i) => [name, gs[i]])) };
}

export interface GanBatch {
  /** Real images [N, size, size, 1] in [-1, 1]. */
  real: tf.Tensor;
  /** Their labels (conditional nets only). */
  realLabels?: tf.Tensor;
  /** Noise and asked labels for the fakes. */
  fakeInput: GanInput;
}

/**
 * One training step: the discriminator's update, then the generator's. Returns, kept, the
 * figures [L_D, L_G, mean D(x), mean D(G(z)), λ L_Q] (D(G(z)) as the discriminator saw the
 * fakes before its update; L_Q from the generator's pass, 0 without a code), to be read
 * without blocking the step.
 */
export function ganStep(
  g: Generator,
  d: Discriminator,
  optimizers: { generator: Optimizer; discriminator: Optimizer },
  batch: GanBatch,
): tf.Tensor1D {
  return tf.tidy(() => {
    const fake = g.forward(batch.fakeInput, true);
    const codes = fakeCodes(d, batch.fakeInput);
    const dPass = discriminatorPass(
      d,
      batch.real,
      fake,
      batch.realLabels,
      batch.fakeInput.labels,
      codes,
    );
    optimizers.discriminator.update(d.params, dPass.grads);
    const gPass = generatorPass(g, d, fake, batch.fakeInput);
    optimizers.generator.update(g.params, gPass.grads);
    return tf.stack([
      dPass.loss,
      gPass.loss,
      dPass.realness,
      dPass.fakeness,
      gPass.info,
    ]) as tf.Tensor1D;
  });
}
