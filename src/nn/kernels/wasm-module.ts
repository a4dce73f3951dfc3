/**
 * Our hand-written wasm kernels (*.wat here, built into *-wasm.ts) run on the tfjs wasm
 * backend's own memory: each module imports that memory, so a kernel reads its inputs and
 * writes its outputs where the backend keeps tensors, with no copy. What the kernels use of
 * the backends is written structurally, so src/nn keeps to tfjs-core (the backend packages
 * are loaded by name in backend.ts).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { getKernel, registerKernel } from '@tensorflow/tfjs-core';

export interface WasmBackendLike {
  wasm: unknown;
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
}

export interface CpuBackendLike {
  data: { get(dataId: object): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
}

const instances = new WeakMap<object, Map<string, WebAssembly.Exports | null>>();

/**
 * The exports of the module `base64` instantiated on `backend`'s memory (once per backend),
 * or null where it cannot run: a threaded build shares its memory (a SharedArrayBuffer,
 * which our modules do not declare), a runtime without wasm SIMD cannot compile them.
 * Callers keep their op formulation then.
 */
export function wasmKernelExports(
  backend: WasmBackendLike,
  base64: string,
): WebAssembly.Exports | null {
  let byModule = instances.get(backend);
  if (!byModule) {
    byModule = new Map();
    instances.set(backend, byModule);
  }
  if (byModule.has(base64)) return byModule.get(base64) ?? null;
  let exports: WebAssembly.Exports | null = null;
  const memory = (backend.wasm as { asm?: { memory?: unknown } } | null)?.asm?.memory;
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const shared =
    typeof SharedArrayBuffer !== 'undefined' &&
    memory instanceof WebAssembly.Memory &&
    memory.buffer instanceof SharedArrayBuffer;
  if (memory instanceof WebAssembly.Memory && !shared && WebAssembly.validate(bytes))
    exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
  byModule.set(base64, exports);
  return exports;
}

/** Byte offsets of tensors in the wasm backend's memory. */
export function memoryOffsets(backend: WasmBackendLike, tensors: tf.TensorInfo[]): number[] {
  return tensors.map((t) => {
    const offset = backend.dataIdMap.get(t.dataId)?.memoryOffset;
    if (offset === undefined) throw new Error('a tensor is not in the wasm backend’s memory');
    return offset;
  });
}

/** Registers `kernelFunc` as `kernelName` on `backendName` unless tfjs already has it. */
export function registerOnce(
  kernelName: string,
  backendName: string,
  kernelFunc: tf.KernelFunc,
): void {
  if (!getKernel(kernelName, backendName)) registerKernel({ kernelName, backendName, kernelFunc });
}
