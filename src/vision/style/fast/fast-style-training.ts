/**
 * Training a style transformer (Johnson et al. 2016): the Gatys loss (style-loss.ts) no longer
 * moves one image's pixels but the weights of a net that paints any picture in one pass.
 * A step: a batch of content crops goes through the transformer; each painted crop goes
 * through the feature net, whose hand-written backward gives d(loss)/d(painted crop) for its
 * own content target and the style's Grams; the transformer's backward turns those into
 * d(loss)/d(weights); Adam moves them.
 *
 * A step whose loss is not finite changes nothing: the run stops, says so, and the weights are
 * the last good ones. Between steps the run control is asked (pause, stop).
 */
import * as tf from '@tensorflow/tfjs-core';
import { Adam } from '../../../nn/optimizers/adam';
import { type RunControl, yieldToEventLoop } from '../../../nn/run-control';
import type { StyleFeatureNet } from '../feature-net';
import {
  contentTargets,
  disposeTapTargets,
  type StyleLossWeights,
  styleGradient,
  styleLossLayers,
  styleTargets,
} from '../style-loss';
import type { ContentSampler } from './content-sampler';
import type { StyleTransformer } from './style-transformer';
import { checkTransformerSize } from './transformer-config';

export interface FastStyleOptions extends StyleLossWeights {
  steps: number;
  /** Content crops a step. */
  batch: number;
  /** Side of the square training crops (a multiple of 8). */
  side: number;
  lr: number;
  control?: RunControl;
  /** After every step, with the mean losses of its batch. */
  onStep?: (report: FastStyleStep) => void | Promise<void>;
}

/** Johnson's weights differ, but ours are relative losses (see style-loss.ts): 1 : 20 as Gatys. */
export const FAST_STYLE_DEFAULTS: Omit<FastStyleOptions, 'control' | 'onStep'> = {
  steps: 2000,
  batch: 2,
  side: 128,
  lr: 0.002,
  contentWeight: 1,
  styleWeight: 20,
  tvWeight: 1,
};

export interface FastStyleLosses {
  content: number;
  style: number;
  tv: number;
  total: number;
}

export interface FastStyleStep extends FastStyleLosses {
  step: number;
  steps: number;
  seconds: number;
}

export interface FastStyleResult {
  steps: number;
  reason: 'done' | 'stopped' | 'diverged';
  last: FastStyleLosses | null;
  seconds: number;
}

export function checkFastStyleOptions(o: FastStyleOptions): void {
  const bad = (what: string): never => {
    throw new Error(`fast style training: ${what}`);
  };
  if (!Number.isInteger(o.steps) || o.steps < 1)
    bad(`steps must be a positive integer, got ${o.steps}`);
  if (!Number.isInteger(o.batch) || o.batch < 1 || o.batch > 64)
    bad(`batch must be an integer in 1..64, got ${o.batch}`);
  if (!Number.isInteger(o.side) || o.side < 16 || o.side > 1024 || o.side % 8 !== 0)
    bad(`side must be a multiple of 8 in 16..1024, got ${o.side}`);
  checkTransformerSize(o.side, o.side);
  if (!(o.lr > 0 && o.lr < 1)) bad(`lr must be in (0, 1), got ${o.lr}`);
  for (const k of ['contentWeight', 'styleWeight', 'tvWeight'] as const)
    if (!(o[k] >= 0 && Number.isFinite(o[k])))
      bad(`${k} must be a finite number >= 0, got ${o[k]}`);
}

/**
 * Trains `net` in place to paint in the style of `style` ([1, H, W, 3] in [0, 1], not
 * disposed), drawing content from `sampler`, with `features` as the loss network.
 */
export async function trainFastStyle(
  net: StyleTransformer,
  features: StyleFeatureNet,
  style: tf.Tensor4D,
  sampler: ContentSampler,
  options: Partial<FastStyleOptions> = {},
): Promise<FastStyleResult> {
  const o: FastStyleOptions = { ...FAST_STYLE_DEFAULTS, ...options };
  checkFastStyleOptions(o);
  const started = performance.now();
  const grams = styleTargets(features, style, features.styleTaps);
  const layers = styleLossLayers();
  const adam = new Adam(o.lr);
  let last: FastStyleLosses | null = null;
  let reason: FastStyleResult['reason'] = 'done';
  let done = 0;
  try {
    for (let step = 1; step <= o.steps; step++) {
      if (o.control && !(await o.control.checkpoint())) {
        reason = 'stopped';
        break;
      }
      const { losses, grads } = batchGradient(net, features, grams, layers, sampler, o);
      const [lc, ls, lt] = Array.from(await losses.data()) as [number, number, number];
      losses.dispose();
      const total = o.contentWeight * lc + o.styleWeight * ls + o.tvWeight * lt;
      if (!Number.isFinite(total)) {
        for (const g of grads.values()) g.dispose();
        reason = 'diverged';
        break;
      }
      adam.update(net.params, grads);
      for (const g of grads.values()) g.dispose();
      last = { content: lc, style: ls, tv: lt, total };
      done = step;
      await o.onStep?.({
        ...last,
        step,
        steps: o.steps,
        seconds: (performance.now() - started) / 1000,
      });
      await yieldToEventLoop();
    }
  } finally {
    adam.dispose();
    disposeTapTargets(grams);
  }
  return { steps: done, reason, last, seconds: (performance.now() - started) / 1000 };
}

/** One batch's mean losses [content, style, tv] and the weights' gradients (caller disposes). */
function batchGradient(
  net: StyleTransformer,
  features: StyleFeatureNet,
  grams: ReturnType<typeof styleTargets>,
  layers: ReturnType<typeof styleLossLayers>,
  sampler: ContentSampler,
  o: FastStyleOptions,
): { losses: tf.Tensor1D; grads: Map<string, tf.Tensor> } {
  const names = [...net.params.keys()];
  const kept = tf.tidy(() => {
    const x = sampler.batch(o.batch, o.side);
    const y = net.forward(x, true);
    const dY: tf.Tensor4D[] = [];
    let sum: tf.Tensor = tf.zeros([3]);
    for (let i = 0; i < o.batch; i++) {
      const xi = tf.slice(x, [i, 0, 0, 0], [1, -1, -1, -1]);
      const yi = tf.slice(y, [i, 0, 0, 0], [1, -1, -1, -1]);
      const content = contentTargets(features, xi, features.contentTaps);
      try {
        const { losses, grad } = styleGradient(features, yi, { content, style: grams }, layers, o);
        sum = tf.add(sum, losses);
        dY.push(tf.div(grad, o.batch));
      } finally {
        disposeTapTargets(content);
      }
    }
    const grads = net.backward(tf.concat(dY, 0) as tf.Tensor4D);
    return [tf.div(sum, o.batch), ...names.map((n) => grads.get(n) as tf.Tensor)];
  });
  const [losses, ...gs] = kept;
  return {
    losses: losses as tf.Tensor1D,
    grads: new Map(names.map((n, i) => [n, gs[i] as tf.Tensor])),
  };
}
