/** Each update rule against the book's formula (common/optimizer.py), computed in float64. */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createOptimizer, type OptimizerName } from '../../src/nn/optimizers';

type Rule = (p: number[], g: number[], state: Record<string, number[]>, step: number) => number[];

const zeros = (n: number) => new Array<number>(n).fill(0);

/** Reference rules, written straight from the book's formulas. */
const RULES: Record<OptimizerName, { lr: number; rule: Rule }> = {
  sgd: { lr: 0.1, rule: (p, g) => p.map((w, i) => w - 0.1 * g[i]) },
  momentum: {
    lr: 0.1,
    rule: (p, g, s) => {
      s.v ??= zeros(p.length);
      s.v = s.v.map((v, i) => 0.9 * v - 0.1 * g[i]);
      return p.map((w, i) => w + s.v[i]);
    },
  },
  nesterov: {
    lr: 0.1,
    rule: (p, g, s) => {
      s.v ??= zeros(p.length);
      s.v = s.v.map((v, i) => 0.9 * v - 0.1 * g[i]);
      return p.map((w, i) => w + 0.81 * s.v[i] - 1.9 * 0.1 * g[i]);
    },
  },
  adagrad: {
    lr: 0.1,
    rule: (p, g, s) => {
      s.h ??= zeros(p.length);
      s.h = s.h.map((h, i) => h + g[i] * g[i]);
      return p.map((w, i) => w - (0.1 * g[i]) / (Math.sqrt(s.h[i]) + 1e-7));
    },
  },
  rmsprop: {
    lr: 0.1,
    rule: (p, g, s) => {
      s.h ??= zeros(p.length);
      s.h = s.h.map((h, i) => 0.99 * h + 0.01 * g[i] * g[i]);
      return p.map((w, i) => w - (0.1 * g[i]) / (Math.sqrt(s.h[i]) + 1e-7));
    },
  },
  adam: {
    lr: 0.1,
    rule: (p, g, s, step) => {
      s.m ??= zeros(p.length);
      s.v ??= zeros(p.length);
      const lrT = (0.1 * Math.sqrt(1 - 0.999 ** step)) / (1 - 0.9 ** step);
      s.m = s.m.map((m, i) => m + 0.1 * (g[i] - m));
      s.v = s.v.map((v, i) => v + 0.001 * (g[i] * g[i] - v));
      return p.map((w, i) => w - (lrT * s.m[i]) / (Math.sqrt(s.v[i]) + 1e-7));
    },
  },
};

describe('optimizers follow the book', () => {
  for (const [name, { lr, rule }] of Object.entries(RULES) as Array<
    [OptimizerName, (typeof RULES)[OptimizerName]]
  >) {
    it(`${name}: three updates match the formula`, () => {
      const optimizer = createOptimizer(name, lr);
      const w = tf.variable(tf.tensor1d([1, -2, 0.5]));
      let expected = [1, -2, 0.5];
      const state: Record<string, number[]> = {};
      const gradients = [
        [0.5, 0.1, -0.3],
        [0.2, -0.4, 0.3],
        [-0.1, 0.25, 0.05],
      ];
      gradients.forEach((g, k) => {
        const grad = tf.tensor1d(g);
        optimizer.update(new Map([['W1', w]]), new Map([['W1', grad]]));
        grad.dispose();
        expected = rule(expected, g, state, k + 1);
      });
      const got = Array.from(w.dataSync());
      for (const [i, v] of got.entries()) expect(v).toBeCloseTo(expected[i], 5);
      w.dispose();
      optimizer.dispose();
    });
  }

  it('minimises f(x, y) = x²/20 + y² from (-7, 2) (fig. 6-8)', () => {
    // Book learning rates: SGD 0.95, Momentum 0.1, AdaGrad 1.5, Adam 0.3.
    const lrs: Array<[OptimizerName, number]> = [
      ['sgd', 0.95],
      ['momentum', 0.1],
      ['adagrad', 1.5],
      ['adam', 0.3],
    ];
    for (const [name, lr] of lrs) {
      const optimizer = createOptimizer(name, lr);
      const p = tf.variable(tf.tensor1d([-7, 2]));
      for (let i = 0; i < 100; i++) {
        const [x, y] = p.dataSync();
        const g = tf.tensor1d([x / 10, 2 * y]);
        optimizer.update(new Map([['p', p]]), new Map([['p', g]]));
        g.dispose();
      }
      const [x, y] = p.dataSync();
      expect(x * x + y * y, name).toBeLessThan(0.5);
      p.dispose();
      optimizer.dispose();
    }
  });

  it('says which gradient is missing', () => {
    const optimizer = createOptimizer('sgd');
    const w = tf.variable(tf.zeros([2]));
    expect(() => optimizer.update(new Map([['W9', w]]), new Map())).toThrow(
      /no gradient for parameter W9/,
    );
    w.dispose();
  });
});
