/**
 * Fast style transfer: the residual block held to tf.grads of a reference made of tfjs's own
 * kernels and to central differences; the whole transformer's weight gradients to central
 * differences; its files (round trip and refusals); the content sampler's determinism; and the
 * training loop (losses fall, no tensor leak, the same seed gives the same run, a non-finite
 * loss stops it with the weights untouched).
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend } from '../../../src/nn/backend';
import { ReflectionPad } from '../../../src/nn/layers/reflection-pad';
import { Rng } from '../../../src/nn/rng';
import { RunControl } from '../../../src/nn/run-control';
import { contentScene } from '../../../src/vision/style/content-scenes';
import { ContentSampler } from '../../../src/vision/style/fast/content-sampler';
import { trainFastStyle } from '../../../src/vision/style/fast/fast-style-training';
import { ResidualBlock } from '../../../src/vision/style/fast/residual-block';
import { StyleTransformer } from '../../../src/vision/style/fast/style-transformer';
import type { StyleTransformerConfig } from '../../../src/vision/style/fast/transformer-config';
import {
  loadStyleTransformer,
  saveStyleTransformer,
} from '../../../src/vision/style/fast/transformer-file';
import { randomFeatureNet } from '../../../src/vision/style/random-features';
import { imageToTensor } from '../../../src/vision/style/style-image';
import { shippedStyle } from '../../../src/vision/style/styles';
import { checkAgainstAutodiff, checkLayerNumerically } from '../../helpers/layer-checks';
import { expectClose, randn } from '../../helpers/tensors';

beforeAll(async () => {
  await chooseBackend({ request: 'cpu' });
});

const TINY: StyleTransformerConfig = {
  kind: 'style-transformer',
  channels: [3, 4, 5],
  residualBlocks: 1,
  edgeKernel: 3,
};

/** Every γ and β of a layer set to seeded random values, so no branch starts switched off. */
function randomiseNorms(params: ReadonlyMap<string, tf.Variable>, seed: number): void {
  const rng = new Rng(seed);
  for (const [name, p] of params)
    if (name.startsWith('gamma') || name.startsWith('beta'))
      p.assign(
        tf.add(tf.tensor(rng.normalArray(p.size, 0.5), p.shape), name.startsWith('gamma') ? 1 : 0),
      );
}

const conv = (x: tf.Tensor, W: tf.Tensor, b: tf.Tensor) =>
  tf.add(tf.conv2d(x as tf.Tensor4D, tf.transpose(W, [2, 3, 1, 0]) as tf.Tensor4D, 1, 'same'), b);
const instNorm = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
  // (tf.moments has no usable gradient in tfjs 4.22: the mean and variance written out.)
  const mean = tf.mean(x, [1, 2], true);
  const variance = tf.mean(tf.square(tf.sub(x, mean)), [1, 2], true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b);
};

