import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { stopOnCtrlC } from '../../src/cli/commands/experiment-training';
import { loadMnistNode } from '../../src/data/mnist-node';
import {
  type AccuracyCurvesProgress,
  accuracyCurves,
} from '../../src/nn/experiments/accuracy-curves';
import { misclassified } from '../../src/nn/experiments/misclassified';
import {
  type OptimizerPathsResult,
  optimizerPaths,
  pathObjective,
} from '../../src/nn/experiments/optimizer-paths';
import { trainingCurves } from '../../src/nn/experiments/training-curves';
import {
  type WeightInitActivationsResult,
  weightInitActivations,
} from '../../src/nn/experiments/weight-init-activations';
import { createNet } from '../../src/nn/nets';
import { RunControl } from '../../src/nn/run-control';

describe('experiment optimizer-paths (fig. 6-8)', () => {
  let r: OptimizerPathsResult;
  beforeAll(() => {
    r = optimizerPaths();
  });

  it('starts every path at (-7, 2) and takes 30 steps downhill overall', () => {
    for (const p of r.paths) {
      expect(p.points).toHaveLength(31);
      expect(p.points[0]).toEqual([-7, 2]);
      expect(p.finalValue).toBeLessThan(pathObjective(-7, 2) / 10);
    }
  });

  it('SGD zig-zags in y (the steep direction) while creeping along x, as in the book', () => {
    const sgd = r.paths.find((p) => p.optimizer === 'sgd')!;
    let signChanges = 0;
    for (let i = 1; i < sgd.points.length; i++)
      if (Math.sign(sgd.points[i][1]) !== Math.sign(sgd.points[i - 1][1])) signChanges++;
    expect(signChanges).toBeGreaterThan(20);
    // x moves monotonically towards 0 by a fixed fraction (1 - 0.95/10) a step.
    expect(sgd.points[1][0]).toBeCloseTo(-7 * (1 - 0.095), 4);
  });

  it('is the same every run', () => {
    expect(optimizerPaths()).toEqual(r);
  });
});

describe('experiment weight-init-activations (figs. 6-10 to 6-14)', () => {
  let r: WeightInitActivationsResult;
  beforeAll(() => {
    r = weightInitActivations({ seed: 1 });
  });
  const byLabel = (label: string) => r.cases.find((c) => c.label === label)!;
  const lastStd = (label: string) => byLabel(label).histograms[4].std;
  const outerFraction = (label: string) => {
    const h = byLabel(label).histograms[4];
    const n = h.counts.reduce((a, b) => a + b, 0);
    return (h.counts[0] + h.counts[h.counts.length - 1]) / n;
  };

  it('histograms every layer of every case, counting every activation once', () => {
    expect(r.cases).toHaveLength(7);
    for (const c of r.cases) {
      expect(c.histograms).toHaveLength(5);
      for (const h of c.histograms) expect(h.counts.reduce((a, b) => a + b, 0)).toBe(1000 * 100);
    }
  });

  it('std 1 saturates sigmoid at 0 and 1; std 0.01 collapses it near 0.5; Xavier spreads it', () => {
    expect(outerFraction('sigmoid, std 1')).toBeGreaterThan(0.5);
    expect(lastStd('sigmoid, std 0.01')).toBeLessThan(0.05);
    expect(lastStd('sigmoid, Xavier')).toBeGreaterThan(2 * lastStd('sigmoid, std 0.01'));
    expect(outerFraction('sigmoid, Xavier')).toBeLessThan(0.1);
  });

  it('ReLU: std 0.01 dies out, Xavier fades with depth, He keeps the spread', () => {
    expect(lastStd('ReLU, std 0.01')).toBeLessThan(1e-3);
    const xavier = byLabel('ReLU, Xavier').histograms;
    expect(xavier[4].std).toBeLessThan(xavier[0].std / 2);
    const he = byLabel('ReLU, He').histograms;
    expect(he[4].std).toBeGreaterThan(he[0].std / 2);
  });

  it('is deterministic for a seed', () => {
    expect(weightInitActivations({ seed: 1 })).toEqual(r);
  });
});

