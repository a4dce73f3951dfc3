/**
 * What bench/kernels' scripts share: JSON-line output, rounding, timing a tensor function, and
 * the machine's ceiling, XNNPACK's 512x512x512 matrix product on wasm (operands reused, so
 * their packing is cached), the best of the reps: what one core does at best, not what a
 * busy minute let it.
 */
import * as tf from '@tensorflow/tfjs-core';

export const emit = (line: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

export const median = (v: readonly number[]): number => [...v].sort((p, q) => p - q)[v.length >> 1];

export const round = (x: number, digits = 3): number => Number(x.toPrecision(digits));

/** Median (or best) wall ms of `f` over reps after two warm-up calls, its tensors freed. */
export function timed(
  f: () => tf.Tensor,
  reps: number,
  pick: 'median' | 'best' = 'median',
): number {
  const ms: number[] = [];
  for (let i = -2; i < reps; i++) {
    const start = performance.now();
    tf.tidy(() => {
      f();
    });
    if (i >= 0) ms.push(performance.now() - start);
  }
  return pick === 'best' ? ms.reduce((a, b) => Math.min(a, b)) : median(ms);
}

/** The ceiling in GFLOP/s, emitted as a `ceiling` line. */
export function gemmCeiling(reps: number): number {
  const side = 512;
  const [a, b] = [tf.randomNormal([side, side]), tf.randomNormal([side, side])];
  const ms = timed(() => tf.matMul(a, b), Math.max(reps, 5), 'best');
  tf.dispose([a, b]);
  const gflops = (2 * side ** 3) / ms / 1e6;
  emit({
    bench: 'kernels',
    what: 'ceiling',
    gemm: `${side}x${side}x${side}`,
    ms: round(ms),
    gflops: round(gflops),
  });
  return gflops;
}
