/**
 * `npm run bench:kernels:dqn -- [--env cartpole|breakout|snake|catch] [--steps 256]`
 *
 * Where a DQN preset's training time goes on wasm, kernel by kernel (tf.profile of the train
 * loop over `--steps` env steps, past warm-up, as bench/ab/dqn.ts builds it): each kernel's
 * calls, ms and share, and the matrix products' GFLOP/s from their shapes against the ceiling
 * (measure.ts). Then the loop's env steps per second over 10x as many steps, unprofiled.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { chooseBackend } from '../../src/nn/backend';
import { buildAgent, DqnTrainLoop } from '../../src/rl';
import { emit, gemmCeiling, round } from './measure';

const { values } = parseArgs({
  options: {
    env: { type: 'string', default: 'cartpole' },
    steps: { type: 'string', default: '256' },
  },
  strict: true,
});
const env = values.env as string;
const steps = Number(values.steps);
if (!Number.isInteger(steps) || steps < 1) throw new Error('--steps must be an integer >= 1');

await chooseBackend({ request: 'wasm' });
const ceiling = gemmCeiling(5);
const built = buildAgent(env, 'dqn', 0, { learningStarts: 64, replayCapacity: 5000 });
if (built.kind !== 'dqn') throw new Error('expected a DQN agent');
const loop = new DqnTrainLoop(built.agent, built.makeEnv, { seed: 0 });
await loop.run(1024);

/** FLOPs of a BatchMatMul from its shapes (batch x M x K times K x N, or transposed views). */
function matMulFlops(inputs: number[][], output: number[]): number {
  const k = inputs[0].length >= 2 ? inputs[0][inputs[0].length - 1] : 1;
  const kAlt = inputs[0].length >= 2 ? inputs[0][inputs[0].length - 2] : 1;
  const outer = output.reduce((a, b) => a * b, 1);
  // The reduced axis is whichever of A's last two is not M (output's second-last).
  const m = output[output.length - 2];
  return 2 * outer * (kAlt === m ? k : kAlt);
}

const wallStart = performance.now();
const profile = await tf.profile(async () => {
  await loop.run(steps);
});
const wallMs = performance.now() - wallStart;
const rows = new Map<string, { calls: number; ms: number; flops: number }>();
for (const k of profile.kernels) {
  // tf.profile also lists ops with a custom gradient (fusedConv2d__op) beside the kernel they
  // run (FusedConv2D): counting both would count that time twice.
  if (k.name.endsWith('__op')) continue;
  const row = rows.get(k.name) ?? { calls: 0, ms: 0, flops: 0 };
  row.calls++;
  row.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
  if (k.name === 'BatchMatMul') row.flops += matMulFlops(k.inputShapes, k.outputShapes[0]);
  rows.set(k.name, row);
}
const kernelMs = [...rows.values()].reduce((s, r) => s + r.ms, 0);
for (const [name, r] of [...rows].sort((a, b) => b[1].ms - a[1].ms)) {
  const gflops = r.flops > 0 ? r.flops / r.ms / 1e6 : null;
  emit({
    bench: 'kernels-dqn',
    env,
    kernel: name,
    calls: r.calls,
    ms: round(r.ms),
    shareOfKernels: round(r.ms / kernelMs, 2),
    ...(gflops === null ? {} : { gflops: round(gflops), ofCeiling: round(gflops / ceiling, 2) }),
  });
}
const start = performance.now();
await loop.run(steps * 10);
const seconds = (performance.now() - start) / 1000;
emit({
  bench: 'kernels-dqn',
  env,
  profiledSteps: steps,
  kernels: [...rows.values()].reduce((s, r) => s + r.calls, 0),
  kernelMs: round(kernelMs),
  profiledWallMs: round(wallMs),
  envStepsPerSecond: Math.round((steps * 10) / seconds),
});
