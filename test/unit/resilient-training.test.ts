/**
 * The resilient training run without a worker: a device loss mid-run falls back to the next
 * backend from the last host copy of the weights; a NaN run keeps finite weights; a stop ends it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMnistNode } from '../../src/data/mnist-node';
import { type BackendChoice, chooseBackend } from '../../src/nn/backend';
import { head, type LabeledData } from '../../src/nn/dataset';
import { DeviceWatch } from '../../src/nn/device-loss';
import { evaluate } from '../../src/nn/evaluate';
import { createNet, defaultConfig } from '../../src/nn/nets';
import { createOptimizer } from '../../src/nn/optimizers';
import { type BackendChange, ResilientTraining } from '../../src/nn/resilient-training';
import { RunControl } from '../../src/nn/run-control';

let train: LabeledData;
let test: LabeledData;
let wasm: BackendChoice;

beforeAll(async () => {
  ({ train, test } = await loadMnistNode({ trainSize: 2000 }));
  test = head(test, 500);
  wasm = await chooseBackend({ request: 'wasm' });
});

afterAll(async () => {
  await chooseBackend({ request: 'wasm' });
});

const settings = { batchSize: 100, iterations: 30, seed: 3, evalSamples: 300 };
const switchBackend = (backend: 'wasm' | 'cpu' | 'webgpu') =>
  chooseBackend({ request: backend, gpu: null });

describe('ResilientTraining', () => {
  it('a device loss after 25 steps goes on on cpu from the host copy of step 20', async () => {
    await chooseBackend({ request: 'wasm' });
    const net = createNet(defaultConfig('two-layer'), 1);
    const device = new DeviceWatch();
    device.watch(wasm);
    device.inject(25);
    const changes: BackendChange[] = [];
    let atChange: { accuracy: number; loss: number } | null = null;
    const steps: number[] = [];
    const run = new ResilientTraining(net, createOptimizer('adam', 0.001), {
      settings,
      train,
      test,
      backend: wasm,
      switchBackend,
      device,
      hostSnapshotEvery: 10,
      onProgress: (e) => {
        if (e.type === 'step') steps.push(e.iteration);
      },
      onBackendChange: async (change) => {
        changes.push(change);
        atChange = await evaluate(run.net, test);
      },
    });
    const result = await run.run();
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ iteration: 20, choice: { backend: 'cpu' } });
    expect(changes[0].message).toMatch(
      /^The wasm device was lost \(the GPU device was lost \(injected by a test\)\)\. Training goes on on cpu from the weights saved after step 20 \(adam's running averages start afresh\)\.$/,
    );
    expect(tf.getBackend()).toBe('cpu');
    expect(run.backend.backend).toBe('cpu');
    expect(run.net).not.toBe(net);
    expect(atChange).not.toBeNull();
    // Steps 21..25 run again after the fallback, with the same batches; the run ends at 30.
    expect(steps.slice(0, 25)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(steps.slice(25)).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
    expect(result).toMatchObject({ iterations: 30, stopped: false });
    expect(result.diverged).toBeUndefined();
    expect(result.testAccuracy).toBeGreaterThan(0.5);
    run.net.dispose();
    run.optimizer.dispose();
  });

  it('with no backend left, the device loss is thrown', async () => {
    const cpu = await chooseBackend({ request: 'cpu' });
    const device = new DeviceWatch();
    device.inject(2);
    const run = new ResilientTraining(
      createNet(defaultConfig('two-layer'), 2),
      createOptimizer('sgd', 0.1),
      { settings, train, test, backend: cpu, switchBackend, device },
    );
    await expect(run.run()).rejects.toThrow(/Device lost: .*injected by a test/);
    run.net.dispose();
    run.optimizer.dispose();
    await chooseBackend({ request: 'wasm' });
  });

  it('a NaN run ends with `diverged` and finite weights', async () => {
    const run = new ResilientTraining(
      createNet(defaultConfig('two-layer'), 4),
      createOptimizer('sgd', 1e35),
      { settings: { ...settings, iterations: 200 }, train, test, backend: wasm, switchBackend },
    );
    const result = await run.run();
    expect(result.diverged).toMatch(
      /^training stopped at step \d+: the loss became (NaN|Infinity|-Infinity)\. The weights of step \d+ are kept/,
    );
    expect(result.iterations).toBeLessThan(200);
    for (const v of run.net.params.values())
      expect(((await v.data()) as Float32Array).every(Number.isFinite)).toBe(true);
    run.net.dispose();
    run.optimizer.dispose();
  });

  it('stops at a step boundary through its RunControl', async () => {
    const control = new RunControl();
    const run = new ResilientTraining(
      createNet(defaultConfig('two-layer'), 5),
      createOptimizer('sgd', 0.1),
      {
        settings: { ...settings, iterations: 1000 },
        train,
        test,
        backend: wasm,
        switchBackend,
        control,
        onProgress: (e) => {
          if (e.type === 'step' && e.iteration === 12) control.stop();
        },
      },
    );
    const result = await run.run();
    expect(result).toMatchObject({ iterations: 12, stopped: true });
    run.net.dispose();
    run.optimizer.dispose();
  });
});
