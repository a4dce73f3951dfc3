/**
 * Adam's whole update of one parameter as one kernel, where the op chain takes twelve kernels
 * (each with its dispatch and its own pass over the elements) and three assigns: on wasm a
 * hand-written SIMD pass (adam-update.wat) over the backend's own memory, on cpu the same pass
 * in JavaScript. Both repeat the chain's float32 arithmetic operation by operation (IEEE
 * single precision; in JavaScript every intermediate rounded by Math.fround, which is exact
 * for +, -, *, / and sqrt of float32 operands), so a run gives the same bits with or without
 * it (test/unit/adam-update.test.ts). Other backends (webgpu) keep the op chain.
 */
import * as tf from '@tensorflow/tfjs-core';
import { adamUpdateWasm } from './adam-update-wasm';
import {
  type CpuBackendLike,
  memoryOffsets,
  registerOnce,
  type WasmBackendLike,
  wasmKernelExports,
} from './wasm-module';

export const ADAM_UPDATE = 'GradientArcadeAdamUpdate';

export interface AdamUpdateAttrs {
  /** The bias-corrected step size lr_t. */
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

type WasmAdam = (
  p: number,
  g: number,
  m: number,
  v: number,
  pOut: number,
  mOut: number,
  vOut: number,
  n: number,
  c1: number,
  c2: number,
  lr: number,
  eps: number,
) => void;

/** The compiled pass on a wasm backend's memory, or null where it cannot run. */
function wasmPass(backend: WasmBackendLike): WasmAdam | null {
  return (wasmKernelExports(backend, adamUpdateWasm)?.adam as WasmAdam | undefined) ?? null;
}

/** The scalars as the op chain's float32 scalar tensors hold them. */
function float32Scalars({ lr, beta1, beta2, epsilon }: AdamUpdateAttrs) {
  const f = Math.fround;
  return { c1: f(1 - beta1), c2: f(1 - beta2), lr: f(lr), eps: f(epsilon) };
}

function checkInputs(inputs: tf.NamedTensorInfoMap): Record<'p' | 'g' | 'm' | 'v', tf.TensorInfo> {
  const { p, g, m, v } = inputs as Record<'p' | 'g' | 'm' | 'v', tf.TensorInfo>;
  const size = tf.util.sizeFromShape(p.shape);
  for (const t of [p, g, m, v]) {
    if (t.dtype !== 'float32') throw new Error(`${ADAM_UPDATE}: float32 only, got ${t.dtype}`);
    if (tf.util.sizeFromShape(t.shape) !== size)
      throw new Error(`${ADAM_UPDATE}: shapes ${p.shape} and ${t.shape} differ`);
  }
  return { p, g, m, v };
}

/** The pass in JavaScript, rounding as float32 arithmetic does. */
function jsPass(
  p: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  pOut: Float32Array,
  mOut: Float32Array,
  vOut: Float32Array,
  attrs: AdamUpdateAttrs,
): void {
  const { c1, c2, lr: lr32, eps } = float32Scalars(attrs);
  for (let i = 0; i < p.length; i++) {
    const gi = g[i];
    const m0 = m[i];
    const v0 = v[i];
    const mi = Math.fround(m0 + Math.fround(c1 * Math.fround(gi - m0)));
    const vi = Math.fround(v0 + Math.fround(c2 * Math.fround(Math.fround(gi * gi) - v0)));
    mOut[i] = mi;
    vOut[i] = vi;
    pOut[i] = Math.fround(
      p[i] - Math.fround(Math.fround(lr32 * mi) / Math.fround(Math.fround(Math.sqrt(vi)) + eps)),
    );
  }
}

const wasmKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as unknown as WasmBackendLike;
  const pass = wasmPass(wasm);
  if (!pass) throw new Error(`${ADAM_UPDATE}: this wasm backend cannot run it`);
  const { p, g, m, v } = checkInputs(inputs);
  const { c1, c2, lr, eps } = float32Scalars(attrs as unknown as AdamUpdateAttrs);
  const outs = [0, 1, 2].map(() => wasm.makeOutput(p.shape, 'float32'));
  const [po, go, mo, vo, pOut, mOut, vOut] = memoryOffsets(wasm, [p, g, m, v, ...outs]);
  const size = tf.util.sizeFromShape(p.shape);
  pass(po, go, mo, vo, pOut, mOut, vOut, size, c1, c2, lr, eps);
  return outs;
};

const cpuKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as unknown as CpuBackendLike;
  const { p, g, m, v } = checkInputs(inputs);
  const values = (t: tf.TensorInfo) => cpu.data.get(t.dataId).values as Float32Array;
  const size = tf.util.sizeFromShape(p.shape);
  const [pOut, mOut, vOut] = [0, 1, 2].map(() => new Float32Array(size));
  jsPass(
    values(p),
    values(g),
    values(m),
    values(v),
    pOut,
    mOut,
    vOut,
    attrs as unknown as AdamUpdateAttrs,
  );
  return [pOut, mOut, vOut].map((a) => cpu.makeTensorInfo(p.shape, 'float32', a));
};

/** Whether the active backend runs the fused update (else use the op chain). */
export function hasAdamUpdate(): boolean {
  registerOnce(ADAM_UPDATE, 'wasm', wasmKernel);
  registerOnce(ADAM_UPDATE, 'cpu', cpuKernel);
  const name = tf.getBackend();
  if (name === 'cpu') return true;
  if (name === 'wasm') return wasmPass(tf.backend() as unknown as WasmBackendLike) !== null;
  return false;
}

/** [p', m', v'] by the fused kernel; call only where hasAdamUpdate(). */
export function adamUpdate(
  p: tf.Tensor,
  g: tf.Tensor,
  m: tf.Tensor,
  v: tf.Tensor,
  attrs: AdamUpdateAttrs,
): [tf.Tensor, tf.Tensor, tf.Tensor] {
  const out = tf
    .engine()
    .runKernel(ADAM_UPDATE, { p, g, m, v }, attrs as unknown as tf.NamedAttrMap);
  return out as unknown as [tf.Tensor, tf.Tensor, tf.Tensor];
}