describe('experiments optimizer-compare and weight-init-compare (figs. 6-9, 6-15)', () => {
  it('trains every variant for the same steps and records each loss', async () => {
    const { train, test } = await loadMnistNode({ trainSize: 1000, testSize: 200 });
    const r = await trainingCurves('weight-init-compare', train, test, {
      iterations: 150,
      batchSize: 64,
      seed: 2,
    });
    expect(r.variants.map((v) => v.label)).toEqual(['std 0.01', 'Xavier', 'He']);
    for (const v of r.variants) {
      expect(v.losses).toHaveLength(150);
      expect(v.smoothed).toHaveLength(150);
      expect(v.testAccuracy).toBeGreaterThanOrEqual(0);
    }
    // The book's point: std 0.01 barely moves the loss (it stays near ln 10 = 2.30); He moves it.
    const byLabel = (l: string) => r.variants.find((v) => v.label === l)!;
    expect(Math.abs(byLabel('std 0.01').smoothed[149] - Math.log(10))).toBeLessThan(0.01);
    expect(byLabel('He').smoothed[149]).toBeLessThan(byLabel('std 0.01').smoothed[149] - 0.15);
    expect(r.stopped).toBe(false);
  });

  it('a stop ends the run at a step boundary with the curves so far, and frees every tensor', async () => {
    const { train, test } = await loadMnistNode({ trainSize: 1000, testSize: 200 });
    const opts = { iterations: 40, batchSize: 64, seed: 2 };
    const full = await trainingCurves('weight-init-compare', train, test, opts);
    const before = tf.memory().numTensors;
    const control = new RunControl();
    const r = await trainingCurves('weight-init-compare', train, test, {
      ...opts,
      control,
      onProgress: (p) => {
        if (p.variant === 'Xavier' && p.iteration === 15) control.stop();
      },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.stopped).toBe(true);
    // The first variant whole, the second up to the step the stop came after, no third.
    expect(r.variants.map((v) => v.label)).toEqual(['std 0.01', 'Xavier']);
    expect(r.variants[0]).toEqual(full.variants[0]);
    expect(r.variants[1].losses).toEqual(full.variants[1].losses.slice(0, 15));
  });

  it('a pause holds the run between steps and changes no number; a stop before the start trains nothing', async () => {
    const { train, test } = await loadMnistNode({ trainSize: 1000, testSize: 200 });
    const opts = { iterations: 20, batchSize: 64, seed: 3 };
    const plain = await trainingCurves('optimizer-compare', train, test, opts);
    const control = new RunControl();
    let paused = false;
    const r = await trainingCurves('optimizer-compare', train, test, {
      ...opts,
      control,
      onProgress: (p) => {
        if (p.done === 25 && !paused) {
          paused = true;
          control.pause();
          setTimeout(() => control.resume(), 50);
        }
      },
    });
    expect(paused).toBe(true);
    expect(r).toEqual(plain);
    const stopped = new RunControl();
    stopped.stop();
    const none = await trainingCurves('optimizer-compare', train, test, {
      ...opts,
      control: stopped,
    });
    expect(none).toMatchObject({ stopped: true, variants: [] });
  });
});

describe('experiment batch-norm (fig. 6-19)', () => {
  it('records per-epoch accuracy with and without batch norm, and a blow-up as such', async () => {
    const { train, test } = await loadMnistNode({ trainSize: 1000, testSize: 1000 });
    const streamed: AccuracyCurvesProgress[] = [];
    const r = await accuracyCurves('batch-norm', train, test, {
      epochs: 2,
      scales: [1, 0.01],
      onProgress: (p) => streamed.push(p),
    });
    // The progress carries each epoch's accuracies, so the page draws them as they come.
    for (const [i, v] of r.variants.entries()) {
      const mine = streamed.filter((p) => p.index === i);
      expect(mine.map((p) => p.trainAccuracy)).toEqual(v.trainAccuracy);
      expect(mine.map((p) => p.testAccuracy)).toEqual(v.testAccuracy);
      for (const p of mine) expect(p).toMatchObject({ scale: v.scale, batchNorm: v.batchNorm });
    }
    expect(streamed.every((p) => p.epochs === 2)).toBe(true);
    expect(r.variants.map((v) => [v.batchNorm, v.scale])).toEqual([
      [true, 1],
      [false, 1],
      [true, 0.01],
      [false, 0.01],
    ]);
    const [bnLarge, plainLarge, bnSmall, plainSmall] = r.variants;
    // Without batch norm, std 1 overflows within a few steps; the curve stops and says where.
    expect(plainLarge.diverged).toBeGreaterThan(0);
    expect(plainLarge.trainAccuracy).toEqual([]);
    for (const v of [bnLarge, bnSmall, plainSmall]) {
      expect(v.diverged).toBeNull();
      expect(v.trainAccuracy).toHaveLength(2);
    }
    // With std 0.01 the plain net is stuck at chance; batch norm learns.
    expect(plainSmall.trainAccuracy[1]).toBeLessThan(0.2);
    expect(bnSmall.trainAccuracy[1]).toBeGreaterThan(0.5);
    expect(r.stopped).toBe(false);
  });

  it('a stop keeps the epochs so far, starts no other variant, and frees every tensor', async () => {
    const { train, test } = await loadMnistNode({ trainSize: 1000, testSize: 1000 });
    const before = tf.memory().numTensors;
    const control = new RunControl();
    const r = await accuracyCurves('batch-norm', train, test, {
      epochs: 3,
      scales: [0.01],
      control,
      onProgress: (p) => {
        if (p.done === 2) control.stop();
      },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.stopped).toBe(true);
    expect(r.variants).toHaveLength(1);
    expect(r.variants[0]).toMatchObject({ batchNorm: true, scale: 0.01, diverged: null });
    expect(r.variants[0].trainAccuracy).toHaveLength(2);
  });
});

describe('experiment misclassified (fig. 8-3) stopped', () => {
  it('a stop between batches counts only the images classified so far', async () => {
    const { test } = await loadMnistNode({ trainSize: 1, testSize: 1000 });
    const net = createNet(
      {
        kind: 'multi-layer',
        inputSize: 784,
        hiddenSizes: [20],
        outputSize: 10,
        activation: 'relu',
        init: 'he',
        weightDecay: 0,
      },
      0,
    );
    try {
      const full = await misclassified(net, test, { batchSize: 100 });
      expect(full).toMatchObject({ total: 1000, stopped: false });
      const before = tf.memory().numTensors;
      const control = new RunControl();
      const r = await misclassified(net, test, {
        batchSize: 100,
        control,
        onProgress: (done) => {
          if (done === 300) control.stop();
        },
      });
      expect(tf.memory().numTensors).toBe(before);
      expect(r).toMatchObject({ total: 300, stopped: true });
      expect(r.wrong).toEqual(full.wrong.filter((w) => w.index < 300));
      expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBe(300);
      expect(r.accuracy).toBeCloseTo(1 - r.errors / 300, 10);
    } finally {
      net.dispose();
    }
  });
});

describe('the CLI experiments on Ctrl-C', () => {
  it('the first Ctrl-C stops the run (which still writes its result); the next one quits', () => {
    const control = new RunControl();
    const listeners = process.listenerCount('SIGINT');
    const said: unknown[] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => said.push(...args);
    try {
      const undo = stopOnCtrlC(control, 'the curves so far');
      expect(process.listenerCount('SIGINT')).toBe(listeners + 1);
      process.emit('SIGINT');
      expect(control.stopped).toBe(true);
      expect(said.join(' ')).toMatch(/stopping: writing the curves so far/);
      // Its listener is gone: a second Ctrl-C gets Node's default, quitting at once.
      expect(process.listenerCount('SIGINT')).toBe(listeners);
      undo();
      expect(process.listenerCount('SIGINT')).toBe(listeners);
    } finally {
      console.error = error;
    }
  });
});
