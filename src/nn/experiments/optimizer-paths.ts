/**
 * Book fig. 6-8: the paths SGD, Momentum, AdaGrad and Adam take on f(x, y) = x²/20 + y²
 * from (-7, 2), with the book's learning rates. The same function feeds the CLI's JSON and
 * the Learn area's plot. The updates are our optimizers, on a 2-element parameter tensor.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createOptimizer } from '../optimizers';
import type { OptimizerName } from '../optimizers/optimizer';

export const OPTIMIZER_PATH_SETTINGS: Array<{ optimizer: OptimizerName; lr: number }> = [
  { optimizer: 'sgd', lr: 0.95 },
  { optimizer: 'momentum', lr: 0.1 },
  { optimizer: 'adagrad', lr: 1.5 },
  { optimizer: 'adam', lr: 0.3 },
];

export interface OptimizerPathsResult {
  experiment: 'optimizer-paths';
  function: 'x^2/20 + y^2';
  start: [number, number];
  steps: number;
  paths: Array<{
    optimizer: OptimizerName;
    lr: number;
    points: Array<[number, number]>;
    finalValue: number;
  }>;
}

export const pathObjective = (x: number, y: number): number => (x * x) / 20 + y * y;

export function optimizerPaths(
  steps = 30,
  start: [number, number] = [-7, 2],
): OptimizerPathsResult {
  const paths = OPTIMIZER_PATH_SETTINGS.map(({ optimizer: name, lr }) => {
    const optimizer = createOptimizer(name, lr);
    const p = tf.variable(tf.tensor1d(start));
    const points: Array<[number, number]> = [[start[0], start[1]]];
    for (let i = 0; i < steps; i++) {
      const [x, y] = p.dataSync();
      // The analytic gradient (x/10, 2y): this experiment is about the update rules.
      const g = tf.tensor1d([x / 10, 2 * y]);
      optimizer.update(new Map([['p', p]]), new Map([['p', g]]));
      g.dispose();
      const [nx, ny] = p.dataSync();
      points.push([nx, ny]);
    }
    p.dispose();
    optimizer.dispose();
    const [x, y] = points[points.length - 1];
    return { optimizer: name, lr, points, finalValue: pathObjective(x, y) };
  });
  return { experiment: 'optimizer-paths', function: 'x^2/20 + y^2', start, steps, paths };
}
