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
 */
import * as tf from '@tensorflow/tfjs-core';
import { SigmoidCrossEntropy } from '../../nn/layers/sigmoid-cross-entropy';
import type { Gradient } from '../../nn/nets/net';
import type { Optimizer } from '../../nn/optimizers/optimizer';
import type { Discriminator } from './discriminator';
import type { GanInput } from './gan-input';
import type { Generator } from './generator';

export interface DiscriminatorPass {
  loss: tf.Scalar;
  grads: Map<string, tf.Tensor>;
  /** Mean D(x) over the real images. */
  realness: tf.Scalar;
  /** Mean D(G(z)) over the fakes (before this step's update). */
  fakeness: tf.Scalar;
}

/**
 * L_D and the discriminator's gradients for real images and fakes (each [N, size, size, 1]),
 * in one forward of the 2N images. Call inside a tidy.
 */
export function discriminatorPass(
  d: Discriminator,
  real: tf.Tensor,
  fake: tf.Tensor,
  realLabels?: tf.Tensor,
  fakeLabels?: tf.Tensor,
): DiscriminatorPass {
  const n = real.shape[0];
  if (fake.shape[0] !== n)
    throw new Error(`discriminator step: ${n} real images but ${fake.shape[0]} fakes`);
  const images = tf.concat([real, fake], 0);
  const labels = realLabels && fakeLabels ? tf.concat([realLabels, fakeLabels], 0) : undefined;
  const logits = d.forward(images, labels, true);
  const targets = tf.concat([tf.ones([n, 1]), tf.zeros([n, 1])], 0);
  const bce = new SigmoidCrossEntropy();
  // The layer averages over all 2N logits; L_D is the sum of the real and the fake means.
  const loss = tf.mul(bce.forward(logits, targets), 2) as tf.Scalar;
  const { grads } = d.backward(tf.mul(bce.backward(), 2), false);
  const p = bce.output as tf.Tensor;
  return {
    loss,
    grads,
    realness: tf.mean(tf.slice(p, [0, 0], [n, 1])) as tf.Scalar,
    fakeness: tf.mean(tf.slice(p, [n, 0], [n, 1])) as tf.Scalar,
  };
}

/**
 * L_G and the generator's gradients, for fakes the generator has just made from `input` in
 * training mode (its caches are this forward's). Call inside a tidy.
 */
export function generatorPass(
  g: Generator,
  d: Discriminator,
  fake: tf.Tensor,
  input: GanInput,
): Gradient {
  const logits = d.forward(fake, input.labels, true);
  const bce = new SigmoidCrossEntropy();
  const loss = bce.forward(logits, tf.onesLike(logits));
  const { dImages } = d.backward(bce.backward(), true);
  return { loss, grads: g.backward(dImages as tf.Tensor) };
}

/** L_G and the generator's gradients from noise (and labels): forward, then backward through D. */
export function generatorGradient(g: Generator, d: Discriminator, input: GanInput): Gradient {
  const names = [...g.params.keys()];
  const [loss, ...gs] = tf.tidy(() => {
    const fake = g.forward(input, true);
    const pass = generatorPass(g, d, fake, input);
    return [pass.loss, ...names.map((name) => pass.grads.get(name) as tf.Tensor)];
  });
  return { loss: loss as tf.Scalar, grads: new Map(names.map((name, i) => [name, gs[i]])) };
}

/** L_D and the discriminator's gradients, kept; the caller disposes them. */
export function discriminatorGradient(
  d: Discriminator,
  real: tf.Tensor,
  fake: tf.Tensor,
  realLabels?: tf.Tensor,
  fakeLabels?: tf.Tensor,
): Gradient {
  const names = [...d.params.keys()];
  const [loss, ...gs] = tf.tidy(() => {
    const pass = discriminatorPass(d, real, fake, realLabels, fakeLabels);
    return [pass.loss, ...names.map((name) => pass.grads.get(name) as tf.Tensor)];
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
 * figures [L_D, L_G, mean D(x), mean D(G(z))] (D(G(z)) as the discriminator saw the fakes
 * before its update), to be read without blocking the step.
 */
export function ganStep(
  g: Generator,
  d: Discriminator,
  optimizers: { generator: Optimizer; discriminator: Optimizer },
  batch: GanBatch,
): tf.Tensor1D {
  return tf.tidy(() => {
    const fake = g.forward(batch.fakeInput, true);
    const dPass = discriminatorPass(d, batch.real, fake, batch.realLabels, batch.fakeInput.labels);
    optimizers.discriminator.update(d.params, dPass.grads);
    const gPass = generatorPass(g, d, fake, batch.fakeInput);
    optimizers.generator.update(g.params, gPass.grads);
    return tf.stack([dPass.loss, gPass.loss, dPass.realness, dPass.fakeness]) as tf.Tensor1D;
  });
}
