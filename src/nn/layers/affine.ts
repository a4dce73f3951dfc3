import * as tf from '@tensorflow/tfjs-core';
import { cached, type Layer, type NamedParam } from './layer';

/**
 * Affine: out = x·W + b (ch. 5.6). An input of any rank is flattened to [N, -1] first, as the
 * book does for a conv output feeding a fully connected layer.
 */
export class Affine implements Layer {
  readonly kind = 'Affine';
  readonly params: ReadonlyMap<string, tf.Variable>;
  readonly grads = new Map<string, tf.Tensor>();
  readonly state: ReadonlyMap<string, tf.Variable> = new Map();
  /** The flattened input, kept for dW. */
  private x: tf.Tensor2D | null = null;
  private originalShape: number[] | null = null;

  constructor(
    readonly W: NamedParam,
    readonly b: NamedParam,
  ) {
    if (W.value.rank !== 2) throw new Error(`Affine ${W.name} must be 2-D, got [${W.value.shape}]`);
    if (b.value.rank !== 1 || b.value.shape[0] !== W.value.shape[1]) {
      throw new Error(
        `Affine ${b.name} must have shape [${W.value.shape[1]}], got [${b.value.shape}]`,
      );
    }
    this.params = new Map([
      [W.name, W.value],
      [b.name, b.value],
    ]);
  }

  forward(x: tf.Tensor): tf.Tensor {
    this.originalShape = x.shape;
    const x2 = tf.reshape(x, [x.shape[0], -1]) as tf.Tensor2D;
    if (x2.shape[1] !== this.W.value.shape[0]) {
      throw new Error(
        `Affine ${this.W.name} expects ${this.W.value.shape[0]} input features, got ${x2.shape[1]} (input [${x.shape}])`,
      );
    }
    this.x = x2;
    return tf.add(tf.matMul(x2, this.W.value), this.b.value);
  }

  backward(dout: tf.Tensor): tf.Tensor {
    this.backwardParams(dout);
    // dx = dout · Wᵀ computed as (W · doutᵀ)ᵀ: wasm's matMul packs its right operand afresh
    // for every new tensor, and doutᵀ [out, N] is far smaller than Wᵀ [out, in] (SimpleConvNet's
    // W2: 10,000 values against 432,000; the two transposes cost less than the packing).
    const dx = tf.transpose(tf.matMul(this.W.value as tf.Tensor2D, tf.transpose(dout)));
    return tf.reshape(dx, cached(this.originalShape, this.kind, 'input shape'));
  }

  backwardParams(dout: tf.Tensor): void {
    const x = cached(this.x, this.kind, 'input');
    const d = dout as tf.Tensor2D;
    // Explicit transposes: wasm's matMul with transpose flags runs ~5x slower than on
    // pre-transposed operands (measured: 105 ms vs ~15 ms for SimpleConvNet's W2, batch 100).
    this.grads.set(this.W.name, tf.matMul(tf.transpose(x), d));
    this.grads.set(this.b.name, tf.sum(d, 0));
  }

  dispose(): void {
    this.W.value.dispose();
    this.b.value.dispose();
  }
}
