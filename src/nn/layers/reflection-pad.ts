/**
 * Reflection padding (NHWC): pads H and W by p with the image mirrored about its edge rows
 * and columns (the edge itself not repeated: [a b c d] padded by 2 reads [c b | a b c d | c b]).
 * Style transfer pads this way before its convolutions: zeros would draw a dark frame that the
 * Gram matrices count as part of the style, and the optimised image grows a border.
 *
 * Backward folds the padding back: each padded entry's gradient goes to the pixel it mirrors,
 * first along H, then along W (the two reflections are independent).
 */
import * as tf from '@tensorflow/tfjs-core';
import { cached, StatelessLayer } from './layer';

export class ReflectionPad extends StatelessLayer {
  readonly kind = 'ReflectionPad';
  /** [H, W] of the last input. */
  private size: [number, number] | null = null;

  constructor(readonly pad: number) {
    super();
    if (!Number.isInteger(pad) || pad < 1)
      throw new Error(`ReflectionPad pad must be an integer >= 1, got ${pad}`);
  }

  forward(x: tf.Tensor): tf.Tensor {
    const p = this.pad;
    const [, h, w] = x.shape as [number, number, number, number];
    if (x.rank !== 4 || h <= p || w <= p)
      throw new Error(
        `ReflectionPad(${p}) expects [N, H, W, C] with H and W > ${p}, got [${x.shape}]`,
      );
    this.size = [h, w];
    return tf.mirrorPad(
      x,
      [
        [0, 0],
        [p, p],
        [p, p],
        [0, 0],
      ],
      'reflect',
    );
  }

  backward(dout: tf.Tensor): tf.Tensor {
    const [h, w] = cached(this.size, this.kind, 'input size');
    return foldAxis(foldAxis(dout, 1, h, this.pad), 2, w, this.pad);
  }
}

/**
 * The gradient of reflect-padding one axis of length n by p: the centre, plus the leading p
 * entries reversed onto positions 1..p, plus the trailing p reversed onto n-1-p..n-2.
 */
function foldAxis(d: tf.Tensor, axis: 1 | 2, n: number, p: number): tf.Tensor {
  const begin = (at: number) => d.shape.map((_, i) => (i === axis ? at : 0));
  const size = (len: number) => d.shape.map((s, i) => (i === axis ? len : s));
  const spread = (t: tf.Tensor, before: number) =>
    tf.pad(
      t,
      d.shape.map((_, i): [number, number] => (i === axis ? [before, n - p - before] : [0, 0])),
    );
  const centre = tf.slice(d, begin(p), size(n));
  const lead = tf.reverse(tf.slice(d, begin(0), size(p)), axis);
  const trail = tf.reverse(tf.slice(d, begin(p + n), size(p)), axis);
  return tf.addN([centre, spread(lead, 1), spread(trail, n - 1 - p)]);
}
