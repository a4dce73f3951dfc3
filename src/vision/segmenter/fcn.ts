/**
 * The FCN segmenter built from our layers, forward and backward written out as the book does
 * for a graph: stages down, scores up. Backward runs the same graph in reverse: the addition
 * nodes hand dout to both branches (AddMerge), the transposed convolutions send it down a
 * scale, and each stage's dout is its score layer's dx plus what comes from the stage above.
 */
import * as tf from '@tensorflow/tfjs-core';
import { initStd, zerosWeight } from '../../nn/init';
import type { Layer } from '../../nn/layers/layer';
import { AddMerge } from '../../nn/layers/merge';
import { PixelSoftmaxWithLoss } from '../../nn/layers/pixel-softmax-with-loss';
import { SpaceToDepth } from '../../nn/layers/space-to-depth';
import { TransposedConvolution } from '../../nn/layers/transposed-convolution';
import type { Gradient } from '../../nn/nets/net';
import { countParameters } from '../../nn/nets/parameter-count';
import { Rng } from '../../nn/rng';
import { convBlock, convolution } from '../conv-block';
import { checkFcnConfig, type FcnConfig, firstStride } from './fcn-config';

/** A bilinear x2 upsampling kernel [4, 4, k, k] (FCN's initialisation of its deconvolutions). */
function bilinearKernel(k: number): tf.Variable {
  const f = [0.25, 0.75, 0.75, 0.25];
  const values = new Float32Array(16 * k * k);
  for (let y = 0; y < 4; y++)
    for (let x = 0; x < 4; x++)
      for (let c = 0; c < k; c++) values[((y * 4 + x) * k + c) * k + c] = f[y] * f[x];
  // tidy frees the values' tensor; the variable (a copy) is not tracked by it.
  return tf.tidy(() => tf.variable(tf.tensor4d(values, [4, 4, k, k])));
}

export class FcnSegmenter {
  /** Per stage: its layers (space-to-depth first, except stage 1). */
  readonly stages: Layer[][] = [];
  readonly scores: Layer[] = [];
  /** ups[i] upsamples the summed scores of stage i + 1 to stage i's resolution. */
  readonly ups: TransposedConvolution[] = [];
  /** With firstStride 2: stage 1's summed scores up to the input's resolution. */
  readonly finalUp: TransposedConvolution | null = null;
  readonly params = new Map<string, tf.Variable>();
  private readonly adds: AddMerge[] = [];
  private readonly loss = new PixelSoftmaxWithLoss();

  constructor(
    readonly config: FcnConfig,
    seed: number,
  ) {
    checkFcnConfig(config);
    const rng = new Rng(seed);
    const k = config.classes;
    const halfFirst = firstStride(config) === 2;
    let inC = 1;
    config.stageChannels.forEach((c, i) => {
      const layers: Layer[] = [];
      const down = i > 0 || halfFirst;
      if (down) layers.push(new SpaceToDepth(2));
      const first = down ? 4 * inC : inC;
      layers.push(...convBlock(`${i + 1}a`, { in: first, out: c, kernel: 3, stride: 1 }, rng));
      if (down)
        layers.push(...convBlock(`${i + 1}b`, { in: c, out: c, kernel: 3, stride: 1 }, rng));
      this.stages.push(layers);
      this.scores.push(
        convolution(
          `score${i + 1}`,
          { in: c, out: k, kernel: 1, stride: 1 },
          rng,
          initStd('xavier', c),
        ),
      );
      inC = c;
    });
    for (let i = 0; i < config.stageChannels.length - 1; i++) {
      this.ups.push(
        new TransposedConvolution(
          { name: `Wup${i + 1}`, value: bilinearKernel(k) },
          { name: `bup${i + 1}`, value: zerosWeight([k]) },
          2,
          1,
        ),
      );
      this.adds.push(new AddMerge());
    }
    if (halfFirst)
      this.finalUp = new TransposedConvolution(
        { name: 'Wup0', value: bilinearKernel(k) },
        { name: 'bup0', value: zerosWeight([k]) },
        2,
        1,
      );
    for (const layer of this.allLayers())
      for (const [name, p] of layer.params) this.params.set(name, p);
  }

