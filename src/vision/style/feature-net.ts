/**
 * A feature network for Gatys-style optimisation: an image goes in, feature maps come out at
 * a few depths ("taps"), and the backward turns the losses' gradients at those taps into the
 * gradient of the image, through every layer's own hand-written backward (no autodiff).
 *
 * The net is a list of stages, each a list of book-style layers, with a tap at the end of
 * every stage; an input adapter sits in front (centring the pixels, or spreading the colour
 * channels over the batch). With `pixelTap` the image itself is tap 0 as well, so a Gram of
 * its raw RGB values can carry the style's joint colours when the layers see one channel at
 * a time. Weights are fixed: only the image is optimised.
 */
import * as tf from '@tensorflow/tfjs-core';
import { cached, type Layer } from '../../nn/layers/layer';

/** What turns the RGB image [1, H, W, 3] into the first stage's input, and back. */
export interface InputAdapter {
  forward(image: tf.Tensor4D): tf.Tensor4D;
  backward(d: tf.Tensor4D): tf.Tensor4D;
}

/** The interface the optimiser and the tests use. */
export interface StyleFeatureNet {
  /** 'random' or 'trained', as the CLI names it. */
  readonly name: string;
  /** One line on what the net is, for logs. */
  readonly description: string;
  /** Tap names, shallow to deep. */
  readonly taps: readonly string[];
  /** Default taps (indices into `taps`) of the content loss and of the style loss. */
  readonly contentTaps: readonly number[];
  readonly styleTaps: readonly number[];
  /** Features at every tap of an image [1, H, W, 3] with values in [0, 1]. */
  forward(image: tf.Tensor4D): tf.Tensor4D[];
  /** d(loss)/d(image) from d(loss)/d(tap) for each tap (null: the tap feeds no loss). */
  backward(dTaps: ReadonlyArray<tf.Tensor | null>): tf.Tensor4D;
  dispose(): void;
}

export interface StagedNetSpec {
  name: string;
  description: string;
  adapter: InputAdapter;
  stages: Layer[][];
  /** Names of the stages' taps, one a stage. */
  stageTaps: string[];
  /** How a stage's output is seen at its tap (absent: as it is). */
  tapView?: InputAdapter;
  /** The image itself is tap 0 (named 'rgb'). */
  pixelTap: boolean;
  contentTaps: number[];
  styleTaps: number[];
}

export class StagedFeatureNet implements StyleFeatureNet {
  readonly name: string;
  readonly description: string;
  readonly taps: readonly string[];
  readonly contentTaps: readonly number[];
  readonly styleTaps: readonly number[];
  private readonly adapter: InputAdapter;
  private readonly stages: Layer[][];
  private readonly pixelTap: boolean;
  private readonly tapView: InputAdapter | null;
  /** The last forward's image shape: a backward with no loss at all still returns one. */
  private imageShape: [number, number, number, number] | null = null;

  constructor(spec: StagedNetSpec) {
    if (spec.stages.length === 0 || spec.stages.length !== spec.stageTaps.length)
      throw new Error(`feature net ${spec.name}: one tap name per stage, and at least one stage`);
    this.name = spec.name;
    this.description = spec.description;
    this.adapter = spec.adapter;
    this.stages = spec.stages;
    this.pixelTap = spec.pixelTap;
    this.tapView = spec.tapView ?? null;
    this.taps = spec.pixelTap ? ['rgb', ...spec.stageTaps] : [...spec.stageTaps];
    for (const i of [...spec.contentTaps, ...spec.styleTaps])
      if (!Number.isInteger(i) || i < 0 || i >= this.taps.length)
        throw new Error(`feature net ${spec.name}: no tap ${i} (it has ${this.taps.length})`);
    this.contentTaps = spec.contentTaps;
    this.styleTaps = spec.styleTaps;
  }

  forward(image: tf.Tensor4D): tf.Tensor4D[] {
    if (image.rank !== 4 || image.shape[0] !== 1 || image.shape[3] !== 3)
      throw new Error(
        `feature net ${this.name} expects one RGB image [1, H, W, 3], got [${image.shape}]`,
      );
    this.imageShape = image.shape;
    const out: tf.Tensor4D[] = this.pixelTap ? [image] : [];
    let y: tf.Tensor = this.adapter.forward(image);
    for (const stage of this.stages) {
      for (const layer of stage) y = layer.forward(y, false);
      out.push(this.tapView ? this.tapView.forward(y as tf.Tensor4D) : (y as tf.Tensor4D));
    }
    return out;
  }

  backward(dTaps: ReadonlyArray<tf.Tensor | null>): tf.Tensor4D {
    if (dTaps.length !== this.taps.length)
      throw new Error(
        `feature net ${this.name}: ${dTaps.length} tap gradients for ${this.taps.length} taps`,
      );
    const offset = this.pixelTap ? 1 : 0;
    // Start at the deepest stage whose tap feeds a loss: deeper ones owe the image nothing.
    let last = this.stages.length - 1;
    while (last >= 0 && dTaps[last + offset] === null) last--;
    let d: tf.Tensor | null = null;
    for (let s = last; s >= 0; s--) {
      const given = dTaps[s + offset] ?? null;
      const tap = given && this.tapView ? this.tapView.backward(given as tf.Tensor4D) : given;
      d = d === null ? tap : tap === null ? d : tf.add(d, tap);
      const stage = this.stages[s];
      for (let i = stage.length - 1; i >= 0; i--) d = stage[i].backward(d as tf.Tensor);
    }
    const shape = cached(this.imageShape, `feature net ${this.name}`, 'image shape');
    let dImage: tf.Tensor4D =
      d === null ? tf.zeros(shape) : this.adapter.backward(d as tf.Tensor4D);
    const pixel = this.pixelTap ? dTaps[0] : null;
    if (pixel) dImage = tf.add(dImage, pixel) as tf.Tensor4D;
    return dImage;
  }

  dispose(): void {
    for (const stage of this.stages) for (const layer of stage) layer.dispose();
  }
}
