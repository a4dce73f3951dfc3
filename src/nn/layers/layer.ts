import type * as tf from '@tensorflow/tfjs-core';

/**
 * A layer in the book's shape: `forward` keeps what `backward` needs; `backward(dout)` returns
 * dx and fills `grads` for each of its parameters.
 *
 * Memory rule: a forward and its backward run inside one `tf.tidy` (the net's `gradient`
 * does this), so the caches a layer keeps live exactly as long as that step.
 */
export interface Layer {
  /** What the layer is, for summaries ("Affine", "Relu", ...). */
  readonly kind: string;
  forward(x: tf.Tensor, train: boolean): tf.Tensor;
  backward(dout: tf.Tensor): tf.Tensor;
  /**
   * Fill `grads` without computing dx: what a net calls on its first layer, whose dx nobody
   * reads (for a first convolution that is a whole transposed convolution saved each step).
   */
  backwardParams?(dout: tf.Tensor): void;
  /** Trainable parameters, keyed by their net-wide names (W1, b1, gamma1, ...). */
  readonly params: ReadonlyMap<string, tf.Variable>;
  /** Gradients from the last backward, same keys as `params`. */
  readonly grads: ReadonlyMap<string, tf.Tensor>;
  /** Non-trained state that must be saved with the weights (batch-norm running statistics). */
  readonly state: ReadonlyMap<string, tf.Variable>;
  /** Frees tensors the layer owns outside any step (index tables, variables). */
  dispose(): void;
}

/** A loss layer: forward takes the targets too and returns the scalar loss. */
export interface LossLayer {
  readonly kind: string;
  /** t: one-hot float32 of the same shape as x, or int32 labels (one per row). */
  forward(x: tf.Tensor, t: tf.Tensor): tf.Scalar;
  /** d(loss)/dx for the last forward (dout = 1). */
  backward(): tf.Tensor;
  /** The output activation (softmax for classification) of the last forward. */
  readonly output: tf.Tensor | null;
}

/** A trainable parameter with its net-wide name. */
export interface NamedParam {
  name: string;
  value: tf.Variable;
}

const NO_TENSORS: ReadonlyMap<string, never> = new Map<string, never>();

/** Base for layers without parameters. */
export abstract class StatelessLayer implements Layer {
  abstract readonly kind: string;
  readonly params: ReadonlyMap<string, tf.Variable> = NO_TENSORS;
  readonly grads: ReadonlyMap<string, tf.Tensor> = NO_TENSORS;
  readonly state: ReadonlyMap<string, tf.Variable> = NO_TENSORS;
  abstract forward(x: tf.Tensor, train: boolean): tf.Tensor;
  abstract backward(dout: tf.Tensor): tf.Tensor;
  dispose(): void {}
}

/** Throws a clear error when backward is called without a forward before it. */
export function cached<T>(value: T | null, layer: string, what: string): T {
  if (value === null)
    throw new Error(`${layer}.backward called before forward (no cached ${what})`);
  return value;
}
