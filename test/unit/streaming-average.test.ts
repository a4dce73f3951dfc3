import { describe, expect, it } from 'vitest';
import { StreamingAverage } from '../../src/app/learn/experiments/streaming-average';
import { movingAverage } from '../../src/math/array-math';

describe('StreamingAverage', () => {
  it('streams, in any batching, the moving average the finished experiment draws', () => {
    const losses: Record<string, number[]> = {
      sgd: Array.from({ length: 57 }, (_, i) => 2.3 - i * 0.01 + (i % 3) * 0.05),
      rmsprop: Array.from({ length: 41 }, (_, i) => (i === 2 ? 10 : 1 / (i + 1))),
    };
    const triples: Array<[string, number, number]> = [];
    for (const [variant, values] of Object.entries(losses))
      for (const [i, v] of values.entries()) triples.push([variant, i + 1, v]);
    const stream = new StreamingAverage(20);
    const got: Record<string, Array<[number, number]>> = { sgd: [], rmsprop: [] };
    // Uneven batches, one straddling the change of variant (as the worker's messages can).
    for (const size of [1, 7, 50, 3, 100]) {
      for (const [variant, points] of stream.add(triples.splice(0, size)))
        got[variant].push(...points);
    }
    expect(triples).toEqual([]);
    for (const [variant, values] of Object.entries(losses)) {
      const want = movingAverage(values, 20);
      expect(got[variant].map(([x]) => x)).toEqual(values.map((_, i) => i + 1));
      for (const [i, [, y]] of got[variant].entries()) expect(y).toBeCloseTo(want[i], 10);
    }
  });

  it('gives nothing for nothing', () => {
    expect(new StreamingAverage(5).add([]).size).toBe(0);
  });
});
