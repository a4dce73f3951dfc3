/**
 * The values "Deep Learning from Scratch" prints (chapters 2-4), reproduced by the engine's
 * perceptrons, activation and loss functions, numerical differentiation and gradient descent.
 * Tensor results are float32, so they are compared with float32 tolerances; the chapter 4
 * numerical functions run in float64 exactly as the book's numpy code and are held tighter.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  crossEntropyError,
  identity,
  meanSquaredError,
  relu,
  sigmoid,
  softmax,
  step,
} from '../../src/nn/functions';
import { gradientDescent, numericalDiff, numericalGradient } from '../../src/nn/gradient';
import { AND, type Bit, NAND, OR, perceptron, truthTable, XOR } from '../../src/nn/perceptron';
import { Rng } from '../../src/nn/rng';
import { expectClose, randn } from '../helpers/tensors';

const INPUTS: Array<[Bit, Bit]> = [
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
];

function values(t: tf.Tensor): number[] {
  return Array.from(t.dataSync());
}

function scalarValue(t: tf.Tensor): number {
  return t.dataSync()[0];
}

describe('chapter 2: perceptrons', () => {
  it('AND, NAND and OR give the book truth tables', () => {
    expect(INPUTS.map(([a, b]) => AND(a, b))).toEqual([0, 0, 0, 1]);
    expect(INPUTS.map(([a, b]) => NAND(a, b))).toEqual([1, 1, 1, 0]);
    expect(INPUTS.map(([a, b]) => OR(a, b))).toEqual([0, 1, 1, 1]);
  });

  it('XOR is two layers: AND(NAND, OR)', () => {
    expect(INPUTS.map(([a, b]) => XOR(a, b))).toEqual([0, 1, 1, 0]);
    for (const [a, b] of INPUTS) expect(XOR(a, b)).toBe(AND(NAND(a, b), OR(a, b)));
  });

  it('truthTable lists the rows (0,0),(1,0),(0,1),(1,1) with the gate output', () => {
    expect(truthTable(AND)).toEqual([
      [0, 0, 0],
      [1, 0, 0],
      [0, 1, 0],
      [1, 1, 1],
    ]);
    expect(truthTable(NAND).map((r) => r[2])).toEqual([1, 1, 1, 0]);
    expect(truthTable(OR).map((r) => r[2])).toEqual([0, 1, 1, 1]);
    expect(truthTable(XOR)).toEqual([
      [0, 0, 0],
      [1, 0, 1],
      [0, 1, 1],
      [1, 1, 0],
    ]);
  });

  it('a perceptron fires only when the weighted sum is strictly positive', () => {
    expect(perceptron({ w1: 1, w2: 1, b: -1 }, 0, 1)).toBe(0);
    expect(perceptron({ w1: 1, w2: 1, b: -1 }, 1, 1)).toBe(1);
  });
});

describe('chapter 3: activations and the forward pass', () => {
  let before: number;
  beforeEach(() => {
    before = tf.memory().numTensors;
  });
  afterEach(() => {
    // Every function under test returns one tensor and leaks nothing; the tests dispose theirs.
    expect(tf.memory().numTensors).toBe(before);
  });

  it('step([-1, 1, 2]) = [0, 1, 1], and step(0) = 0', () => {
    tf.tidy(() => {
      const y = step(tf.tensor1d([-1, 1, 2, 0]));
      expect(y.dtype).toBe('float32');
      expect(values(y)).toEqual([0, 1, 1, 0]);
    });
  });

  it('sigmoid([-1, 1, 2]) = [0.26894142, 0.73105858, 0.88079708]', () => {
    tf.tidy(() => {
      expectClose(
        sigmoid(tf.tensor1d([-1, 1, 2])),
        tf.tensor1d([0.26894142, 0.73105858, 0.88079708]),
        1e-6,
        1e-7,
      );
      expectClose(sigmoid(tf.tensor1d([0])), tf.tensor1d([0.5]), 0, 1e-7);
    });
  });

  it('sigmoid saturates without NaN for huge inputs', () => {
    tf.tidy(() => {
      const y = values(sigmoid(tf.tensor1d([-1000, 1000, -100, 100])));
      expect(y.every(Number.isFinite)).toBe(true);
      expect(y[0]).toBe(0);
      expect(y[1]).toBe(1);
      expect(y[2]).toBeGreaterThanOrEqual(0);
      expect(y[2]).toBeLessThan(1e-30);
      expect(y[3]).toBeCloseTo(1, 7);
    });
  });

  it('relu keeps positives and zeroes negatives', () => {
    tf.tidy(() => {
      expect(values(relu(tf.tensor1d([-2, -0.5, 0, 0.5, 3])))).toEqual([0, 0, 0, 0.5, 3]);
      const x = tf.tensor2d([
        [-1, 2],
        [3, -4],
      ]);
      const y = relu(x);
      expect(y.shape).toEqual([2, 2]);
      expect(values(y)).toEqual([0, 2, 3, 0]);
    });
  });

  it('identity returns a new tensor equal to its input', () => {
    const x = tf.tensor2d([
      [1.5, -2],
      [0, 7],
    ]);
    const y = identity(x);
    expect(y).not.toBe(x);
    expect(y.shape).toEqual([2, 2]);
    expect(values(y)).toEqual(values(x));
    x.dispose();
    // Still readable after the input is gone: it is a tensor of its own.
    expect(values(y)).toEqual([1.5, -2, 0, 7]);
    y.dispose();
  });

  it('the three-layer net of ch. 3.4.3 gives y = [0.31682708, 0.69627909]', () => {
    tf.tidy(() => {
      const W1 = tf.tensor2d([
        [0.1, 0.3, 0.5],
        [0.2, 0.4, 0.6],
      ]);
      const b1 = tf.tensor1d([0.1, 0.2, 0.3]);
      const W2 = tf.tensor2d([
        [0.1, 0.4],
        [0.2, 0.5],
        [0.3, 0.6],
      ]);
      const b2 = tf.tensor1d([0.1, 0.2]);
      const W3 = tf.tensor2d([
        [0.1, 0.3],
        [0.2, 0.4],
      ]);
      const b3 = tf.tensor1d([0.1, 0.2]);
      const x = tf.tensor2d([[1.0, 0.5]]);

      const a1 = tf.add(tf.matMul(x, W1), b1);
      expectClose(a1, tf.tensor2d([[0.3, 0.7, 1.1]]), 0, 1e-6);
      const z1 = sigmoid(a1);
      expectClose(z1, tf.tensor2d([[0.57444252, 0.66818777, 0.75026011]]), 0, 1e-6);
      const a2 = tf.add(tf.matMul(z1, W2), b2);
      const z2 = sigmoid(a2);
      expectClose(z2, tf.tensor2d([[0.62624937, 0.7710107]]), 0, 1e-6);
      const y = identity(tf.add(tf.matMul(z2, W3), b3));
      expectClose(y, tf.tensor2d([[0.31682708, 0.69627909]]), 0, 1e-6);
    });
  });

  it('softmax([1010, 1000, 990]) is finite and matches the book', () => {
    tf.tidy(() => {
      const y = softmax(tf.tensor1d([1010, 1000, 990]));
      expect(values(y).every(Number.isFinite)).toBe(true);
      expectClose(y, tf.tensor1d([9.999546e-1, 4.53978686e-5, 2.06106005e-9]), 1e-5, 0);
    });
  });

  it('softmax([0.3, 2.9, 4.0]) = [0.01821127, 0.24519181, 0.73659691] (ch. 3.5.1)', () => {
    tf.tidy(() => {
      expectClose(
        softmax(tf.tensor1d([0.3, 2.9, 4.0])),
        tf.tensor1d([0.01821127, 0.24519181, 0.73659691]),
        1e-5,
        0,
      );
    });
  });

  it('softmax of a batch normalises each row and keeps each row argmax', () => {
    tf.tidy(() => {
      const x = randn([6, 10], 3, 5);
      const y = softmax(x);
      expect(y.shape).toEqual([6, 10]);
      expectClose(tf.sum(y, 1), tf.ones([6]), 0, 1e-6);
      expect(values(tf.min(y))[0]).toBeGreaterThan(0);
      expect(values(tf.argMax(y, 1))).toEqual(values(tf.argMax(x, 1)));
      // Rows are independent: one row alone gives the same probabilities.
      const row = softmax(tf.slice(x, [2, 0], [1, 10]));
      expectClose(row, tf.slice(y, [2, 0], [1, 10]), 1e-6, 1e-9);
    });
  });
});

describe('chapter 4: loss functions', () => {
  const Y = [0.1, 0.8, 0.1];
  const T = [0, 1, 0];

  it('meanSquaredError(y, t) = 0.03 (book: 0.029999999999999992)', () => {
    tf.tidy(() => {
      const e = meanSquaredError(tf.tensor1d(Y), tf.tensor1d(T));
      expect(e.rank).toBe(0);
      expect(scalarValue(e)).toBeCloseTo(0.029999999999999992, 7);
      // The book's second example: the net favours class 7 while the answer is 2.
      const y2 = tf.tensor1d([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]);
      const t2 = tf.tensor1d([0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
      expect(scalarValue(meanSquaredError(y2, t2))).toBeCloseTo(0.5975, 6);
      // Book: 2.302584092994546.
      expect(Math.abs(scalarValue(crossEntropyError(y2, t2)) - 2.302584092994546)).toBeLessThan(
        1e-5,
      );
    });
  });

  it('crossEntropyError(y, t) = 0.22314342631421757 (book)', () => {
    tf.tidy(() => {
      const e = crossEntropyError(tf.tensor1d(Y), tf.tensor1d(T));
      expect(e.rank).toBe(0);
      expect(Math.abs(scalarValue(e) - 0.22314342631421757)).toBeLessThan(1e-6);
      // Integer label form of the same sample.
      const e2 = crossEntropyError(tf.tensor1d(Y), tf.tensor1d([1], 'int32'));
      expect(Math.abs(scalarValue(e2) - 0.22314342631421757)).toBeLessThan(1e-6);
    });
  });

  it('cross entropy of a hard zero is finite thanks to the 1e-7 guard', () => {
    tf.tidy(() => {
      const e = scalarValue(crossEntropyError(tf.tensor1d([1, 0, 0]), tf.tensor1d([0, 1, 0])));
      expect(Number.isFinite(e)).toBe(true);
      expect(e).toBeCloseTo(-Math.log(1e-7), 3);
    });
  });

  it('batched cross entropy: one-hot and integer labels agree and equal the mean of the rows', () => {
    tf.tidy(() => {
      const y = softmax(randn([5, 4], 11, 2));
      const labels = [3, 0, 2, 2, 1];
      const oneHot = tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), 4), 'float32');
      const eOneHot = scalarValue(crossEntropyError(y, oneHot));
      const eLabels = scalarValue(crossEntropyError(y, tf.tensor1d(labels, 'int32')));
      expect(Math.abs(eOneHot - eLabels)).toBeLessThan(1e-6);
      const yv = values(y);
      let sum = 0;
      labels.forEach((l, i) => {
        sum += -Math.log(yv[i * 4 + l] + 1e-7);
      });
      expect(Math.abs(eLabels - sum / labels.length)).toBeLessThan(1e-5);
      // And each row alone gives its own term.
      const row2 = scalarValue(
        crossEntropyError(tf.slice(y, [2, 0], [1, 4]), tf.tensor1d([2], 'int32')),
      );
      expect(Math.abs(row2 - -Math.log(yv[2 * 4 + 2] + 1e-7))).toBeLessThan(1e-5);
    });
  });

  it('batched mean squared error is the mean of the per-row values', () => {
    tf.tidy(() => {
      const y = softmax(randn([4, 3], 5));
      const t = tf.cast(tf.oneHot(tf.tensor1d([0, 2, 1, 1], 'int32'), 3), 'float32');
      const batch = scalarValue(meanSquaredError(y, t));
      let sum = 0;
      for (let i = 0; i < 4; i++) {
        sum += scalarValue(
          meanSquaredError(
            tf.reshape(tf.slice(y, [i, 0], [1, 3]), [3]),
            tf.reshape(tf.slice(t, [i, 0], [1, 3]), [3]),
          ),
        );
      }
      expect(Math.abs(batch - sum / 4)).toBeLessThan(1e-6);
    });
  });

  it('a t whose shape matches neither form throws a clear error', () => {
    tf.tidy(() => {
      const y = softmax(randn([2, 3], 1));
      expect(() => crossEntropyError(y, tf.zeros([3, 3]))).toThrow(
        /crossEntropyError: t must be one-hot \[2,3\] or 2 labels, got shape \[3,3\]/,
      );
      expect(() => crossEntropyError(y, tf.tensor1d([0, 1, 2], 'int32'))).toThrow(
        /crossEntropyError.*2 labels.*\[3\]/,
      );
      expect(() => meanSquaredError(y, tf.zeros([2, 4]))).toThrow(
        /meanSquaredError: y has shape \[2,3\] but t has shape \[2,4\]/,
      );
    });
  });
});

describe('chapter 4: numerical differentiation and gradient descent (float64)', () => {
  const f1 = (x: number) => 0.01 * x ** 2 + 0.1 * x;
  const f2 = (x: Float64Array) => x[0] ** 2 + x[1] ** 2;

  it('numericalDiff of 0.01x^2 + 0.1x gives the book values at 5 and 10', () => {
    expect(Math.abs(numericalDiff(f1, 5) - 0.1999999999990898)).toBeLessThan(1e-9);
    expect(Math.abs(numericalDiff(f1, 10) - 0.2999999999986347)).toBeLessThan(1e-9);
    // The true derivatives are 0.2 and 0.3; the central difference is within ~1e-11.
    expect(Math.abs(numericalDiff(f1, 5) - 0.2)).toBeLessThan(1e-9);
  });

  it('numericalGradient of x0^2 + x1^2 at (3,4), (0,2), (3,0) is [6,8], [0,4], [6,0]', () => {
    const cases: Array<[number[], number[]]> = [
      [
        [3, 4],
        [6, 8],
      ],
      [
        [0, 2],
        [0, 4],
      ],
      [
        [3, 0],
        [6, 0],
      ],
    ];
    for (const [at, want] of cases) {
      const x = Float64Array.from(at);
      const g = numericalGradient(f2, x);
      expect(g.length).toBe(2);
      for (let i = 0; i < 2; i++) expect(Math.abs(g[i] - want[i])).toBeLessThan(1e-6);
      // x is restored after the perturbations.
      expect(Array.from(x)).toEqual(at);
    }
  });

  it('gradient descent from (-3, 4) with lr 0.1 reaches (0, 0) in 100 steps', () => {
    const { x, history } = gradientDescent(f2, [-3, 4], 0.1, 100);
    // Book: [-6.11110793e-10, 8.14814391e-10].
    expect(Math.abs(x[0])).toBeLessThan(1e-8);
    expect(Math.abs(x[1])).toBeLessThan(1e-8);
    expect(x[0]).toBeCloseTo(-6.11110793e-10, 12);
    expect(x[1]).toBeCloseTo(8.14814391e-10, 12);
    expect(history.length).toBe(100);
    expect(Array.from(history[0])).toEqual([-3, 4]);
    // Each step multiplies x by (1 - 2 lr) = 0.8.
    expect(history[1][0]).toBeCloseTo(-2.4, 9);
    expect(history[1][1]).toBeCloseTo(3.2, 9);
  });

  it('the learning rate matters: lr 10 diverges, lr 1e-10 barely moves', () => {
    const big = gradientDescent(f2, [-3, 4], 10, 100).x;
    // Book: [-2.58983747e+13, -1.29524862e+12].
    expect(Math.abs(big[0]) + Math.abs(big[1])).toBeGreaterThan(1e10);
    const tiny = gradientDescent(f2, [-3, 4], 1e-10, 100).x;
    // Book: [-2.99999994, 3.99999992].
    expect(Math.abs(tiny[0] - -3)).toBeLessThan(1e-6);
    expect(Math.abs(tiny[1] - 4)).toBeLessThan(1e-6);
    expect(tiny[0]).not.toBe(-3);
    expect(tiny[0]).toBeCloseTo(-2.99999994, 8);
    expect(tiny[1]).toBeCloseTo(3.99999992, 8);
  });

  it('gradientDescent does not modify its initial point', () => {
    const init = Float64Array.from([-3, 4]);
    gradientDescent(f2, init, 0.1, 10);
    expect(Array.from(init)).toEqual([-3, 4]);
  });
});

describe('Rng', () => {
  it('the same seed gives the same sequence', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const sa = Array.from({ length: 100 }, () => a.next());
    const sb = Array.from({ length: 100 }, () => b.next());
    expect(sa).toEqual(sb);
    expect(Array.from(new Rng(42).normalArray(50))).toEqual(
      Array.from(new Rng(42).normalArray(50)),
    );
    expect(Array.from(new Rng(42).permutation(30))).toEqual(
      Array.from(new Rng(42).permutation(30)),
    );
  });

  it('different seeds give different sequences', () => {
    const a = new Rng(1);
    const b = new Rng(2);
    const sa = Array.from({ length: 20 }, () => a.next());
    const sb = Array.from({ length: 20 }, () => b.next());
    expect(sa).not.toEqual(sb);
    expect(sa.filter((v, i) => v === sb[i]).length).toBeLessThan(2);
  });

  it('next() is uniform in [0, 1) and int(n) in [0, n)', () => {
    const rng = new Rng(7);
    let sum = 0;
    const n = 20_000;
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
      counts[rng.int(10)]++;
    }
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.01);
    for (const c of counts) expect(Math.abs(c - n / 10)).toBeLessThan(n / 10 / 5);
  });

  it('permutation(n) is a permutation of 0..n-1, and not the identity', () => {
    for (const n of [0, 1, 2, 17, 1000]) {
      const p = new Rng(n + 3).permutation(n);
      expect(p.length).toBe(n);
      expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
    const p = new Rng(5).permutation(1000);
    expect(Array.from(p)).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('normal() has mean ~0 and std ~1 over 20k draws', () => {
    const rng = new Rng(123);
    const n = 20_000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      expect(Number.isFinite(z)).toBe(true);
      sum += z;
      sq += z * z;
    }
    const mean = sum / n;
    const std = Math.sqrt(sq / n - mean * mean);
    // Standard error of the mean is 1/sqrt(20000) = 0.007.
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(std - 1)).toBeLessThan(0.03);
  });

  it('normalArray scales by its argument', () => {
    const a = new Rng(9).normalArray(100, 1);
    const b = new Rng(9).normalArray(100, 0.01);
    for (let i = 0; i < 100; i++) expect(b[i]).toBeCloseTo(Math.fround(a[i] * 0.01), 6);
  });

  it('getState/setState replays the same draws, including a spare normal', () => {
    const rng = new Rng(77);
    rng.normal(); // leaves a spare deviate
    const s = rng.getState();
    const first = [rng.normal(), rng.normal(), rng.next()];
    rng.setState(s);
    expect([rng.normal(), rng.normal(), rng.next()]).toEqual(first);
  });

  it('refuses a non-finite seed', () => {
    expect(() => new Rng(Number.NaN)).toThrow(/seed/);
  });
});
