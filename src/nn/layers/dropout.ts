import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';
import { cached, StatelessLayer } from './layer';

/**
 * Dropout as in the book (ch. 6.4.3): in training each unit is dropped with probability
 * `ratio` (mask drawn from the net's seeded Rng); at inference every unit is kept and the
 * output scaled by (1 - ratio).
 */
export class Dropout extends StatelessLayer {
  readonly kind = 'Dropout';
  /** The mask of the last training forward: 1 kept, 0 dropped. */
  mask: tf.Tensor | null = null;

  constructor(
    readonly ratio: number,
    private readonly rng: Rng,
  ) {
    super();
    if (!(ratio >= 0 && ratio < 1))
      throw new Error(`Dropout ratio must be in [0, 1), got ${ratio}`);
  }

  forward(x: tf.Tensor, train: boolean): tf.Tensor {
    if (!train) return tf.mul(x, 1 - this.ratio);
    const m = new Float32Array(x.size);
    for (let i = 0; i < m.length; i++) m[i] = this.rng.next() > this.ratio ? 1 : 0;
    this.mask = tf.tensor(m, x.shape);
    return tf.mul(x, this.mask);
  }

  backward(dout: tf.Tensor): tf.Tensor {
    return tf.mul(dout, cached(this.mask, this.kind, 'mask'));
  }
}
