/**
 * The fused Adam kernel (src/nn/kernels): on wasm (its SIMD pass over the backend's memory)
 * and on cpu (its JavaScript pass) it gives the same bits as Adam's op chain, for sizes that
 * end inside and outside a 4-float vector; the Adam optimizer uses it and leaks nothing; the
 * committed wasm bytes are those of the .wat source.
 */
import { execFileSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { Mulberry32 } from '../../src/math/mulberry32';
import { chooseBackend } from '../../src/nn/backend';
import { adamUpdate, hasAdamUpdate } from '../../src/nn/kernels/adam-update';
import { Adam } from '../../src/nn/optimizers/adam';

/** Values over many magnitudes, zeros among them (sqrt(0), 0 - 0). */
function values(n: number, rng: Mulberry32, scale: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++)
    a[i] = i % 7 === 3 ? 0 : (rng.next() - 0.5) * scale * 10 ** Math.floor(rng.next() * 6 - 3);
  return a;
}

/** Adam's op chain (src/nn/optimizers/adam.ts without the kernel). */
function chain(
  p: tf.Tensor,
  g: tf.Tensor,
  m: tf.Tensor,
  v: tf.Tensor,
  lr: number,
  b1: number,
  b2: number,
) {
  return tf.tidy(() => {
    const m1 = tf.add(m, tf.mul(1 - b1, tf.sub(g, m)));
    const v1 = tf.add(v, tf.mul(1 - b2, tf.sub(tf.square(g), v)));
    const p1 = tf.sub(p, tf.div(tf.mul(lr, m1), tf.add(tf.sqrt(v1), 1e-7)));
    return [p1, m1, v1];
  });
}

const bits = (t: tf.Tensor) => Array.from(new Uint32Array(new Float32Array(t.dataSync()).buffer));

afterAll(async () => {
  await chooseBackend({ request: 'wasm' });
});

describe.each(['wasm', 'cpu'] as const)('the fused Adam kernel on %s', (backend) => {
  it("gives the op chain's bits", async () => {
    await chooseBackend({ request: backend });
    expect(hasAdamUpdate()).toBe(true);
    const rng = new Mulberry32(7);
    for (const n of [1, 3, 4, 5, 17, 1000, 4099]) {
      const [p, g] = [values(n, rng, 1), values(n, rng, 0.1)].map((a) => tf.tensor1d(a));
      const m = tf.tensor1d(values(n, rng, 0.01));
      const v = tf.tensor1d(values(n, rng, 0.001).map(Math.abs));
      for (const [lr, b1, b2] of [
        [0.001, 0.9, 0.999],
        [0.0002, 0.5, 0.999],
        [0.37, 0.0, 0.5],
      ]) {
        const fused = adamUpdate(p, g, m, v, { lr, beta1: b1, beta2: b2, epsilon: 1e-7 });
        const reference = chain(p, g, m, v, lr, b1, b2);
        for (let k = 0; k < 3; k++) {
          expect(fused[k].shape).toEqual([n]);
          expect(bits(fused[k])).toEqual(bits(reference[k]));
        }
        tf.dispose([...fused, ...reference]);
      }
      tf.dispose([p, g, m, v]);
    }
  });

  it('Adam trains with it: 20 steps, the same bits as the chain, no tensor left behind', async () => {
    await chooseBackend({ request: backend });
    const rng = new Mulberry32(3);
    const shapes: Record<string, number[]> = { W: [5, 7], b: [7] };
    const init = Object.fromEntries(
      Object.entries(shapes).map(([k, s]) => [k, values(tf.util.sizeFromShape(s), rng, 1)]),
    );
    const params = new Map(
      Object.entries(shapes).map(([k, s]) => [k, tf.variable(tf.tensor(init[k], s))]),
    );
    const adam = new Adam(0.01, 0.9, 0.999);
    // The chain by hand, from the same start.
    const ref = Object.fromEntries(
      Object.entries(shapes).map(([k, s]) => [
        k,
        { p: tf.tensor(init[k], s), m: tf.zeros(s), v: tf.zeros(s) },
      ]),
    );
    const before = tf.memory().numTensors;
    for (let step = 1; step <= 20; step++) {
      const grads = new Map(
        Object.entries(shapes).map(([k, s]) => [
          k,
          tf.tensor(values(tf.util.sizeFromShape(s), rng, 0.1), s),
        ]),
      );
      adam.update(params, grads);
      const lrT = (0.01 * Math.sqrt(1 - 0.999 ** step)) / (1 - 0.9 ** step);
      for (const k of Object.keys(shapes)) {
        const r = ref[k];
        const [p1, m1, v1] = chain(r.p, grads.get(k) as tf.Tensor, r.m, r.v, lrT, 0.9, 0.999);
        tf.dispose([r.p, r.m, r.v]);
        Object.assign(r, { p: p1, m: m1, v: v1 });
      }
      tf.dispose([...grads.values()]);
      if (step === 1) expect(tf.memory().numTensors).toBe(before + 4); // m and v, once
    }
    expect(tf.memory().numTensors).toBe(before + 4);
    for (const k of Object.keys(shapes))
      expect(bits(params.get(k) as tf.Tensor)).toEqual(bits(ref[k].p));
    adam.dispose();
    tf.dispose([...params.values(), ...Object.values(ref).flatMap((r) => [r.p, r.m, r.v])]);
  });
});

describe("the kernels' wasm bytes", () => {
  it('are those of their .wat sources (npm run build:kernels rebuilds them)', () => {
    const out = execFileSync('node', ['scripts/build-kernels.mjs', '--check'], {
      encoding: 'utf8',
    });
    expect(out).toMatch(/adam-update\.wat: \d+ bytes, matches/);
  });
});
