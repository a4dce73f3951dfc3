/**
 * Gradient check of every net (book ch. 5.7.3): the hand-written backward against central
 * differences of the float32 loss. Settings are GRADIENT_CHECK in src/nn/gradient.ts:
 * h = 1e-3, relative error |a - n| / max(|a| + |n|, 1e-2). Per parameter, the median relative
 * error must stay under 5e-2 (a wrong backward gives ~1) and the mean absolute difference
 * under 1e-3 (5e-3 for DeepConvNet); the maximum is bounded more loosely because a ±h step can cross a ReLU or
 * max-pool kink, where the numerical derivative itself is wrong.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { GRADIENT_CHECK, gradientCheck } from '../../src/nn/gradient';
import { createNet, defaultConfig, type NetConfig } from '../../src/nn/nets';
import { Rng } from '../../src/nn/rng';

function inputs(net: { inputShape: readonly number[] }, n: number, seed: number) {
  const size = net.inputShape.reduce((a, b) => a * b, 1);
  const rng = new Rng(seed);
  const x = tf.tensor(
    Float32Array.from({ length: n * size }, () => rng.next()),
    [n, ...net.inputShape],
  );
  const t = tf.tensor1d(
    Int32Array.from({ length: n }, () => rng.int(10)),
    'int32',
  );
  return { x, t };
}

const cases: Array<{
  name: string;
  config: NetConfig;
  batch: number;
  samples: number;
  maxBound: number;
  meanAbsBound?: number;
}> = [
  { name: 'TwoLayerNet', config: defaultConfig('two-layer'), batch: 4, samples: 40, maxBound: 0.1 },
  {
    name: 'TwoLayerNet (sigmoid, ch. 4)',
    config: { ...defaultConfig('two-layer'), activation: 'sigmoid', init: 0.01 } as NetConfig,
    batch: 4,
    samples: 40,
    maxBound: 0.1,
  },
  {
    name: 'MultiLayerNet with weight decay',
    config: {
      ...defaultConfig('multi-layer'),
      hiddenSizes: [30, 20],
      weightDecay: 0.1,
    } as NetConfig,
    batch: 4,
    samples: 30,
    maxBound: 0.1,
  },
  {
    name: 'MultiLayerNetExtend with batch norm and dropout',
    config: {
      ...defaultConfig('multi-layer-extend'),
      hiddenSizes: [30, 20],
      activation: 'tanh',
      batchNorm: true,
      dropoutRatio: 0.2,
      weightDecay: 0.01,
    } as NetConfig,
    batch: 8,
    samples: 20,
    maxBound: 0.5,
  },
  {
    name: 'SimpleConvNet',
    config: defaultConfig('simple-conv'),
    batch: 2,
    samples: 12,
    maxBound: 0.3,
  },
  {
    name: "SimpleConvNet on the im2col path (the book's Convolution and Pooling)",
    config: { ...defaultConfig('simple-conv'), convPath: 'im2col' },
    batch: 2,
    samples: 12,
    maxBound: 0.3,
  },
  {
    name: 'DeepConvNet (with dropout)',
    config: defaultConfig('deep-conv'),
    batch: 2,
    samples: 4,
    maxBound: 0.5,
    // Conv biases sum over every position of a 28x28 map: gradients ~1, so larger absolute noise.
    meanAbsBound: 5e-3,
  },
];

describe('gradient check of every net (float32)', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const net = createNet(c.config, 3);
      const { x, t } = inputs(net, c.batch, 4);
      const results = await gradientCheck(net, x, t, { samplesPerParam: c.samples, seed: 5 });
      expect(results.map((r) => r.name)).toEqual([...net.params.keys()]);
      for (const r of results) {
        expect(r.checked, r.name).toBeGreaterThan(0);
        expect(r.medianRelError, `${r.name} median`).toBeLessThan(GRADIENT_CHECK.tolerance);
        expect(r.meanAbsError, `${r.name} mean abs`).toBeLessThan(c.meanAbsBound ?? 1e-3);
        expect(r.maxRelError, `${r.name} max`).toBeLessThan(c.maxBound);
      }
      x.dispose();
      t.dispose();
      net.dispose();
    });
  }

  it('catches a wrong backward', async () => {
    // Sanity of the check itself: halve one parameter's gradient and the check must flag it.
    const net = createNet(defaultConfig('two-layer'), 3);
    const { x, t } = inputs(net, 4, 4);
    const original = net.gradient.bind(net);
    net.gradient = (xi, ti) => {
      const g = original(xi, ti);
      const w2 = g.grads.get('W2')!;
      g.grads.set('W2', tf.mul(w2, 0.5));
      w2.dispose();
      return g;
    };
    const results = await gradientCheck(net, x, t, { samplesPerParam: 20 });
    const w2 = results.find((r) => r.name === 'W2')!;
    expect(w2.medianRelError).toBeGreaterThan(2 * GRADIENT_CHECK.tolerance);
    expect(results.find((r) => r.name === 'W1')!.medianRelError).toBeLessThan(
      GRADIENT_CHECK.tolerance,
    );
    x.dispose();
    t.dispose();
    net.dispose();
  });
});
