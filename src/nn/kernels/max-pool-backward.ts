/**
 * Max pooling's backward for disjoint windows (stride = window) as one kernel on wasm: a
 * hand-written SIMD pass (max-pool-backward.wat) that hands each window's dout to the first
 * position holding its max and writes +0 elsewhere, where the elementwise formulation in
 * KernelPooling takes a depthwise convolution, a step, two products and two differences a
 * window position, and two stacks (about 9 ms of SimpleConvNet's step on wasm). The same bits
 * (test/unit/max-pool-backward.test.ts); other backends keep the elementwise formulation.
 */
import * as tf from '@tensorflow/tfjs-core';
import { maxPoolBackwardWasm } from './max-pool-backward-wasm';
import {
  memoryOffsets,
  registerOnce,
  type WasmBackendLike,
  wasmKernelExports,
} from './wasm-module';

export const MAX_POOL_BACKWARD = 'GradientArcadeMaxPoolBackward';

type WasmMaxPoolBackward = (
  x: number,
  out: number,
  dout: number,
  dx: number,
  n: number,
  h: number,
  w: number,
  c: number,
  ph: number,
  pw: number,
) => void;

function wasmPass(backend: WasmBackendLike): WasmMaxPoolBackward | null {
  const exports = wasmKernelExports(backend, maxPoolBackwardWasm);
  return (exports?.maxPoolBackward as WasmMaxPoolBackward | undefined) ?? null;
}

const wasmKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as unknown as WasmBackendLike;
  const pass = wasmPass(wasm);
  if (!pass) throw new Error(`${MAX_POOL_BACKWARD}: this wasm backend cannot run it`);
  const { x, out, dout } = inputs as Record<'x' | 'out' | 'dout', tf.TensorInfo>;
  const { poolH, poolW } = attrs as unknown as { poolH: number; poolW: number };
  const [n, h, w, c] = x.shape;
  const [on, oh, ow, oc] = out.shape;
  if (
    x.shape.length !== 4 ||
    h % poolH !== 0 ||
    w % poolW !== 0 ||
    on !== n ||
    oh !== h / poolH ||
    ow !== w / poolW ||
    oc !== c ||
    !tf.util.arraysEqual(out.shape, dout.shape) ||
    [x, out, dout].some((t) => t.dtype !== 'float32')
  )
    throw new Error(
      `${MAX_POOL_BACKWARD}: input [${x.shape}], output [${out.shape}] and dout [${dout.shape}] are not ${poolH}x${poolW} disjoint windows`,
    );
  const dx = wasm.makeOutput(x.shape, 'float32');
  const [xo, oo, doo, dxo] = memoryOffsets(wasm, [x, out, dout, dx]);
  pass(xo, oo, doo, dxo, n, h, w, c, poolH, poolW);
  return dx;
};

/** Whether the active backend runs the fused backward (else the elementwise formulation). */
export function hasMaxPoolBackward(): boolean {
  registerOnce(MAX_POOL_BACKWARD, 'wasm', wasmKernel);
  return (
    tf.getBackend() === 'wasm' && wasmPass(tf.backend() as unknown as WasmBackendLike) !== null
  );
}

/**
 * dx [N, H, W, C] for input x, its pooled output out and dout ([N, H/poolH, W/poolW, C]);
 * call only where hasMaxPoolBackward().
 */
export function maxPoolBackward(
  x: tf.Tensor4D,
  out: tf.Tensor4D,
  dout: tf.Tensor4D,
  poolH: number,
  poolW: number,
): tf.Tensor4D {
  return tf
    .engine()
    .runKernel(MAX_POOL_BACKWARD, { x, out, dout }, { poolH, poolW }) as tf.Tensor4D;
}
