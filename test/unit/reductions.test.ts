import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { columnSum } from '../../src/nn/layers/reductions';

/** Σ over rows in float64 on the host: the reference. */
function hostColumnSum(values: Float32Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c] += values[r * cols + c];
  return out;
}

describe('columnSum', () => {
  // Below 1024 rows tf.sum runs; from 1024 on wasm the one-window average pooling does.
  for (const [rows, cols] of [
    [7, 5],
    [100, 100],
    [1024, 3],
    [57_600, 30],
  ] as const) {
    it(`sums the rows of [${rows}, ${cols}] on ${tf.getBackend()}`, () => {
      const d = tf.randomNormal([rows, cols], 0.5, 1, 'float32', rows + cols);
      const values = d.dataSync() as Float32Array;
      const got = columnSum(d);
      expect(got.shape).toEqual([cols]);
      const want = hostColumnSum(values, rows, cols);
      const g = got.dataSync();
      for (let c = 0; c < cols; c++) {
        // float32 accumulation over up to 57,600 rows of N(0.5, 1): a few parts in 1e5 of √rows.
        expect(Math.abs(g[c] - want[c])).toBeLessThan(1e-5 * rows + 1e-4);
      }
      tf.dispose([d, got]);
    });
  }

  it('leaves no tensor behind and refuses a non-matrix', () => {
    const d = tf.ones([2048, 4]);
    const before = tf.memory().numTensors;
    const s = columnSum(d);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(Array.from(s.dataSync())).toEqual([2048, 2048, 2048, 2048]);
    tf.dispose([d, s]);
    const cube = tf.ones([2, 2, 2]);
    expect(() => columnSum(cube)).toThrow(/matrix \[R, C\]/);
    cube.dispose();
  });
});
