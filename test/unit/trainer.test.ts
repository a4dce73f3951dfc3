import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnistNode } from '../../src/data/mnist-node';
import type { LabeledData } from '../../src/nn/dataset';
import { createNet, defaultConfig, type NetConfig } from '../../src/nn/nets';
import { createOptimizer, OPTIMIZER_NAMES } from '../../src/nn/optimizers';
import { Trainer, TrainingDiverged } from '../../src/nn/trainer';

let train: LabeledData;
let test: LabeledData;

beforeAll(async () => {
  ({ train, test } = await loadMnistNode({ trainSize: 5000 }));
});

async function weights(net: { params: Map<string, tf.Variable> }): Promise<Float32Array[]> {
  return Promise.all([...net.params.values()].map(async (p) => (await p.data()) as Float32Array));
}

describe('Trainer', () => {
  it('TwoLayerNet on 5,000 MNIST images beats 90% on the 10,000 test images', async () => {
    const net = createNet(defaultConfig('two-layer'), 1);
    const optimizer = createOptimizer('sgd', 0.1);
    const events: string[] = [];
    const trainer = new Trainer(net, optimizer, train, test, {
      batchSize: 100,
      epochs: 20,
      seed: 1,
      onProgress: (e) => events.push(e.type),
    });
    const result = await trainer.run();
    expect(result.iterations).toBe(1000);
    expect(result.epochs).toHaveLength(20);
    expect(events.filter((e) => e === 'step')).toHaveLength(1000);
    const last = result.epochs[result.epochs.length - 1];
    expect(last.testAccuracy).toBeGreaterThan(0.9);
    expect(last.trainAccuracy).toBeGreaterThan(0.9);
    // Loss falls: the mean of the last 50 steps is well under the first 50.
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(result.losses.slice(-50))).toBeLessThan(0.5 * mean(result.losses.slice(0, 50)));
    net.dispose();
    optimizer.dispose();
  });

  const memoryCases: Array<[string, NetConfig]> = [
    ['two-layer', defaultConfig('two-layer')],
    ['multi-layer', { ...defaultConfig('multi-layer'), weightDecay: 0.01 } as NetConfig],
    [
      'multi-layer-extend',
      { ...defaultConfig('multi-layer-extend'), batchNorm: true, dropoutRatio: 0.3 } as NetConfig,
    ],
    ['simple-conv', defaultConfig('simple-conv')],
    ['deep-conv', defaultConfig('deep-conv')],
  ];
  memoryCases.forEach(([name, config], i) => {
    const optimizerName = OPTIMIZER_NAMES[(i + 1) % OPTIMIZER_NAMES.length];
    it(`${name} with ${optimizerName}: tf.memory().numTensors does not grow over 100 steps`, async () => {
      const conv = config.kind === 'simple-conv' || config.kind === 'deep-conv';
      const small: LabeledData = {
        ...train,
        x: train.x.subarray(0, (conv ? 4 : 200) * 784),
        labels: train.labels.subarray(0, conv ? 4 : 200),
        count: conv ? 4 : 200,
      };
      const net = createNet(config, 2);
      const optimizer = createOptimizer(optimizerName);
      const counts: number[] = [];
      const trainer = new Trainer(
        net,
        optimizer,
        small,
        {
          ...small,
          count: 2,
          x: small.x.subarray(0, 2 * 784),
          labels: small.labels.subarray(0, 2),
        },
        {
          batchSize: conv ? 2 : 20,
          iterations: 100,
          seed: 3,
          onProgress: (e) => {
            if (e.type === 'step') counts.push(tf.memory().numTensors);
          },
        },
      );
      await trainer.run();
      expect(counts).toHaveLength(100);
      // After the first step has created optimizer slots and im2col tables, nothing grows.
      expect(counts[99]).toBe(counts[1]);
      net.dispose();
      optimizer.dispose();
    });
  });

  it('is deterministic for a seed (batch order, init, dropout), and seeds differ', async () => {
    const config = {
      ...defaultConfig('multi-layer-extend'),
      hiddenSizes: [50],
      dropoutRatio: 0.2,
    } as NetConfig;
    const run = async (seed: number) => {
      const net = createNet(config, seed);
      const optimizer = createOptimizer('adam');
      const r = await new Trainer(net, optimizer, train, test, {
        batchSize: 50,
        iterations: 30,
        seed,
        evalSamples: 500,
      }).run();
      const w = await weights(net);
      net.dispose();
      optimizer.dispose();
      return { losses: r.losses, w };
    };
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    expect(b.losses).toEqual(a.losses);
    expect(b.w).toEqual(a.w);
    expect(c.losses).not.toEqual(a.losses);
  });

  it('stops on a NaN/Inf loss with a clear error and keeps the last good weights', async () => {
    const net = createNet(
      { ...defaultConfig('multi-layer'), hiddenSizes: [50], init: 'he' } as NetConfig,
      4,
    );
    // A learning rate this large pushes the weights past float32's range within a few steps.
    const optimizer = createOptimizer('sgd', 1e35);
    let lastGood: Float32Array[] = [];
    let steps = 0;
    const trainer = new Trainer(net, optimizer, train, test, {
      batchSize: 100,
      iterations: 200,
      seed: 4,
      onProgress: (e) => {
        if (e.type === 'step') steps = e.iteration;
      },
    });
    // Snapshot the weights after every applied step (before the next one runs).
    const update = optimizer.update.bind(optimizer);
    optimizer.update = (p, g) => {
      update(p, g);
      lastGood = [...p.values()].map((v) => v.dataSync().slice() as Float32Array);
    };
    const error = await trainer.run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TrainingDiverged);
    expect((error as TrainingDiverged).message).toMatch(/loss became (NaN|Infinity|-Infinity)/);
    expect((error as TrainingDiverged).iteration).toBe(steps + 1);
    const now = await weights(net);
    expect(now).toEqual(lastGood);
    for (const w of now) expect(w.every(Number.isFinite)).toBe(true);
    net.dispose();
    optimizer.dispose();
  });

  it('lossEvery: reads the loss every N steps and rolls a NaN back to the last checked weights', async () => {
    const net = createNet(
      { ...defaultConfig('multi-layer'), hiddenSizes: [50], init: 'he' } as NetConfig,
      4,
    );
    const optimizer = createOptimizer('sgd', 0.1);
    const checks: number[] = [];
    let atCheck: Float32Array[] = [];
    const before = tf.memory().numTensors;
    const trainer = new Trainer(net, optimizer, train, test, {
      batchSize: 100,
      iterations: 200,
      seed: 4,
      lossEvery: 3,
      afterCheck: async (it) => {
        checks.push(it);
        atCheck = await weights(net);
        // From step 10 on, a rate this large overflows float32 within the unchecked steps.
        if (it === 9) optimizer.lr = 1e35;
      },
    });
    const error = await trainer.run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TrainingDiverged);
    const diverged = error as TrainingDiverged;
    expect(checks).toEqual([3, 6, 9]);
    expect(diverged.iteration).toBe(12);
    expect(diverged.keptIteration).toBe(9);
    expect(diverged.message).toMatch(/weights of step 9 are kept/);
    const now = await weights(net);
    expect(now).toEqual(atCheck);
    for (const w of now) expect(w.every(Number.isFinite)).toBe(true);
    // The snapshot copies are freed.
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
    optimizer.dispose();
  });

  it('lossEvery: step events only at checks and at the last step; same weights as checking every step', async () => {
    const run = async (lossEvery: number) => {
      const net = createNet(defaultConfig('two-layer'), 6);
      const optimizer = createOptimizer('momentum', 0.05);
      const stepsSeen: number[] = [];
      const r = await new Trainer(net, optimizer, train, test, {
        batchSize: 100,
        iterations: 25,
        seed: 6,
        evalSamples: 200,
        lossEvery,
        onProgress: (e) => {
          if (e.type === 'step') stepsSeen.push(e.iteration);
        },
      }).run();
      const w = await weights(net);
      net.dispose();
      optimizer.dispose();
      return { r, w, stepsSeen };
    };
    const every = await run(1);
    const sparse = await run(10);
    expect(sparse.stepsSeen).toEqual([10, 20, 25]);
    expect(sparse.r.losses).toEqual([9, 19, 24].map((i) => every.r.losses[i]));
    expect(sparse.w).toEqual(every.w);
  });

  it('startIteration resumes with the same batch order as an uninterrupted run', async () => {
    const small: LabeledData = {
      ...train,
      count: 500,
      x: train.x.subarray(0, 500 * 784),
      labels: train.labels.subarray(0, 500),
    };
    const net = () => createNet(defaultConfig('two-layer'), 7);
    const whole = net();
    const optA = createOptimizer('sgd', 0.1);
    const a = await new Trainer(whole, optA, small, test, {
      batchSize: 50,
      iterations: 35,
      seed: 7,
      evalSamples: 100,
    }).run();
    const split = net();
    const optB = createOptimizer('sgd', 0.1);
    const b1 = await new Trainer(split, optB, small, test, {
      batchSize: 50,
      iterations: 20,
      seed: 7,
      evalSamples: 100,
    }).run();
    const b2 = await new Trainer(split, optB, small, test, {
      batchSize: 50,
      iterations: 35,
      seed: 7,
      evalSamples: 100,
      startIteration: 20,
    }).run();
    expect(b2.iterations).toBe(35);
    expect([...b1.losses, ...b2.losses]).toEqual(a.losses);
    expect(b2.epochs.map((e) => e.epoch)).toEqual([3, 4]);
    expect(b2.epochs).toEqual(a.epochs.slice(2));
    expect(await weights(split)).toEqual(await weights(whole));
    for (const n of [whole, split]) n.dispose();
    optA.dispose();
    optB.dispose();
  });

  it('pauses, resumes and stops', async () => {
    const net = createNet(defaultConfig('two-layer'), 5);
    const optimizer = createOptimizer('sgd', 0.1);
    let trainer: Trainer | null = null;
    let pausedAt = -1;
    const seen: number[] = [];
    trainer = new Trainer(net, optimizer, train, test, {
      batchSize: 50,
      iterations: 1000,
      seed: 5,
      evalSamples: 100,
      onProgress: (e) => {
        if (e.type !== 'step') return;
        seen.push(e.iteration);
        if (e.iteration === 5) {
          trainer!.control.pause();
          pausedAt = e.iteration;
        }
        if (e.iteration === 20) trainer!.control.stop();
      },
    });
    const done = trainer.run();
    await new Promise((r) => setTimeout(r, 300));
    expect(trainer.control.paused).toBe(true);
    expect(seen[seen.length - 1]).toBe(pausedAt);
    trainer.control.resume();
    const result = await done;
    expect(result.stopped).toBe(true);
    expect(result.iterations).toBe(20);
    net.dispose();
    optimizer.dispose();
  });

  it('rejects bad settings with clear errors', () => {
    const net = createNet(defaultConfig('two-layer'), 0);
    const optimizer = createOptimizer('sgd');
    expect(() => new Trainer(net, optimizer, train, test, { batchSize: 0, seed: 0 })).toThrow(
      /batch size/,
    );
    expect(
      () =>
        new Trainer(net, optimizer, { ...train, count: train.count + 1 }, test, {
          batchSize: 10,
          seed: 0,
        }),
    ).toThrow(/training set/);
    expect(
      () =>
        new Trainer(net, optimizer, train, test, { batchSize: 10, seed: 0, iterations: 0 })
          .totalIterations,
    ).toThrow(/iterations/);
    expect(() => createOptimizer('adam', -1)).toThrow(/learning rate/);
    net.dispose();
  });
});