describe('ResidualBlock', () => {
  it('matches tf.grads of x + IN(conv(relu(IN(conv(x))))) and central differences', () => {
    const block = new ResidualBlock('r', 4, new Rng(3));
    randomiseNorms(block.params, 4);
    const x = randn([2, 6, 5, 4], 9);
    checkAgainstAutodiff(block, x, (xin, Wa, ba, ga, bea, Wb, bb, gb, beb) =>
      tf.add(xin, instNorm(conv(tf.relu(instNorm(conv(xin, Wa, ba), ga, bea)), Wb, bb), gb, beb)),
    );
    // A small step: a ReLU kink inside ±h would make the difference quotient meaningless.
    checkLayerNumerically(block, x, 12, 2e-3);
    block.dispose();
  });

  it('starts as the identity (zero γ on the branch), and building it leaves only its weights', () => {
    const before = tf.memory().numTensors;
    const block = new ResidualBlock('r', 4, new Rng(3));
    // Its weights, and each convolution's filter in the kernels' layout (derived-weight.ts).
    const convolutions = 2;
    expect(tf.memory().numTensors - before).toBe(block.params.size + convolutions);
    const x = randn([1, 4, 4, 4], 2);
    const built = tf.memory().numTensors;
    tf.tidy(() => expectClose(block.forward(x, false), x, 1e-6, 1e-6));
    expect(tf.memory().numTensors).toBe(built);
    block.dispose();
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

/** Reflection padding by gathers: tf.mirrorPad's gradient in tfjs 4.22 drops the mirrored parts. */
function reflectByGather(x: tf.Tensor, p: number): tf.Tensor {
  const index = (n: number) =>
    tf.tensor1d(
      Int32Array.from({ length: n + 2 * p }, (_, i) => {
        const j = i - p;
        return j < 0 ? -j : j >= n ? 2 * (n - 1) - j : j;
      }),
      'int32',
    );
  return tf.gather(tf.gather(x, index(x.shape[1] as number), 1), index(x.shape[2] as number), 2);
}

/** The net's forward made of its layers' forwards, but tf.grads-safe reflection padding. */
function referenceForward(net: StyleTransformer, x: tf.Tensor): tf.Tensor {
  let y = x;
  for (const layer of net.layers)
    y = layer instanceof ReflectionPad ? reflectByGather(y, layer.pad) : layer.forward(y, false);
  return y;
}

describe('StyleTransformer', () => {
  it('paints [N, H, W, 3] in [0, 1] at the input size and refuses sides that are not multiples of 4', () => {
    const net = new StyleTransformer(TINY, 1);
    const y = net.stylise(tf.randomUniform([2, 8, 12, 3], 0, 1, 'float32', 1) as tf.Tensor4D);
    expect(y.shape).toEqual([2, 8, 12, 3]);
    const v = y.dataSync();
    expect(Math.min(...v.slice(0, 50))).toBeGreaterThan(0);
    expect(Math.max(...v.slice(0, 50))).toBeLessThan(1);
    expect(() => net.stylise(tf.zeros([1, 10, 12, 3]) as tf.Tensor4D)).toThrow(/multiple of 4/);
    expect(() => net.stylise(tf.zeros([1, 8, 8, 1]) as tf.Tensor4D)).toThrow(/RGB/);
    net.dispose();
  });

  it('has weight gradients equal to tf.grads through its own forward', () => {
    for (const side of [8, 16]) {
      const net = new StyleTransformer(TINY, 2);
      randomiseNorms(net.params, 5);
      const x = tf.randomUniform([1, side, side, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
      const dout = randn([1, side, side, 3], 6);
      tf.tidy(() => {
        net.forward(x, true);
        const ours = net.backward(dout as tf.Tensor4D);
        const { grads } = tf.variableGrads(
          () => tf.sum(tf.mul(referenceForward(net, x), dout)) as tf.Scalar,
          [...net.params.values()],
        );
        for (const [name, p] of net.params) {
          const g = ours.get(name);
          expect(g, name).toBeDefined();
          if (g) expectClose(g, grads[p.name] as tf.Tensor, 1e-3, 1e-4);
        }
      });
      net.dispose();
    }
  });
});

describe('style transformer files', () => {
  it('round-trip: the loaded net paints the same picture', async () => {
    const net = new StyleTransformer(TINY, 4);
    randomiseNorms(net.params, 6);
    const bytes = await saveStyleTransformer(net, { style: 'waves' });
    const { net: loaded, meta } = loadStyleTransformer(bytes);
    expect(meta.style).toBe('waves');
    const x = tf.randomUniform([1, 8, 8, 3], 0, 1, 'float32', 8) as tf.Tensor4D;
    expectClose(loaded.stylise(x), net.stylise(x), 1e-6, 1e-6);
    net.dispose();
    loaded.dispose();
  });

  it('refuses damaged files and says what is wrong', async () => {
    const net = new StyleTransformer(TINY, 4);
    const bytes = await saveStyleTransformer(net);
    expect(() => loadStyleTransformer(bytes.slice(0, 20))).toThrow(/style transformer file/);
    const wrongMagic = bytes.slice();
    wrongMagic[0] = 'X'.charCodeAt(0);
    expect(() => loadStyleTransformer(wrongMagic)).toThrow(/style transformer file/);
    // A NaN weight: the header is JSON, the values follow; poison the last float.
    const poisoned = bytes.slice();
    new DataView(poisoned.buffer).setFloat32(poisoned.length - 4, Number.NaN, true);
    expect(() => loadStyleTransformer(poisoned)).toThrow(/NaN|finite/);
    // Same-length edits of the JSON header: a shape the weights do not fit, a config refused.
    const text = new TextDecoder().decode(bytes);
    const bad = new TextEncoder().encode(text.replace('"channels":[3,4,5]', '"channels":[3,4,6]'));
    expect(() => loadStyleTransformer(bad)).toThrow(/shape|needs/);
    const huge = new TextEncoder().encode(text.replace('"channels":[3,4,5]', '"channels":[3,4,0]'));
    expect(() => loadStyleTransformer(huge)).toThrow(/channels must be/);
    net.dispose();
  });
});

describe('ContentSampler', () => {
  const photo = contentScene(11, 64);
  it('gives the same crops for the same seed, other crops for another, in [0, 1]', () => {
    const a = new ContentSampler({ photos: [photo], seed: 1 });
    const b = new ContentSampler({ photos: [photo], seed: 1 });
    const c = new ContentSampler({ photos: [photo], seed: 2 });
    const ta = a.batch(3, 32);
    expect(ta.shape).toEqual([3, 32, 32, 3]);
    expectClose(ta, b.batch(3, 32), 0, 0);
    expect(tf.max(tf.abs(tf.sub(ta, c.batch(3, 32)))).dataSync()[0]).toBeGreaterThan(0.05);
    expect(tf.min(ta).dataSync()[0]).toBeGreaterThanOrEqual(0);
    expect(tf.max(ta).dataSync()[0]).toBeLessThanOrEqual(1);
    for (const s of [a, b, c]) s.dispose();
  });

  it('refuses tiny pictures and keeps only the newest added ones', () => {
    expect(() => new ContentSampler({ photos: [contentScene(1, 16)] })).toThrow(/at least 32/);
    const s = new ContentSampler({ photos: [] }, 2);
    for (let i = 0; i < 4; i++) s.add(contentScene(i, 32));
    expect(s.photoCount).toBe(2);
    s.dispose();
  });
});

describe('trainFastStyle', () => {
  const setup = (seed: number) => ({
    net: new StyleTransformer(TINY, seed),
    features: randomFeatureNet({
      banks: [
        { kernel: 3, channels: 6 },
        { kernel: 3, channels: 8 },
      ],
      seed: 0,
    }),
    sampler: new ContentSampler({ photos: [contentScene(5, 64)], seed }),
  });
  const style = () => imageToTensor(shippedStyle('waves', 32));

  it('lowers the loss, leaks no tensor, and repeats itself for the same seed', async () => {
    const runs: number[][] = [];
    for (let r = 0; r < 2; r++) {
      const { net, features, sampler } = setup(3);
      const s = style();
      const totals: number[] = [];
      let tensorsAfterFirst = 0;
      await trainFastStyle(net, features, s, sampler, {
        steps: 12,
        batch: 2,
        side: 16,
        lr: 0.02,
        onStep: (step) => {
          totals.push(step.total);
          if (step.step === 1) tensorsAfterFirst = tf.memory().numTensors;
          else expect(tf.memory().numTensors).toBe(tensorsAfterFirst);
        },
      });
      runs.push(totals);
      s.dispose();
      features.dispose();
      sampler.dispose();
      net.dispose();
    }
    expect(runs[1]).toEqual(runs[0]);
    const first = runs[0] as number[];
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(first.slice(-4))).toBeLessThan(mean(first.slice(0, 4)));
  });

  it('stops when told, and on a non-finite loss keeps the weights it had', async () => {
    const { net, features, sampler } = setup(4);
    const control = new RunControl();
    const s = style();
    const stopped = await trainFastStyle(net, features, s, sampler, {
      steps: 50,
      batch: 1,
      side: 16,
      control,
      onStep: (step) => {
        if (step.step === 2) control.stop();
      },
    });
    expect(stopped).toMatchObject({ reason: 'stopped', steps: 2 });
    const before = (net.params.get('W1') as tf.Variable).dataSync().slice();
    const nan = tf.fill([1, 32, 32, 3], Number.NaN) as tf.Tensor4D;
    const diverged = await trainFastStyle(net, features, nan, sampler, {
      steps: 5,
      batch: 1,
      side: 16,
    });
    expect(diverged).toMatchObject({ reason: 'diverged', steps: 0 });
    expect((net.params.get('W1') as tf.Variable).dataSync()).toEqual(before);
    for (const t of [s, nan]) t.dispose();
    features.dispose();
    sampler.dispose();
    net.dispose();
  });
});
