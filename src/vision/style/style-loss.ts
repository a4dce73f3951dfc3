/**
 * The Gatys loss, shared by the optimisation of one image (gatys.ts) and the training of a
 * feed-forward transformer (fast/fast-style-training.ts):
 *
 *   L = wc · mean_l ContentLoss(F_l(x), F_l(content)) / ms(F_l(content))
 *     + ws · mean_l GramStyleLoss(F_l(x), G_l(style)) / (C_l² · ms(G_l(style)))  + wtv · TV(x)
 *
 * (ms: the mean square, so each tap's loss is its error relative to its target and taps of any
 * depth weigh alike; see gatys.ts). `styleGradient` returns the three unweighted losses and
 * d(L)/d(x) by the feature net's hand-written backward and the loss layers' own backwards.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ContentLoss } from '../../nn/layers/content-loss';
import { GramStyleLoss, gramMatrix } from '../../nn/layers/gram-style-loss';
import { TotalVariationLoss } from '../../nn/layers/total-variation-loss';
import type { StyleFeatureNet } from './feature-net';

/** Content features or style Grams at some taps, each with 1 / its mean square. */
export interface TapTargets {
  values: Map<number, tf.Tensor>;
  scale: Map<number, number>;
}

/** What an image is compared with: the content's features and the style's Grams. */
export interface StyleTargets {
  content: TapTargets;
  style: TapTargets;
}

export interface StyleLossWeights {
  contentWeight: number;
  styleWeight: number;
  tvWeight: number;
}

const inverseMeanSquare = (t: tf.Tensor) =>
  1 / Math.max(1e-12, tf.mean(tf.square(t)).dataSync()[0] as number);

/** The content image's features at `taps` (kept: dispose with disposeTapTargets). */
export function contentTargets(
  net: StyleFeatureNet,
  content: tf.Tensor4D,
  taps: readonly number[],
): TapTargets {
  const targets: TapTargets = { values: new Map(), scale: new Map() };
  tf.tidy(() => {
    const c = net.forward(content);
    for (const i of taps) {
      const f = c[i] as tf.Tensor;
      targets.values.set(i, tf.keep(f));
      targets.scale.set(i, inverseMeanSquare(f));
    }
  });
  return targets;
}

/** The style image's Grams at `taps` (kept: dispose with disposeTapTargets). */
export function styleTargets(
  net: StyleFeatureNet,
  style: tf.Tensor4D,
  taps: readonly number[],
): TapTargets {
  const targets: TapTargets = { values: new Map(), scale: new Map() };
  tf.tidy(() => {
    // [1, C, C]; [3, C, C] for the per-channel net, whose batch is the three colour channels.
    const s = net.forward(style);
    for (const i of taps) {
      const g = gramMatrix(s[i] as tf.Tensor);
      targets.values.set(i, tf.keep(g));
      // The Gram loss sums its C² entries (per image): scaled by C² · mean square per image,
      // the loss of a tap is its relative squared error, and every tap weighs alike.
      targets.scale.set(i, inverseMeanSquare(g) / (g.size / (g.shape[0] as number)));
    }
  });
  return targets;
}

export function disposeTapTargets(t: TapTargets): void {
  for (const v of t.values.values()) v.dispose();
  t.values.clear();
}

/** The loss layers, reused tap after tap (each forward is followed by its backward). */
export interface StyleLossLayers {
  content: ContentLoss;
  style: GramStyleLoss;
  tv: TotalVariationLoss;
}

export function styleLossLayers(): StyleLossLayers {
  return { content: new ContentLoss(), style: new GramStyleLoss(), tv: new TotalVariationLoss() };
}

/**
 * The losses [content, style, tv] of an image x [1, H, W, 3] (each tap's scaled by its
 * target, averaged over the taps) and d(L)/d(x). Call inside tf.tidy.
 */
export function styleGradient(
  net: StyleFeatureNet,
  x: tf.Tensor4D,
  targets: StyleTargets,
  layers: StyleLossLayers,
  w: StyleLossWeights,
): { losses: tf.Tensor1D; grad: tf.Tensor4D } {
  const features = net.forward(x);
  const dTaps: Array<tf.Tensor | null> = features.map(() => null);
  const term = (loss: ContentLoss | GramStyleLoss, wanted: TapTargets, weight: number) => {
    let sum: tf.Tensor = tf.scalar(0);
    for (const [i, target] of wanted.values) {
      const k = (wanted.scale.get(i) as number) / wanted.values.size;
      sum = tf.add(sum, tf.mul(loss.forward(features[i] as tf.Tensor, target), k));
      const d = tf.mul(loss.backward(), weight * k);
      const prev = dTaps[i];
      dTaps[i] = prev ? tf.add(prev, d) : d;
    }
    return sum;
  };
  const c = term(layers.content, targets.content, w.contentWeight);
  const s = term(layers.style, targets.style, w.styleWeight);
  const t = layers.tv.forward(x);
  const grad = tf.add(net.backward(dTaps), tf.mul(layers.tv.backward(), w.tvWeight));
  return { losses: tf.stack([c, s, t]) as tf.Tensor1D, grad: grad as tf.Tensor4D };
}
