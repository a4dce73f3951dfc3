/**
 * Before/after of a net's training speed in ONE process: the same net built by two checkouts'
 * code (one tfjs, one wasm module), steps alternating A, B, A, B..., medians of each. This VM's
 * speed drifts by 15-30 % from minute to minute, so two separate runs cannot show a 10 % change;
 * alternating steps can (both sides see the same drift).
 *
 *   git worktree add /tmp/ab-base COMMIT && ln -s "$PWD/node_modules" /tmp/ab-base/node_modules
 *   npm run bench:ab:nets -- --a /tmp/ab-base [--b .] [--net simple-conv|deep-conv|two-layer]
 *                            [--batch 100] [--steps 20]
 *
 * Prints one JSON line: ms per step and samples/s of each side and the speed-up B over A.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { chooseBackend } from '../../src/nn/backend';

const { values } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string', default: '.' },
    net: { type: 'string', default: 'simple-conv' },
    batch: { type: 'string', default: '100' },
    steps: { type: 'string', default: '20' },
  },
});
if (!values.a) throw new Error('--a DIR (a checkout of the code to compare against) is required');
const batch = Number(values.batch);
const steps = Number(values.steps);
if (!(Number.isInteger(batch) && batch >= 1 && batch <= 1000)) throw new Error('--batch: 1..1000');
if (!(Number.isInteger(steps) && steps >= 3 && steps <= 10_000))
  throw new Error('--steps: 3..10000');

interface NetModule {
  createNet(
    config: object,
    seed: number,
  ): {
    gradient(x: tf.Tensor, t: tf.Tensor): { loss: tf.Tensor; grads: Map<string, tf.Tensor> };
    params: Map<string, tf.Variable>;
  };
  defaultConfig(kind: string): object;
}
interface OptimizerModule {
  createOptimizer(name: string, lr: number): { update(params: unknown, grads: unknown): void };
}

await chooseBackend({ request: 'wasm' });
const x = tf.randomUniform([batch, 1, 28, 28], 0, 1, 'float32', 1);
const t = tf.cast(
  tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32', 2) as tf.Tensor1D, 10),
  'float32',
);

/** One SGD step of the net as `dir`'s code builds and trains it. */
async function stepper(dir: string): Promise<() => void> {
  const root = resolve(dir);
  const nets = (await import(`${root}/src/nn/nets/index.ts`)) as NetModule;
  const optimizers = (await import(`${root}/src/nn/optimizers/index.ts`)) as OptimizerModule;
  const net = nets.createNet({ ...nets.defaultConfig(values.net as string) }, 1);
  const optimizer = optimizers.createOptimizer('sgd', 0.01);
  return () => {
    const g = net.gradient(x, t);
    optimizer.update(net.params, g.grads);
    g.loss.dataSync();
    tf.dispose([g.loss, ...g.grads.values()]);
  };
}

const a = await stepper(values.a);
const b = await stepper(values.b as string);
for (let i = 0; i < 2; i++) {
  a();
  b();
}
const ta: number[] = [];
const tb: number[] = [];
for (let i = 0; i < steps; i++) {
  let s = performance.now();
  a();
  ta.push(performance.now() - s);
  s = performance.now();
  b();
  tb.push(performance.now() - s);
}
const median = (v: number[]) => [...v].sort((p, q) => p - q)[v.length >> 1];
const [ma, mb] = [median(ta), median(tb)];
console.log(
  JSON.stringify({
    bench: 'ab-net',
    net: values.net,
    batch,
    steps,
    a: resolve(values.a),
    b: resolve(values.b as string),
    // Three significant digits: a small net's ~1 ms step rounded to 0.1 ms would make the
    // printed times disagree with the printed ratio by several per cent.
    aMsPerStep: Number(ma.toPrecision(3)),
    bMsPerStep: Number(mb.toPrecision(3)),
    aSamplesPerSecond: Math.round((batch * 1000) / ma),
    bSamplesPerSecond: Math.round((batch * 1000) / mb),
    speedup: Number((ma / mb).toFixed(3)),
  }),
);
