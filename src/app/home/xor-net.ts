/**
 * The smallest net that needs a hidden layer: 2 inputs, 2 sigmoid hidden units, 1 sigmoid
 * output, learning XOR by full-batch gradient descent on the cross-entropy loss. Plain numbers,
 * no tensors: a step over the four inputs costs well under a microsecond, so the Home page can
 * train it live on the main thread (the real nets train in workers).
 */
import { Mulberry32 } from '../../math/mulberry32';
import type { Bit, PerceptronWeights } from '../../nn/perceptron';

/** XOR's four inputs and targets, in the order of the perceptron plot's GATE_INPUTS. */
export const XOR_INPUTS: ReadonlyArray<readonly [number, number]> = [
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
];
export const XOR_TARGETS: readonly Bit[] = [0, 1, 1, 0];

/** The net's eleven numbers (named like the book's W1, b1, W2, b2). */
export interface XorParams {
  /** W1[i][j]: input i to hidden unit j. */
  w1: [[number, number], [number, number]];
  b1: [number, number];
  /** W2[j]: hidden unit j to the output. */
  w2: [number, number];
  b2: number;
}

const sigmoid = (a: number): number => 1 / (1 + Math.exp(-a));

export class XorNet {
  params: XorParams;
  /** Gradient steps taken since the last reset. */
  steps = 0;

  constructor(seed: number) {
    this.params = XorNet.init(seed);
  }

  /** Small random weights (uniform in ±1), zero biases: a fresh start for `seed`. */
  static init(seed: number): XorParams {
    const rng = new Mulberry32(seed);
    const u = (): number => rng.uniform(-1, 1);
    return {
      w1: [
        [u(), u()],
        [u(), u()],
      ],
      b1: [0, 0],
      w2: [u(), u()],
      b2: 0,
    };
  }

  reset(seed: number): void {
    this.params = XorNet.init(seed);
    this.steps = 0;
  }

  /** The hidden activations and the output probability for one input. */
  forward(x1: number, x2: number): { h: [number, number]; y: number } {
    const p = this.params;
    const h: [number, number] = [
      sigmoid(x1 * p.w1[0][0] + x2 * p.w1[1][0] + p.b1[0]),
      sigmoid(x1 * p.w1[0][1] + x2 * p.w1[1][1] + p.b1[1]),
    ];
    return { h, y: sigmoid(h[0] * p.w2[0] + h[1] * p.w2[1] + p.b2) };
  }

  /** Mean cross-entropy over the four inputs. */
  loss(): number {
    let sum = 0;
    XOR_INPUTS.forEach(([x1, x2], i) => {
      const y = Math.min(1 - 1e-12, Math.max(1e-12, this.forward(x1, x2).y));
      sum -= XOR_TARGETS[i] * Math.log(y) + (1 - XOR_TARGETS[i]) * Math.log(1 - y);
    });
    return sum / XOR_INPUTS.length;
  }

  /** The gradient of loss() by backpropagation, in the shape of the parameters. */
  gradient(): XorParams {
    const p = this.params;
    const g: XorParams = {
      w1: [
        [0, 0],
        [0, 0],
      ],
      b1: [0, 0],
      w2: [0, 0],
      b2: 0,
    };
    const n = XOR_INPUTS.length;
    XOR_INPUTS.forEach(([x1, x2], i) => {
      const { h, y } = this.forward(x1, x2);
      // Sigmoid with cross-entropy: dL/da at the output is y - t (as SoftmaxWithLoss).
      const dy = (y - XOR_TARGETS[i]) / n;
      g.b2 += dy;
      for (let j = 0; j < 2; j++) {
        g.w2[j] += dy * h[j];
        const dh = dy * p.w2[j] * h[j] * (1 - h[j]);
        g.b1[j] += dh;
        g.w1[0][j] += dh * x1;
        g.w1[1][j] += dh * x2;
      }
    });
    return g;
  }

  /** One step of gradient descent; returns the loss before it. */
  train(learningRate: number): number {
    const loss = this.loss();
    const g = this.gradient();
    const p = this.params;
    for (let j = 0; j < 2; j++) {
      p.w1[0][j] -= learningRate * g.w1[0][j];
      p.w1[1][j] -= learningRate * g.w1[1][j];
      p.b1[j] -= learningRate * g.b1[j];
      p.w2[j] -= learningRate * g.w2[j];
    }
    p.b2 -= learningRate * g.b2;
    this.steps++;
    return loss;
  }

  /** How many of the four inputs the net gets right (output on the right side of 0.5). */
  correct(): number {
    return XOR_INPUTS.filter(
      ([x1, x2], i) => this.forward(x1, x2).y > 0.5 === (XOR_TARGETS[i] === 1),
    ).length;
  }

  /**
   * Each hidden unit as a perceptron (its line w1·x1 + w2·x2 + b = 0 is where it switches)
   * and the output unit as a perceptron on the hidden units: what the perceptron plot draws.
   * Exact where the hidden units are saturated, which training drives them towards.
   */
  asPerceptrons(): { hidden: [PerceptronWeights, PerceptronWeights]; output: PerceptronWeights } {
    const p = this.params;
    const unit = (j: 0 | 1): PerceptronWeights => ({ w1: p.w1[0][j], w2: p.w1[1][j], b: p.b1[j] });
    return { hidden: [unit(0), unit(1)], output: { w1: p.w2[0], w2: p.w2[1], b: p.b2 } };
  }
}
