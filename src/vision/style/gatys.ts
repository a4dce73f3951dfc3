/**
 * Gatys et al. (2016), "Image style transfer using convolutional neural networks": optimise
 * the pixels of an image so that its features match the content image's at the content taps
 * and its Gram matrices match the style image's at the style taps, plus a little total
 * variation against speckle:
 *
 *   L = wc · mean_l ContentLoss(F_l(x), F_l(content)) / ms(F_l(content))
 *     + ws · mean_l GramStyleLoss(F_l(x), G_l(style)) / (C_l² · ms(G_l(style)))  + wtv · TV(x)
 *
 * where ms is the mean square: each tap's loss is its error relative to its target, so taps of
 * any depth and scale weigh alike (the random net's Grams shrink ~4x a scale, the trained
 * net's vary ~30x between taps), and the weights read as ratios: wc 1, ws 20 by default.
 *
 * The gradient of L with respect to the image comes from the feature net's hand-written
 * backward (feature-net.ts) and the loss layers' own backwards; Adam (the book's) moves the
 * pixels, which are clipped to [0, 1] after each step. Each step is one tf.tidy, so no tensor
 * outlives it but the image and Adam's moments. Between steps the run control is asked
 * (pause, stop) and the event loop gets a turn.
 *
 * With `scales` = 2 the first part of the steps (`coarseShare`) runs at half the size, and the
 * result is upsampled to start the full size: the coarse steps cost a quarter and settle the
 * large shapes of the style, which at full size would take many more steps.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Adam } from '../../nn/optimizers/adam';
import { Rng } from '../../nn/rng';
import { type RunControl, yieldToEventLoop } from '../../nn/run-control';
import type { StyleFeatureNet } from './feature-net';
import {
  contentTargets,
  disposeTapTargets,
  type StyleTargets,
  styleGradient,
  styleLossLayers,
  styleTargets,
} from './style-loss';

const resize = (t: tf.Tensor4D, h: number, w: number) =>
  tf.tidy(() => tf.clipByValue(tf.image.resizeBilinear(t, [h, w], true), 0, 1) as tf.Tensor4D);

export interface GatysOptions {
  /** Adam steps in all (at every scale together). */
  steps: number;
  /** Adam's learning rate, in pixel units (pixels are in [0, 1]). */
  lr: number;
  contentWeight: number;
  styleWeight: number;
  tvWeight: number;
  /** Where the image starts: the content image, or seeded uniform noise. */
  init: 'content' | 'noise';
  /** Seed of the noise start. */
  seed: number;
  /** 1: full size only; 2: a coarse pass at half size first. */
  scales: 1 | 2;
  /** Share of the steps run at half size when scales = 2. */
  coarseShare: number;
  /** Taps of the content and style losses; the net's defaults when absent. */
  contentTaps?: readonly number[];
  styleTaps?: readonly number[];
  control?: RunControl;
  /** After every step, with the losses of the image the step started from. */
  onStep?: (report: GatysStep) => void | Promise<void>;
}

export const GATYS_DEFAULTS: Omit<GatysOptions, 'control' | 'onStep'> = {
  steps: 200,
  lr: 0.03,
  contentWeight: 1,
  styleWeight: 20,
  tvWeight: 1,
  init: 'content',
  seed: 0,
  scales: 2,
  coarseShare: 0.6,
};

/** The losses of one image, unweighted, and the weighted total. */
export interface GatysLosses {
  content: number;
  style: number;
  tv: number;
  total: number;
}

export interface GatysStep extends GatysLosses {
  step: number;
  steps: number;
  /** Side lengths the step ran at. */
  width: number;
  height: number;
  seconds: number;
  /**
   * The picture after this step, H·W·3 in [0, 1] at the step's size, read back on demand (a
   * page shows it every few steps). Call it inside the callback: the next step changes it.
   */
  readImage(): Promise<Float32Array>;
}

export interface GatysResult {
  /** Float RGB in [0, 1], H·W·3 row-major, at the content's size. */
  image: Float32Array;
  width: number;
  height: number;
  steps: number;
  reason: 'done' | 'stopped' | 'diverged';
  /** Losses at the last step run (null if none ran). */
  last: GatysLosses | null;
  seconds: number;
}

/**
 * Runs the optimisation. `content` and `style` are [1, H, W, 3] in [0, 1] (the style may have
 * another size); neither is disposed. The result has the content's size.
 */
