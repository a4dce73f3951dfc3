/**
 * The single-stage grid detector as a net in the book's shape: an ordered list of layers and
 * its losses, `gradient` = forward, then backward through the layers in reverse. The head's
 * three parts each have their loss layer (objectness: weighted sigmoid cross-entropy; box:
 * smooth L1 (Huber) on the "log" coding's deltas, or sigmoid cross-entropy on the "share" coding's
 * soft targets (see grid-config.ts); class: softmax cross-entropy
 * at the centre cells only, the rest void), and their gradients are joined channel-wise into
 * the head's dout.
 */
import * as tf from '@tensorflow/tfjs-core';
import { HuberLoss } from '../../nn/layers/huber-loss';
import type { Layer } from '../../nn/layers/layer';
import { PixelSoftmaxWithLoss } from '../../nn/layers/pixel-softmax-with-loss';
import { SigmoidCrossEntropy } from '../../nn/layers/sigmoid-cross-entropy';
import { SpaceToDepth } from '../../nn/layers/space-to-depth';
import type { Gradient } from '../../nn/nets/net';
import { countParameters } from '../../nn/nets/parameter-count';
import { Rng } from '../../nn/rng';
import { convBlock, convolution } from '../conv-block';
import {
  boxCoding,
  checkGridDetectorConfig,
  type GridDetectorConfig,
  gridSize,
  HEAD_OFFSET,
  headChannels,
} from './grid-config';
import type { GridTargets } from './grid-targets';

/** How much the box loss counts beside objectness and class. */
export const BOX_LOSS_WEIGHT = 5;
/** Smooth L1's β for the "log" coding: 1/8 cell (a pixel at stride 8) or 1/8 in log size. */
export const SMOOTH_L1_BETA = 0.125;

export interface DetectorLoss {
  total: number;
  objectness: number;
  box: number;
  classes: number;
}

export class GridDetector {
  readonly layers: Layer[] = [];
  readonly params = new Map<string, tf.Variable>();
  private readonly objectnessLoss = new SigmoidCrossEntropy();
  private readonly boxLoss: SigmoidCrossEntropy | HuberLoss;
  /** The box loss's weight: smooth L1 with β is Huber with delta β, divided by β. */
  private readonly boxWeight: number;
  private readonly classLoss = new PixelSoftmaxWithLoss();

  constructor(
    readonly config: GridDetectorConfig,
    seed: number,
  ) {
    checkGridDetectorConfig(config);
    const log = boxCoding(config) === 'log';
    this.boxLoss = log ? new HuberLoss(SMOOTH_L1_BETA) : new SigmoidCrossEntropy();
    this.boxWeight = log ? BOX_LOSS_WEIGHT / SMOOTH_L1_BETA : BOX_LOSS_WEIGHT;
    const rng = new Rng(seed);
    let inC = 1;
    config.stageChannels.forEach((c, i) => {
      // Down by space-to-depth and a stride-1 convolution (see SpaceToDepth for why).
      this.layers.push(new SpaceToDepth(2));
      this.layers.push(
        ...convBlock(`${i + 1}a`, { in: 4 * inC, out: c, kernel: 3, stride: 1 }, rng),
      );
      this.layers.push(...convBlock(`${i + 1}b`, { in: c, out: c, kernel: 3, stride: 1 }, rng));
      inC = c;
    });
    this.layers.push(...convBlock('neck', { in: inC, out: inC, kernel: 3, stride: 1 }, rng));
    // A small head init keeps the first objectness and box logits near 0 (σ = 0.5).
    this.layers.push(
      convolution('head', { in: inC, out: headChannels(config), kernel: 1, stride: 1 }, rng, 0.01),
    );
    for (const layer of this.layers) for (const [name, p] of layer.params) this.params.set(name, p);
  }

  /** Head logits [N, GH, GW, 5 + classes] for images [N, H, W, 1]. */
  predict(x: tf.Tensor): tf.Tensor4D {
    return tf.tidy(() => this.forward(x, false));
  }

  private forward(x: tf.Tensor, train: boolean): tf.Tensor4D {
    const [h, w] = this.config.inputSize;
    if (x.rank !== 4 || x.shape[1] !== h || x.shape[2] !== w || x.shape[3] !== 1)
      throw new Error(`grid detector takes images [N, ${h}, ${w}, 1], got [${x.shape}]`);
    let y = x;
    for (const layer of this.layers) y = layer.forward(y, train);
    return y as tf.Tensor4D;
  }

  /** Loss of a batch and d(loss)/d(param) for every parameter; the caller disposes them. */
  gradient(x: tf.Tensor, targets: GridTargets): Gradient & { parts: tf.Tensor1D } {
    const names = [...this.params.keys()];
    const [loss, parts, ...gs] = tf.tidy(() => {
      const head = this.forward(x, true);
      const [n] = head.shape;
      const [gh, gw] = gridSize(this.config);
      const k = this.config.classes;
      const { objectness: o, box: b, classes: c } = HEAD_OFFSET;
      const obj = tf.slice(head, [0, 0, 0, o], [-1, -1, -1, 1]);
      const box = tf.slice(head, [0, 0, 0, b], [-1, -1, -1, 4]);
      const cls = tf.slice(head, [0, 0, 0, c], [-1, -1, -1, k]);
      const lObj = this.objectnessLoss.forward(
        obj,
        tf.tensor4d(targets.objectness, [n, gh, gw, 1]),
        tf.tensor4d(targets.objectnessWeights, [n, gh, gw, 1]),
      );
      // With no digit in the batch the box and class losses have nothing to say.
      const lBox =
        targets.positives > 0
          ? this.boxLoss.forward(
              box,
              tf.tensor4d(targets.box, [n, gh, gw, 4]),
              tf.tensor4d(targets.boxWeights, [n, gh, gw, 4]),
            )
          : tf.scalar(0);
      const lCls =
        targets.positives > 0
          ? this.classLoss.forward(cls, tf.tensor3d(targets.classes, [n, gh, gw], 'int32'))
          : tf.scalar(0);
      const total = tf.add(tf.add(lObj, tf.mul(this.boxWeight, lBox)), lCls);
      let dout: tf.Tensor = tf.concat(
        targets.positives > 0
          ? [
              this.objectnessLoss.backward(),
              tf.mul(this.boxWeight, this.boxLoss.backward()),
              this.classLoss.backward(),
            ]
          : [this.objectnessLoss.backward(), tf.zerosLike(box), tf.zerosLike(cls)],
        3,
      );
      // Below the first layer with parameters nobody needs dout: it fills its grads only.
      const firstTrained = this.layers.findIndex((l) => l.params.size > 0);
      for (let i = this.layers.length - 1; i > firstTrained; i--)
        dout = this.layers[i].backward(dout);
      const first = this.layers[firstTrained];
      if (first.backwardParams) first.backwardParams(dout);
      else first.backward(dout);
      const collected = new Map<string, tf.Tensor>();
      for (const layer of this.layers) for (const [name, g] of layer.grads) collected.set(name, g);
      return [
        total,
        tf.stack([lObj, lBox, lCls]),
        ...names.map((name) => collected.get(name) as tf.Tensor),
      ];
    });
    return {
      loss: loss as tf.Scalar,
      parts: parts as tf.Tensor1D,
      grads: new Map(names.map((name, i) => [name, gs[i]])),
    };
  }

  /** Number of trainable values. */
  get parameterCount(): number {
    return countParameters(this.params);
  }

  dispose(): void {
    for (const layer of this.layers) layer.dispose();
  }
}
