import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseBackend, type GpuLike } from '../../src/nn/backend';

const adapter = (isFallbackAdapter: boolean) => ({
  info: {
    vendor: isFallbackAdapter ? 'google' : 'nvidia',
    architecture: isFallbackAdapter ? 'swiftshader' : 'ampere',
    isFallbackAdapter,
  },
  features: { has: (f: string) => f === 'shader-f16' && !isFallbackAdapter },
});
const gpu = (a: ReturnType<typeof adapter> | null): GpuLike => ({ requestAdapter: async () => a });

describe('backend choice', () => {
  afterAll(async () => {
    await chooseBackend({ request: 'wasm' });
  });

  it('Node with no WebGPU uses wasm and says why', async () => {
    const choice = await chooseBackend({ gpu: null });
    expect(choice).toMatchObject({ backend: 'wasm', forced: false, adapter: null });
    expect(choice.reason).toMatch(/WebGPU is not available/);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('a software fallback adapter (SwiftShader) gives wasm, naming the adapter', async () => {
    const choice = await chooseBackend({ gpu: gpu(adapter(true)) });
    expect(choice.backend).toBe('wasm');
    expect(choice.reason).toMatch(/software fallback \(swiftshader\)/);
    expect(choice.adapter).toMatchObject({ isFallbackAdapter: true, shaderF16: false });
  });

  it('no adapter, or an adapter request that never answers, gives wasm', async () => {
    expect((await chooseBackend({ gpu: gpu(null) })).reason).toMatch(/gave no adapter/);
    const hanging: GpuLike = { requestAdapter: () => new Promise(() => {}) };
    const choice = await chooseBackend({ gpu: hanging, timeoutMs: 50 });
    expect(choice.backend).toBe('wasm');
  });

  it('a hardware adapter prefers webgpu, and falls back with the reason when webgpu cannot start', async () => {
    // Node has no real WebGPU device behind the fake adapter, so webgpu must fail and wasm run.
    const choice = await chooseBackend({ gpu: gpu(adapter(false)), timeoutMs: 5000 });
    expect(choice.adapter).toMatchObject({
      isFallbackAdapter: false,
      vendor: 'nvidia',
      shaderF16: true,
    });
    expect(choice.backend).toBe('wasm');
    expect(choice.reason).toMatch(/webgpu failed/);
  });

  it('any backend can be forced', async () => {
    const cpu = await chooseBackend({ request: 'cpu', gpu: null });
    expect(cpu).toMatchObject({ backend: 'cpu', forced: true });
    expect(tf.getBackend()).toBe('cpu');
    const wasm = await chooseBackend({ request: 'wasm', gpu: null });
    expect(wasm).toMatchObject({ backend: 'wasm', forced: true });
  });

  it('a forced backend that cannot start falls back and says so', async () => {
    const choice = await chooseBackend({ request: 'webgpu', gpu: null, timeoutMs: 5000 });
    expect(choice.forced).toBe(false);
    expect(choice.backend).toBe('wasm');
    expect(choice.reason).toMatch(/webgpu was requested but failed/);
  });

  it('a wasm thread count that is not a positive integer is refused, saying why', async () => {
    const choice = await chooseBackend({ request: 'wasm', gpu: null, wasmThreads: 0 });
    expect(choice).toMatchObject({ backend: 'cpu', forced: false });
    expect(choice.reason).toMatch(
      /wasm was requested but failed \(wasm threads must be an integer >= 1, not 0\)/,
    );
  });
});
