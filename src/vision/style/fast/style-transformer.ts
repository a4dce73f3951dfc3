/**
 * The fast style transfer net (see transformer-config.ts) as a net in the book's shape: an
 * ordered list of layers, forward through them, backward in reverse, each with its own
 * hand-written backward. The loss is not its own: training (fast-style-training.ts) hands
 * `backward` the Gatys loss's gradient with respect to the output image.
 *
 * Images are NHWC RGB in [0, 1], in and out; sides multiples of 4.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Layer } from '../../../nn/layers/layer';
import { ReflectionPad } from '../../../nn/layers/reflection-pad';
import { Relu } from '../../../nn/layers/relu';
import { Sigmoid } from '../../../nn/layers/sigmoid';
import { SpaceToDepth } from '../../../nn/layers/space-to-depth';
import { Upsampling } from '../../../nn/layers/upsampling';
import { countParameters } from '../../../nn/nets/parameter-count';
import { Rng } from '../../../nn/rng';
import { convolution } from '../../conv-block';
import { instanceNorm, ResidualBlock } from './residual-block';
import {
  checkStyleTransformerConfig,
  checkTransformerSize,
  type StyleTransformerConfig,
} from './transformer-config';

export class StyleTransformer {
  readonly layers: Layer[] = [];
  readonly params = new Map<string, tf.Variable>();

  constructor(
    readonly config: StyleTransformerConfig,
    seed: number,
  ) {
    checkStyleTransformerConfig(config);
    const rng = new Rng(seed);
    const [c0, c1, c2] = config.channels;
    const e = config.edgeKernel;
    const conv = (name: string, cin: number, cout: number, k: number, pad?: number) =>
      convolution(name, { in: cin, out: cout, kernel: k, stride: 1, pad }, rng);
    const normRelu = (name: string, c: number) => [instanceNorm(name, c), new Relu()];
    // The edge convolutions are reflection-padded (no dark frame), so they pad nothing.
    this.layers.push(new ReflectionPad(e >> 1), conv('1', 3, c0, e, 0), ...normRelu('1', c0));
    this.layers.push(new SpaceToDepth(2), conv('2', 4 * c0, c1, 3), ...normRelu('2', c1));
    this.layers.push(new SpaceToDepth(2), conv('3', 4 * c1, c2, 3), ...normRelu('3', c2));
    for (let r = 0; r < config.residualBlocks; r++)
      this.layers.push(new ResidualBlock(`r${r + 1}`, c2, rng));
    this.layers.push(new Upsampling(2), conv('4', c2, c1, 3), ...normRelu('4', c1));
    this.layers.push(new Upsampling(2), conv('5', c1, c0, 3), ...normRelu('5', c0));
    this.layers.push(new ReflectionPad(e >> 1), conv('6', c0, 3, e, 0), new Sigmoid());
    for (const layer of this.layers) for (const [n, p] of layer.params) this.params.set(n, p);
  }

  get parameterCount(): number {
    return countParameters(this.params);
  }

  private check(x: tf.Tensor): void {
    if (x.rank !== 4 || x.shape[3] !== 3)
      throw new Error(`style transformer takes RGB images [N, H, W, 3], got [${x.shape}]`);
    checkTransformerSize(x.shape[1] as number, x.shape[2] as number);
  }

  /** The stylised images for images [N, H, W, 3] in [0, 1] (kept from the caller's tidy). */
  stylise(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => this.forward(x, false));
  }

  /** Forward keeping what backward needs; call forward and backward in one tf.tidy. */
  forward(x: tf.Tensor4D, train: boolean): tf.Tensor4D {
    this.check(x);
    let y: tf.Tensor = x;
    for (const layer of this.layers) y = layer.forward(y, train);
    return y as tf.Tensor4D;
  }

  /** Backward from d(loss)/d(output); returns d(loss)/d(param) by name. */
  backward(dOut: tf.Tensor4D): Map<string, tf.Tensor> {
    let d: tf.Tensor = dOut;
    // The first convolution's dx (the image's gradient) is never needed: params only there.
    const first = this.layers.findIndex((l) => l.params.size > 0);
    for (let i = this.layers.length - 1; i > first; i--) d = this.layers[i].backward(d);
    const layer = this.layers[first];
    if (layer.backwardParams) layer.backwardParams(d);
    else layer.backward(d);
    const grads = new Map<string, tf.Tensor>();
    for (const l of this.layers) for (const [n, g] of l.grads) grads.set(n, g);
    return grads;
  }

  dispose(): void {
    for (const layer of this.layers) layer.dispose();
  }
}