export async function runGatys(
  net: StyleFeatureNet,
  content: tf.Tensor4D,
  style: tf.Tensor4D,
  options: Partial<GatysOptions> = {},
): Promise<GatysResult> {
  const o: GatysOptions = { ...GATYS_DEFAULTS, ...options };
  checkOptions(o);
  const contentTaps = o.contentTaps ?? net.contentTaps;
  const styleTaps = o.styleTaps ?? net.styleTaps;
  const [, height, width] = content.shape;
  const coarse = o.scales === 2 && height >= 32 && width >= 32;
  const coarseSteps = coarse ? Math.round(o.steps * o.coarseShare) : 0;
  const plan = [
    ...(coarseSteps > 0
      ? [{ h: Math.round(height / 2), w: Math.round(width / 2), steps: coarseSteps }]
      : []),
    { h: height, w: width, steps: o.steps - coarseSteps },
  ].filter((p) => p.steps > 0);

  const started = performance.now();
  let image: tf.Variable<tf.Rank.R4> | null = null;
  let stepsDone = 0;
  let last: GatysLosses | null = null;
  let reason: GatysResult['reason'] = 'done';
  const layers = styleLossLayers();
  try {
    for (const scale of plan) {
      const scaledContent = scale.h === height ? content : resize(content, scale.h, scale.w);
      const scaledStyle =
        scale.h === height
          ? style
          : resize(style, Math.round(style.shape[1] / 2), Math.round(style.shape[2] / 2));
      const targets: StyleTargets = {
        content: contentTargets(net, scaledContent, contentTaps),
        style: styleTargets(net, scaledStyle, styleTaps),
      };
      const start: tf.Tensor4D = image
        ? resize(image, scale.h, scale.w)
        : o.init === 'noise'
          ? noiseImage(o.seed, scale.h, scale.w)
          : tf.clone(scaledContent);
      if (scaledContent !== content) scaledContent.dispose();
      if (scaledStyle !== style) scaledStyle.dispose();
      image?.dispose();
      image = tf.variable(start);
      start.dispose();
      // A fresh Adam per scale: its moments are per pixel.
      const adam = new Adam(o.lr);
      try {
        for (let k = 0; k < scale.steps; k++) {
          if (o.control && !(await o.control.checkpoint())) {
            reason = 'stopped';
            break;
          }
          const x = image;
          const lossesT = tf.tidy(() => {
            const { losses, grad } = styleGradient(net, x, targets, layers, o);
            adam.update(new Map([['image', x]]), new Map([['image', grad]]));
            x.assign(tf.clipByValue(x, 0, 1));
            return losses;
          });
          const [lc, ls, lt] = Array.from(await lossesT.data());
          lossesT.dispose();
          last = {
            content: lc as number,
            style: ls as number,
            tv: lt as number,
            total:
              o.contentWeight * (lc as number) +
              o.styleWeight * (ls as number) +
              o.tvWeight * (lt as number),
          };
          stepsDone++;
          if (!Number.isFinite(last.total)) {
            reason = 'diverged';
            break;
          }
          await o.onStep?.({
            ...last,
            step: stepsDone,
            steps: o.steps,
            width: scale.w,
            height: scale.h,
            seconds: (performance.now() - started) / 1000,
            readImage: () => x.data() as Promise<Float32Array>,
          });
          await yieldToEventLoop();
        }
      } finally {
        adam.dispose();
        disposeTapTargets(targets.content);
        disposeTapTargets(targets.style);
      }
      if (reason !== 'done') break;
    }
    // A run stopped during the coarse pass still answers at the content's size.
    const final = image
      ? image.shape[1] === height
        ? tf.clone(image)
        : resize(image, height, width)
      : tf.clone(content);
    const values = (await final.data()) as Float32Array;
    final.dispose();
    return {
      image: values,
      width,
      height,
      steps: stepsDone,
      reason,
      last,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    image?.dispose();
  }
}

/** Seeded grey-centred noise [1, H, W, 3]: normal(0.5, 0.25) clipped to [0, 1]. */
function noiseImage(seed: number, h: number, w: number): tf.Tensor4D {
  return tf.tidy(() => {
    const n = tf.tensor4d(new Rng(seed).normalArray(h * w * 3, 0.25), [1, h, w, 3]);
    return tf.clipByValue(tf.add(n, 0.5), 0, 1) as tf.Tensor4D;
  });
}

function checkOptions(o: GatysOptions): void {
  const bad = (what: string) => {
    throw new Error(`Gatys: ${what}`);
  };
  if (!Number.isInteger(o.steps) || o.steps < 0)
    bad(`steps must be an integer >= 0, got ${o.steps}`);
  if (!(o.lr > 0)) bad(`lr must be > 0, got ${o.lr}`);
  for (const k of ['contentWeight', 'styleWeight', 'tvWeight'] as const)
    if (!(o[k] >= 0) || !Number.isFinite(o[k]))
      bad(`${k} must be a finite number >= 0, got ${o[k]}`);
  if (!(o.coarseShare >= 0 && o.coarseShare < 1))
    bad(`coarseShare must be in [0, 1), got ${o.coarseShare}`);
}
