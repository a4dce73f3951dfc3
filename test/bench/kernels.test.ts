/**
 * bench/kernels with tiny settings: every layer call of a step is reported, the step's time
 * is about the sum of its calls, the convolutions carry GFLOP/s against a ceiling; the DQN
 * profile names its kernels and the matrix products' rate; and the
 * textbook im2col filter gradient it compares with equals the engine's (so the comparison is
 * between two ways of computing the same thing).
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { im2colFilterGradient } from '../../bench/kernels/im2col-filter-gradient';
import { filterGradientNHWC } from '../../src/nn/layers/filter-gradient';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');

interface Line {
  what: string;
  call?: string;
  ms?: number;
  gflops?: number;
  ofCeiling?: number;
  msPerStep?: number;
  engineMs?: number;
  im2colMs?: number;
}

describe('bench/kernels', () => {
  it('the im2col filter gradient equals the engine one (stride 1, with and without padding)', () => {
    for (const [n, h, c, o, k, pad] of [
      [2, 6, 1, 3, 3, 1],
      [3, 7, 2, 4, 3, 2],
      [2, 8, 1, 5, 5, 0],
    ]) {
      const [engine, textbook] = tf.tidy(() => {
        const a = tf.randomNormal([n, h, h, c], 0, 1, 'float32', 7) as tf.Tensor4D;
        const oh = h + 2 * pad - k + 1;
        const dz = tf.randomNormal([n, oh, oh, o], 0, 1, 'float32', 8) as tf.Tensor4D;
        return [
          filterGradientNHWC(a, dz, k, k, 1, pad).arraySync(),
          im2colFilterGradient(a, dz, k, pad).arraySync(),
        ];
      });
      const flat = (x: unknown) => (x as number[][][][]).flat(3);
      const e = flat(engine);
      const t = flat(textbook);
      expect(t.length).toBe(k * k * c * o);
      for (let i = 0; i < e.length; i++) expect(t[i]).toBeCloseTo(e[i], 4);
    }
  });

  it('reports the ceiling, every layer call of a SimpleConvNet step and its filter gradient', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'bench/kernels/main.ts',
        '--net',
        'simple-conv',
        '--batch',
        '4',
        '--reps',
        '1',
      ],
      { cwd: ROOT, timeout: 120_000 },
    );
    const lines = stdout
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Line);
    const of = (what: string) => lines.filter((l) => l.what === what);
    expect(of('ceiling')[0].gflops).toBeGreaterThan(0);
    const calls = of('layer').map((l) => l.call);
    // SimpleConvNet: LayoutChange, conv, relu, pool, LayoutChange, affine, relu, affine.
    expect(calls).toContain('1 Convolution forward');
    expect(calls).toContain('1 Convolution backward');
    expect(calls).toContain('7 Affine backward');
    expect(calls).not.toContain('0 ChannelsLast backward'); // below the first weights: skipped
    const conv = of('layer').find((l) => l.call === '1 Convolution forward');
    expect(conv?.gflops).toBeGreaterThan(0);
    const step = of('step')[0];
    const sum = of('layer').reduce((s, l) => s + (l.ms ?? 0), 0);
    expect(step.msPerStep).toBeGreaterThan(0);
    // One rep: the calls are sub-intervals of the one step timed, and most of it.
    expect(sum).toBeLessThanOrEqual((step.msPerStep ?? 0) * 1.01);
    expect(sum).toBeGreaterThan((step.msPerStep ?? 0) * 0.3);
    const dw = of('filter-gradient');
    expect(dw).toHaveLength(1);
    expect(dw[0].engineMs).toBeGreaterThan(0);
    expect(dw[0].im2colMs).toBeGreaterThan(0);
  }, 120_000);

  it("dqn.ts profiles a DQN preset's training kernel by kernel, matrix products with GFLOP/s", async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'bench/kernels/dqn.ts', '--env', 'cartpole', '--steps', '16'],
      { cwd: ROOT, timeout: 120_000 },
    );
    const lines = stdout
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, number | string>);
    expect(lines[0]).toMatchObject({ what: 'ceiling' });
    const matmul = lines.find((l) => l.kernel === 'BatchMatMul');
    expect(matmul?.calls).toBeGreaterThan(0);
    expect(matmul?.gflops).toBeGreaterThan(0);
    const shares = lines.filter((l) => l.kernel !== undefined).map((l) => Number(l.shareOfKernels));
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 1);
    const last = lines[lines.length - 1];
    expect(last).toMatchObject({ env: 'cartpole', profiledSteps: 16 });
    expect(last.kernels).toBeGreaterThan(0);
    expect(last.envStepsPerSecond).toBeGreaterThan(0);
  }, 120_000);
});
