/**
 * Building blocks of the vision nets, from the engine's own layers: a convolution in NHWC
 * (KernelConvolution, the book's Convolution computed by the backend's kernels) with He
 * initialisation, and its LeakyReLU.
 */
import { initStd, randomWeight, zerosWeight } from '../nn/init';
import { KernelConvolution } from '../nn/layers/kernel-convolution';
import type { Layer } from '../nn/layers/layer';
import { LeakyRelu } from '../nn/layers/leaky-relu';
import type { Rng } from '../nn/rng';

/** One convolution's shape: channels in and out, square kernel, stride. Padding (k - 1) / 2 keeps the size at stride 1 and halves it exactly with 4x4 at stride 2 (the engine wants exact tiling, as the book). */
export interface ConvSpec {
  in: number;
  out: number;
  kernel: number;
  stride: number;
  /** Zero padding; (kernel - 1) / 2 ("same") when absent. */
  pad?: number;
}

export const LEAK = 0.1;

/** Convolution `name` (weights W{name} [out, in, k, k], bias b{name}), "same" padding. */
export function convolution(
  name: string,
  spec: ConvSpec,
  rng: Rng,
  std?: number,
): KernelConvolution {
  const fanIn = spec.in * spec.kernel * spec.kernel;
  const W = {
    name: `W${name}`,
    value: randomWeight(
      rng,
      [spec.out, spec.in, spec.kernel, spec.kernel],
      std ?? initStd('he', fanIn),
    ),
  };
  const b = { name: `b${name}`, value: zerosWeight([spec.out]) };
  return new KernelConvolution(W, b, spec.stride, spec.pad ?? (spec.kernel - 1) >> 1, 'NHWC');
}

/** Convolution then LeakyReLU. */
export function convBlock(name: string, spec: ConvSpec, rng: Rng): Layer[] {
  return [convolution(name, spec, rng), new LeakyRelu(LEAK)];
}
