import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BackendName, chooseBackend, type GpuLike } from '../../src/nn/backend';
import {
  type BackendChoiceCache,
  type CachedChoice,
  choiceKey,
  deviceKey,
  memoryChoiceCache,
} from '../../src/nn/backend-choice-cache';
import { BackendPerRun } from '../../src/nn/backend-per-run';
import { chooseMeasuredBackend, type MeasuredChoiceOptions } from '../../src/nn/measured-backend';
import { netStepWorkload } from '../../src/nn/net-step-workload';
import { defaultConfig } from '../../src/nn/nets/config';
import { timeWorkload } from '../../src/nn/step-timing';

const adapter = (
  isFallbackAdapter: boolean,
  architecture = isFallbackAdapter ? 'swiftshader' : 'ampere',
) => ({
  info: {
    vendor: isFallbackAdapter ? 'google' : 'nvidia',
    architecture,
    description: isFallbackAdapter ? 'SwiftShader driver 5.0.0' : 'NVIDIA driver 550',
    isFallbackAdapter,
  },
});
const gpu = (a: ReturnType<typeof adapter> | null): GpuLike => ({ requestAdapter: async () => a });

const mlp = netStepWorkload(defaultConfig('two-layer'), {
  optimizer: 'sgd',
  batchSize: 100,
  sampleShape: [784],
  classes: 10,
});

/** Fake backends: which ones start, how fast each steps; records what was started and timed. */
function fakes(ms: Partial<Record<BackendName, number>>, broken: BackendName[] = []) {
  const timed: BackendName[] = [];
  const started: BackendName[] = [];
  let active: BackendName | null = null;
  const opts: Partial<MeasuredChoiceOptions> = {
    start: async (name) => {
      if (broken.includes(name)) throw new Error(`${name} will not start`);
      started.push(name);
      active = name;
    },
    time: async (_w, name) => {
      expect(active).toBe(name);
      timed.push(name);
      const t = ms[name];
      if (t === undefined) throw new Error(`no ${name} step`);
      return { msPerStep: t, firstStepMs: t * 20 };
    },
  };
  return { opts, timed, started, active: () => active };
}

