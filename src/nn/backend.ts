/**
 * The one place that decides which tfjs backend runs the math.
 *
 * Order: WebGPU when the browser offers a *hardware* adapter; wasm when the adapter is a
 * software fallback (SwiftShader measured ~60x slower than wasm on the project's machines) or
 * missing; cpu last. Any backend can be forced. The caller always gets the choice and the reason.
 * The workers' automatic mode goes through measured-backend.ts instead, which times each net on
 * webgpu and wasm rather than trusting this order.
 */
import * as tf from '@tensorflow/tfjs-core';

import type { BackendName, BackendRequest } from './backend-names';

export {
  BACKEND_NAMES,
  type BackendName,
  type BackendRequest,
  isBackendName,
} from './backend-names';

export interface AdapterReport {
  /** True when the adapter is a software implementation (SwiftShader and the like). */
  isFallbackAdapter: boolean;
  vendor: string;
  architecture: string;
  /** The driver's own words ("SwiftShader driver 5.0.0"), where the adapter gives them. */
  description?: string;
  /** Whether the adapter offers the `shader-f16` feature. */
  shaderF16: boolean;
}

export interface BackendChoice {
  backend: BackendName;
  /** One sentence a user can read: why this backend runs. */
  reason: string;
  /** True when the user asked for a specific backend (and got it). */
  forced: boolean;
  adapter: AdapterReport | null;
}

export interface ChooseBackendOptions {
  /** 'auto' (default) or a backend to force. */
  request?: BackendRequest;
  /** Give up on a `setBackend` call after this long (a broken wasm load hangs forever). */
  timeoutMs?: number;
  /** Where the wasm binaries live (browser builds pass Vite asset URLs); Node needs none. */
  wasmPaths?: Partial<
    Record<
      | 'tfjs-backend-wasm.wasm'
      | 'tfjs-backend-wasm-simd.wasm'
      | 'tfjs-backend-wasm-threaded-simd.wasm',
      string
    >
  >;
  /** The WebGPU entry point; defaults to `navigator.gpu` where it exists. */
  gpu?: GpuLike | null;
  /**
   * wasm threads (default 1). More needs a cross-origin isolated page and an unminified build
   * (see registerBackend); a measured option (bench:browser --threads), not the app's choice.
   */
  wasmThreads?: number;
}

/** The part of `navigator.gpu` we use (kept structural so Node tests can pass a fake). */
export interface GpuLike {
  requestAdapter(): Promise<GpuAdapterLike | null>;
}
export interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: {
    vendor?: string;
    architecture?: string;
    description?: string;
    isFallbackAdapter?: boolean;
  };
  features?: { has(name: string): boolean };
}

/** `navigator.gpu` where it exists. */
export function defaultGpu(): GpuLike | null {
  const nav = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator;
  return nav?.gpu ?? null;
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Describe the adapter the browser would give WebGPU, or null when there is none. */
export async function probeAdapter(
  gpu: GpuLike | null,
  timeoutMs: number,
): Promise<AdapterReport | null> {
  if (!gpu) return null;
  const adapter = await withTimeout(gpu.requestAdapter(), timeoutMs, 'requestAdapter').catch(
    () => null,
  );
  if (!adapter) return null;
  return {
    isFallbackAdapter: Boolean(adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter),
    vendor: adapter.info?.vendor ?? '',
    architecture: adapter.info?.architecture ?? '',
    description: adapter.info?.description ?? '',
    shaderF16: adapter.features?.has('shader-f16') ?? false,
  };
}

async function registerBackend(name: BackendName, opts: ChooseBackendOptions): Promise<void> {
  // Imported lazily: the webgpu module must not load where there is no WebGPU, and Node
  // should not pay for backends it does not use.
  if (name === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // Single-threaded SIMD: threads measured no faster on the project's machines, and threaded wasm
    // copies its factory into a Blob that breaks under minification, hanging setBackend.
    const threads = opts.wasmThreads ?? 1;
    if (!Number.isInteger(threads) || threads < 1)
      throw new Error(`wasm threads must be an integer >= 1, not ${threads}`);
    if (threads === 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    else wasm.setThreadsCount(threads);
    if (opts.wasmPaths) wasm.setWasmPaths(opts.wasmPaths);
  }
  if (name === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
}

async function trySetBackend(name: BackendName, opts: ChooseBackendOptions): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  await registerBackend(name, opts);
  const ok = await withTimeout(tf.setBackend(name), timeoutMs, `setBackend('${name}')`);
  if (!ok) throw new Error(`tfjs could not initialise the ${name} backend`);
  await tf.ready();
}

/** Pick (or force) a backend, make it active, and say which one and why. */
export async function chooseBackend(opts: ChooseBackendOptions = {}): Promise<BackendChoice> {
  const request = opts.request ?? 'auto';
  const gpu = opts.gpu === undefined ? defaultGpu() : opts.gpu;
  const adapter = await probeAdapter(gpu, opts.timeoutMs ?? 20_000);
  const failures: string[] = [];

  if (request !== 'auto') {
    try {
      await trySetBackend(request, opts);
      return { backend: request, reason: `${request} was requested`, forced: true, adapter };
    } catch (e) {
      failures.push(`${request} was requested but failed (${(e as Error).message})`);
    }
  }

  let preferred: BackendName[];
  let why: string;
  if (adapter && !adapter.isFallbackAdapter) {
    preferred = ['webgpu', 'wasm', 'cpu'];
    why =
      `WebGPU has a hardware adapter (${adapter.vendor || 'unknown vendor'} ${adapter.architecture})`.trim();
  } else if (adapter) {
    preferred = ['wasm', 'cpu'];
    why = `the WebGPU adapter is a software fallback (${adapter.architecture || adapter.vendor || 'unnamed'}), far slower than wasm`;
  } else {
    preferred = ['wasm', 'cpu'];
    why = gpu ? 'WebGPU gave no adapter' : 'WebGPU is not available here';
  }

  for (const name of preferred) {
    if (name === request) continue; // already tried and failed
    try {
      await trySetBackend(name, opts);
      const reasons = [...failures];
      if (failures.length > 0 || name === preferred[0]) reasons.push(`${name} chosen: ${why}`);
      else reasons.push(`${name} chosen because ${preferred[0]} failed`);
      return { backend: name, reason: reasons.join('; '), forced: false, adapter };
    } catch (e) {
      failures.push(`${name} failed (${(e as Error).message})`);
    }
  }
  throw new Error(`No tfjs backend could start: ${failures.join('; ')}`);
}