  private allLayers(): Layer[] {
    return [
      ...this.stages.flat(),
      ...this.scores,
      ...this.ups,
      ...(this.finalUp ? [this.finalUp] : []),
    ];
  }

  /** Class scores [N, H, W, classes] for images [N, H, W, 1]. */
  predict(x: tf.Tensor): tf.Tensor4D {
    return tf.tidy(() => this.forward(x, false));
  }

  private forward(x: tf.Tensor, train: boolean): tf.Tensor4D {
    const [h, w] = this.config.inputSize;
    if (x.rank !== 4 || x.shape[1] !== h || x.shape[2] !== w || x.shape[3] !== 1)
      throw new Error(`fcn takes images [N, ${h}, ${w}, 1], got [${x.shape}]`);
    const stageScores: tf.Tensor[] = [];
    let y = x;
    this.stages.forEach((layers, i) => {
      for (const layer of layers) y = layer.forward(y, train);
      stageScores.push(this.scores[i].forward(y, train));
    });
    // From the coarsest: upsample and add into the next finer stage's scores.
    let s = stageScores[stageScores.length - 1];
    for (let i = this.ups.length - 1; i >= 0; i--)
      s = this.adds[i].forward(this.ups[i].forward(s), stageScores[i]);
    if (this.finalUp) s = this.finalUp.forward(s);
    return s as tf.Tensor4D;
  }

  /** Loss of a batch (labels [N, H, W], 255 void) and every parameter's gradient. */
  gradient(x: tf.Tensor, labels: tf.Tensor): Gradient {
    const names = [...this.params.keys()];
    const [loss, ...gs] = tf.tidy(() => {
      const scores = this.forward(x, true);
      const l = this.loss.forward(scores, labels);
      // Down the score path: dout of each stage's score and of each upsampling.
      const dScore: tf.Tensor[] = new Array(this.stages.length);
      let d = this.loss.backward();
      if (this.finalUp) d = this.finalUp.backward(d);
      for (let i = 0; i < this.ups.length; i++) {
        const [dUp, dFine] = this.adds[i].backward(d);
        dScore[i] = dFine;
        d = this.ups[i].backward(dUp);
      }
      dScore[this.stages.length - 1] = d;
      // Up the stages, coarsest first: each stage's output dout is its score's dx plus the
      // dx coming back from the stage above it.
      let fromAbove: tf.Tensor | null = null;
      for (let i = this.stages.length - 1; i >= 0; i--) {
        let dStage = this.scores[i].backward(dScore[i]);
        if (fromAbove) dStage = tf.add(dStage, fromAbove);
        const layers = this.stages[i];
        // Below stage 1's first layer with parameters (after space-to-depth when firstStride
        // is 2) nobody needs dout: that layer fills its grads only.
        const last = i === 0 ? layers.findIndex((layer) => layer.params.size > 0) : -1;
        for (let j = layers.length - 1; j > last; j--) dStage = layers[j].backward(dStage);
        if (i === 0) {
          const first = layers[last];
          if (first.backwardParams) first.backwardParams(dStage);
          else first.backward(dStage);
        }
        fromAbove = i > 0 ? dStage : null;
      }
      const collected = new Map<string, tf.Tensor>();
      for (const layer of this.allLayers())
        for (const [name, g] of layer.grads) collected.set(name, g);
      return [l, ...names.map((name) => collected.get(name) as tf.Tensor)];
    });
    return { loss: loss as tf.Scalar, grads: new Map(names.map((name, i) => [name, gs[i]])) };
  }

  /** Number of trainable values. */
  get parameterCount(): number {
    return countParameters(this.params);
  }

  dispose(): void {
    for (const layer of this.allLayers()) layer.dispose();
  }
}