describe('the measured backend choice (fake timings)', () => {
  it('a hardware adapter: webgpu and wasm are timed on the net and the faster runs, saying why', async () => {
    const f = fakes({ webgpu: 40, wasm: 12 });
    const cache = memoryChoiceCache();
    const choice = await chooseMeasuredBackend({
      ...f.opts,
      gpu: gpu(adapter(false)),
      workload: mlp,
      cache,
    });
    expect(f.timed).toEqual(['webgpu', 'wasm']);
    expect(choice).toMatchObject({ backend: 'wasm', forced: false, cached: false });
    expect(f.active()).toBe('wasm');
    expect(choice.reason).toBe(
      'wasm chosen by measurement: 12.0 ms/step against webgpu 40.0 ms/step (nvidia ampere), timed on TwoLayerNet, batch 100, sgd',
    );
    expect(choice.timings?.map((t) => [t.backend, t.msPerStep, t.firstStepMs])).toEqual([
      ['wasm', 12, 240],
      ['webgpu', 40, 800],
    ]);
    // Kept under this device, these candidates and this net.
    const key = choiceKey(choice.adapter, ['webgpu', 'wasm'], mlp.key);
    expect((await cache.get(key))?.backend).toBe('wasm');
  });

  it('a faster GPU wins; cpu is not timed while webgpu or wasm runs', async () => {
    const f = fakes({ webgpu: 3, wasm: 12, cpu: 1 });
    const choice = await chooseMeasuredBackend({
      ...f.opts,
      gpu: gpu(adapter(false)),
      workload: mlp,
      cache: null,
    });
    expect(choice.backend).toBe('webgpu');
    expect(f.timed).toEqual(['webgpu', 'wasm']);
    expect(choice.reason).toMatch(
      /^webgpu chosen by measurement: 3\.00 ms\/step \(nvidia ampere\) against wasm 12\.0 ms\/step/,
    );
  });

  it('the measurement runs once per net and device: the second choice is read from the cache', async () => {
    const cache = memoryChoiceCache();
    const first = fakes({ webgpu: 40, wasm: 12 });
    await chooseMeasuredBackend({ ...first.opts, gpu: gpu(adapter(false)), workload: mlp, cache });
    const again = fakes({ webgpu: 1, wasm: 12 }); // would pick webgpu if it measured
    const choice = await chooseMeasuredBackend({
      ...again.opts,
      gpu: gpu(adapter(false)),
      workload: mlp,
      cache,
    });
    expect(again.timed).toEqual([]);
    expect(choice).toMatchObject({ backend: 'wasm', cached: true });
    expect(again.active()).toBe('wasm');
    expect(choice.reason).toMatch(
      /12\.0 ms\/step against webgpu 40\.0 ms\/step .*kept for this device/,
    );
    // Another net, or another GPU, is measured anew.
    const cnn = netStepWorkload(defaultConfig('simple-conv'), {
      optimizer: 'sgd',
      batchSize: 100,
      sampleShape: [1, 28, 28],
      classes: 10,
    });
    const other = fakes({ webgpu: 1, wasm: 12 });
    expect(
      (
        await chooseMeasuredBackend({
          ...other.opts,
          gpu: gpu(adapter(false)),
          workload: cnn,
          cache,
        })
      ).backend,
    ).toBe('webgpu');
    const otherGpu = fakes({ webgpu: 1, wasm: 12 });
    const onOtherGpu = await chooseMeasuredBackend({
      ...otherGpu.opts,
      gpu: gpu(adapter(false, 'turing')),
      workload: mlp,
      cache,
    });
    expect(onOtherGpu).toMatchObject({ backend: 'webgpu', cached: false });
  });

  it('the cache key names the device, the candidates and the net shape, batch and rule', () => {
    const a = {
      isFallbackAdapter: false,
      vendor: 'nvidia',
      architecture: 'ampere',
      description: 'x',
      shaderF16: true,
    };
    expect(deviceKey(null)).toBe('no-webgpu');
    expect(deviceKey(a)).toBe('nvidia/ampere/x');
    expect(deviceKey({ ...a, architecture: 'turing' })).not.toBe(deviceKey(a));
    const key = (batchSize: number, optimizer: 'sgd' | 'adam', hidden = 50) =>
      netStepWorkload(
        { ...defaultConfig('two-layer'), hiddenSize: hidden },
        { optimizer, batchSize, sampleShape: [784], classes: 10 },
      ).key;
    const keys = new Set([key(100, 'sgd'), key(32, 'sgd'), key(100, 'adam'), key(100, 'sgd', 100)]);
    expect(keys.size).toBe(4);
    expect(key(100, 'sgd')).toBe(key(100, 'sgd'));
    expect(choiceKey(a, ['webgpu', 'wasm'], 'n')).not.toBe(choiceKey(a, ['wasm'], 'n'));
    expect(choiceKey(a, ['webgpu', 'wasm'], 'n')).toMatch(
      /^v\d+\|nvidia\/ampere\/x\|webgpu,wasm\|n$/,
    );
  });

  it('a software adapter (SwiftShader) is skipped without measuring, and the reason says so', async () => {
    const f = fakes({ webgpu: 1, wasm: 12 });
    const choice = await chooseMeasuredBackend({
      ...f.opts,
      gpu: gpu(adapter(true)),
      workload: mlp,
    });
    expect(f.timed).toEqual([]);
    expect(f.started).not.toContain('webgpu');
    expect(choice.backend).toBe('wasm');
    expect(choice.reason).toBe(
      'wasm chosen: the WebGPU adapter is a software fallback (swiftshader), far slower than wasm: skipped without measuring',
    );
    expect(choice.timings).toBeUndefined();
  });

  it('with several candidates and no net yet, the first runs for now and says it will measure', async () => {
    const f = fakes({ webgpu: 1, wasm: 12 });
    const choice = await chooseMeasuredBackend({ ...f.opts, gpu: gpu(adapter(false)) });
    expect(f.timed).toEqual([]);
    expect(choice).toMatchObject({ backend: 'webgpu', provisional: true });
    expect(choice.reason).toMatch(
      /^webgpu for now: webgpu and wasm \(nvidia ampere\) are timed on each net/,
    );
  });

  it('a backend that will not start, or fails its steps, is left out and named; cpu only as the last resort', async () => {
    const noGpu = fakes({ webgpu: 1, wasm: 12 }, ['webgpu']);
    const a = await chooseMeasuredBackend({
      ...noGpu.opts,
      gpu: gpu(adapter(false)),
      workload: mlp,
    });
    expect(noGpu.timed).toEqual([]);
    expect(a.backend).toBe('wasm');
    expect(a.reason).toMatch(/wasm chosen: webgpu failed \(webgpu will not start\)/);

    const cache = memoryChoiceCache();
    const failing = fakes({ wasm: 12 }); // webgpu starts but its step throws
    const b = await chooseMeasuredBackend({
      ...failing.opts,
      gpu: gpu(adapter(false)),
      workload: mlp,
      cache,
    });
    expect(b.backend).toBe('wasm');
    expect(b.reason).toMatch(/webgpu failed on TwoLayerNet, batch 100, sgd \(no webgpu step\)/);
    // A failed measurement is not kept.
    expect(await cache.get(choiceKey(b.adapter, ['webgpu', 'wasm'], mlp.key))).toBeUndefined();

    const lastResort = fakes({ cpu: 100 }, ['webgpu', 'wasm']);
    const c = await chooseMeasuredBackend({
      ...lastResort.opts,
      gpu: gpu(adapter(false)),
      workload: mlp,
    });
    expect(c.backend).toBe('cpu');
    expect(c.reason).toMatch(/webgpu failed .*wasm failed .*cpu chosen as the last resort/);
    const none = fakes({}, ['webgpu', 'wasm', 'cpu']);
    await expect(chooseMeasuredBackend({ ...none.opts, gpu: gpu(adapter(false)) })).rejects.toThrow(
      /No tfjs backend could start/,
    );
  });

  it('a cached backend that is no longer among those that start is measured again', async () => {
    const cache: BackendChoiceCache = memoryChoiceCache();
    const old: CachedChoice = {
      backend: 'webgpu',
      timings: [{ backend: 'webgpu', msPerStep: 1, firstStepMs: 9 }],
      measuredAt: '2020-01-01T00:00:00.000Z',
    };
    await cache.set(choiceKey(null, ['wasm', 'cpu'], mlp.key), old);
    const f = fakes({ wasm: 12, cpu: 50 });
    const c = await chooseMeasuredBackend({
      ...f.opts,
      gpu: null,
      candidates: () => ['wasm', 'cpu'],
      workload: mlp,
      cache,
    });
    expect(f.timed).toEqual(['wasm', 'cpu']);
    expect(c).toMatchObject({ backend: 'wasm', cached: false });
  });
});

