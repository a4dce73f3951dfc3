/**
 * Hand-written backwards of the RL pieces against tf.grads / tf.variableGrads (autodiff in
 * tests only) and central differences: Huber, the taken-action TD loss, the dueling
 * aggregation, and whole Q-networks (MLP, CNN, dueling) on random inputs.
 * cpu backend: tfjs-backend-wasm has no Conv2DBackpropFilter kernel for the CNN reference.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend } from '../../../src/nn/backend';
import { HuberLoss } from '../../../src/nn/layers/huber-loss';
import { Rng } from '../../../src/nn/rng';
import { DuelingAggregation } from '../../../src/rl/dueling';
import { QNetwork, type QNetworkOptions } from '../../../src/rl/q-network';
import { actionMask, TakenActionHuberLoss } from '../../../src/rl/td-loss';
import { expectClose, randn } from '../../helpers/tensors';

beforeAll(async () => {
  await chooseBackend({ request: 'cpu' });
});

/** Reference Huber from primitive ops, differentiable by tf.grads. */
const huberRef = (x: tf.Tensor, t: tf.Tensor, delta: number) => {
  const a = tf.abs(tf.sub(x, t));
  const q = tf.minimum(a, delta);
  return tf.mean(tf.add(tf.mul(0.5, tf.square(q)), tf.mul(delta, tf.sub(a, q))));
};

describe('HuberLoss', () => {
  it('matches the piecewise definition, and its backward equals tf.grads', () => {
    tf.tidy(() => {
      for (const delta of [1, 0.5, 2]) {
        const x = tf.tensor1d([-3, -1, -0.2, 0, 0.3, 0.9, 1.5, 4]);
        const t = tf.tensor1d([0, 0.5, 0, 0.1, 0, -0.5, 0, 1]);
        const layer = new HuberLoss(delta);
        const loss = layer.forward(x, t);
        const d = [-3, -1.5, -0.2, -0.1, 0.3, 1.4, 1.5, 3];
        const expected =
          d.reduce(
            (s, v) =>
              s + (Math.abs(v) <= delta ? 0.5 * v * v : delta * (Math.abs(v) - 0.5 * delta)),
            0,
          ) / d.length;
        expect(loss.dataSync()[0]).toBeCloseTo(expected, 5);
        const [gx] = tf.grads((xx: tf.Tensor) => huberRef(xx, t, delta))([x]);
        expectClose(layer.backward(), gx);
      }
    });
  });

  it('backward equals central differences on random [N, K] inputs', () => {
    tf.tidy(() => {
      const x = randn([6, 3], 1, 2);
      const t = randn([6, 3], 2);
      const layer = new HuberLoss(1);
      layer.forward(x, t);
      const analytic = layer.backward().dataSync();
      const xv = Float64Array.from(x.dataSync());
      const tv = t.dataSync();
      const f = (v: Float64Array) => {
        let s = 0;
        for (let i = 0; i < v.length; i++) {
          const a = Math.abs(v[i] - tv[i]);
          s += a <= 1 ? 0.5 * a * a : a - 0.5;
        }
        return s / v.length;
      };
      const h = 1e-4;
      for (let i = 0; i < xv.length; i++) {
        const keep = xv[i];
        xv[i] = keep + h;
        const plus = f(xv);
        xv[i] = keep - h;
        const minus = f(xv);
        xv[i] = keep;
        expect(analytic[i]).toBeCloseTo((plus - minus) / (2 * h), 4);
      }
    });
  });

  it('rejects mismatched shapes and a non-positive delta', () => {
    expect(() => new HuberLoss(0)).toThrow(/delta/);
    tf.tidy(() => {
      expect(() => new HuberLoss().forward(tf.zeros([3]), tf.zeros([4]))).toThrow(/differ/);
    });
  });
});

describe('TakenActionHuberLoss', () => {
  it('gathers Q(s, a); dQ equals tf.grads and is zero for actions not taken', () => {
    tf.tidy(() => {
      const n = 8;
      const k = 4;
      const q = randn([n, k], 3, 2) as tf.Tensor2D;
      const rng = new Rng(5);
      const actions = Int32Array.from({ length: n }, () => rng.int(k));
      const mask = tf.tensor2d(actionMask(actions, k), [n, k]);
      const y = randn([n], 4) as tf.Tensor1D;
      const loss = new TakenActionHuberLoss(1);
      const l = loss.forward(q, mask, y);
      const ref = (qq: tf.Tensor) => huberRef(tf.sum(tf.mul(qq, mask), 1), y, 1);
      expect(l.dataSync()[0]).toBeCloseTo(ref(q).dataSync()[0], 5);
      const dQ = loss.backward();
      expectClose(dQ, tf.grads(ref)([q])[0]);
      const dv = dQ.dataSync();
      for (let i = 0; i < n; i++)
        for (let a = 0; a < k; a++) if (a !== actions[i]) expect(Math.abs(dv[i * k + a])).toBe(0);
    });
  });

  it('rejects out-of-range actions', () => {
    expect(() => actionMask(Int32Array.from([0, 3]), 3)).toThrow(/not in \[0, 3\)/);
  });
});

describe('DuelingAggregation', () => {
  it('Q = V + A - mean(A); backward equals tf.grads', () => {
    tf.tidy(() => {
      const v = randn([5, 1], 6);
      const a = randn([5, 3], 7);
      const agg = new DuelingAggregation();
      const q = agg.forward(v, a);
      const ref = (vv: tf.Tensor, aa: tf.Tensor) => tf.add(vv, tf.sub(aa, tf.mean(aa, 1, true)));
      expectClose(q, ref(v, a));
      // Mean over actions of Q is V.
      expectClose(tf.mean(q, 1, true), v, 1e-4, 1e-5);
      const dQ = randn([5, 3], 8);
      const { dValue, dAdvantage } = agg.backward(dQ);
      const [gv, ga] = tf.grads((vv: tf.Tensor, aa: tf.Tensor) => tf.sum(tf.mul(ref(vv, aa), dQ)))([
        v,
        a,
      ]);
      expectClose(dValue, gv);
      expectClose(dAdvantage, ga);
    });
  });
});