describe('the measured choice on real backends', () => {
  beforeAll(async () => {
    await chooseBackend({ request: 'wasm', gpu: null });
  });
  afterAll(async () => {
    await chooseBackend({ request: 'wasm', gpu: null });
  });

  it('a forced backend is never measured (the `?backend=` choice)', async () => {
    let timed = 0;
    const choice = await chooseMeasuredBackend({
      request: 'cpu',
      gpu: gpu(adapter(false)),
      workload: mlp,
      time: async () => {
        timed++;
        return { msPerStep: 1, firstStepMs: 1 };
      },
    });
    expect(choice).toMatchObject({ backend: 'cpu', forced: true });
    expect(timed).toBe(0);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('times real training steps of a net without leaking a tensor or touching other tensors', async () => {
    await chooseBackend({ request: 'wasm', gpu: null });
    const before = tf.memory().numTensors;
    const t = await timeWorkload(mlp, { steps: 2 });
    expect(t.msPerStep).toBeGreaterThan(0);
    expect(t.firstStepMs).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('wasm against cpu on a TwoLayerNet: both timed, the faster active', async () => {
    const choice = await chooseMeasuredBackend({
      gpu: null,
      candidates: () => ['wasm', 'cpu'],
      workload: mlp,
      cache: null,
    });
    expect(choice.timings?.map((t) => t.backend).sort()).toEqual(['cpu', 'wasm']);
    expect(choice.timings?.[0].msPerStep).toBeLessThanOrEqual(choice.timings?.[1].msPerStep ?? 0);
    expect(tf.getBackend()).toBe(choice.backend);
    expect(choice.reason).toMatch(
      /chosen by measurement: .* ms\/step against (cpu|wasm) .* ms\/step, timed on TwoLayerNet/,
    );
  });

  it('a worker re-chooses per net only in automatic mode and not after a lost device', async () => {
    let timed = 0;
    const f = fakes({ webgpu: 40, wasm: 12 });
    const perRun = new BackendPerRun(async () => ({
      ...f.opts,
      gpu: gpu(adapter(false)),
      cache: null,
      time: async (w, name) => {
        timed++;
        return f.opts.time!(w, name);
      },
    }));
    const start = await perRun.init('auto');
    expect(start).toMatchObject({ backend: 'webgpu', provisional: true });
    const run = await perRun.forRun(mlp, start);
    expect(run).toMatchObject({ backend: 'wasm' });
    expect(timed).toBe(2);
    perRun.deviceLost();
    expect(await perRun.forRun(mlp, start)).toBeNull();
    const forced = await perRun.init('wasm');
    expect(forced.forced).toBe(true);
    expect(await perRun.forRun(mlp, forced)).toBeNull();
    expect(timed).toBe(2);
  });
});