/**
 * An independent forward from tfjs's own kernels (tf.relu, tf.conv2d), in the parameter
 * order of `net.params`, so tf.grads can differentiate it.
 */
function referenceForward(net: QNetwork, x: tf.Tensor, params: Map<string, tf.Tensor>): tf.Tensor {
  const p = (n: string) => params.get(n)!;
  const dense = (h: tf.Tensor, name: string) =>
    tf.add(tf.matMul(tf.reshape(h, [h.shape[0], -1]), p(`W${name}`)), p(`b${name}`));
  let h: tf.Tensor;
  const spec = net.options.network;
  if (spec.type === 'mlp') {
    h = x;
    spec.hidden.forEach((_, i) => {
      h = tf.relu(dense(h, String(i + 1)));
    });
  } else {
    const nhwc = tf.transpose(x, [0, 2, 3, 1]) as tf.Tensor4D;
    const filter = tf.transpose(p('W1'), [2, 3, 1, 0]) as tf.Tensor4D;
    const conv = tf.relu(tf.add(tf.conv2d(nhwc, filter, 1, 'valid'), p('b1')));
    h = tf.relu(dense(tf.transpose(conv, [0, 3, 1, 2]), '2'));
  }
  if (!net.options.dueling) return dense(h, 'q');
  const v = dense(h, 'v');
  const a = dense(h, 'a');
  return tf.add(v, tf.sub(a, tf.mean(a, 1, true)));
}

function checkNetwork(options: QNetworkOptions, obsShape: number[], numActions: number): void {
  const net = new QNetwork(options, obsShape, numActions, new Rng(11));
  try {
    tf.tidy(() => {
      const x = randn([4, ...obsShape], 12);
      const dQ = randn([4, numActions], 13);
      const names = [...net.params.keys()];
      const values = [...net.params.values()];
      const asMap = (ts: tf.Tensor[]) => new Map(names.map((n, i) => [n, ts[i]]));
      const q = net.forward(x, true);
      expect(q.shape).toEqual([4, numActions]);
      expectClose(q, referenceForward(net, x, asMap(values)), 1e-4, 1e-5);
      net.backward(dQ);
      const grads = tf.grads((...ps: tf.Tensor[]) =>
        tf.sum(tf.mul(referenceForward(net, x, asMap(ps)), dQ)),
      )(values);
      expect([...net.grads.keys()].sort()).toEqual([...names].sort());
      names.forEach((name, i) => {
        expectClose(net.grads.get(name)!, grads[i], 1e-3, 1e-4);
      });
    });
  } finally {
    net.dispose();
  }
}

describe('QNetwork backward equals tf.variableGrads of its forward', () => {
  it('MLP', () => {
    checkNetwork({ network: { type: 'mlp', hidden: [16, 8] }, dueling: false }, [5], 3);
  });

  it('MLP with dueling head', () => {
    checkNetwork({ network: { type: 'mlp', hidden: [12] }, dueling: true }, [4], 2);
  });

  it('CNN on [C, H, W] (MinAtar-style)', () => {
    checkNetwork(
      { network: { type: 'cnn', filters: 4, kernel: 3, hidden: 16 }, dueling: false },
      [2, 6, 5],
      3,
    );
  });

  it('CNN with dueling head', () => {
    checkNetwork(
      { network: { type: 'cnn', filters: 3, kernel: 3, hidden: 8 }, dueling: true },
      [1, 5, 5],
      4,
    );
  });

  it('MLP forward equals a reference built from tf ops', () => {
    const net = new QNetwork(
      { network: { type: 'mlp', hidden: [6] }, dueling: false },
      [3],
      2,
      new Rng(1),
    );
    tf.tidy(() => {
      const x = randn([5, 3], 2);
      const p = net.params;
      const ref = tf.add(
        tf.matMul(tf.relu(tf.add(tf.matMul(x, p.get('W1')!), p.get('b1')!)), p.get('Wq')!),
        p.get('bq')!,
      );
      expectClose(net.forward(x), ref);
      // Flat [N, obsSize] input is accepted too.
      expectClose(net.forward(tf.reshape(x, [5, 3])), ref);
    });
    net.dispose();
  });

  it('hard and soft target updates', () => {
    const opts: QNetworkOptions = { network: { type: 'mlp', hidden: [4] }, dueling: false };
    const a = new QNetwork(opts, [2], 2, new Rng(1));
    const b = new QNetwork(opts, [2], 2, new Rng(2));
    const before = tf.memory().numTensors;
    const w = (n: QNetwork) => Array.from(n.params.get('W1')!.dataSync());
    const wa = w(a);
    const wb = w(b);
    b.softUpdateFrom(a, 0.25);
    w(b).forEach((v, i) => {
      expect(v).toBeCloseTo(0.25 * wa[i] + 0.75 * wb[i], 5);
    });
    b.copyFrom(a);
    expect(w(b)).toEqual(wa);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => b.softUpdateFrom(a, 0)).toThrow(/tau/);
    a.dispose();
    b.dispose();
  });

  it('rejects a CNN on vector observations', () => {
    expect(
      () =>
        new QNetwork(
          { network: { type: 'cnn', filters: 2, kernel: 3, hidden: 4 }, dueling: false },
          [8],
          2,
          new Rng(0),
        ),
    ).toThrow(/\[C, H, W\]/);
  });
});
