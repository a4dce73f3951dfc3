/** The frame-time benchmark's statistics on hand-computed cases. */
import { describe, expect, it } from 'vitest';
import { frameStats } from '../../bench/frames/frame-stats';

describe('frameStats', () => {
  it('reads nearest-rank percentiles, the worst frame and the rate', () => {
    // 19 smooth frames and one 300 ms stall: p50 and p95 stay smooth, max shows the stall.
    const intervals = [...Array(19).fill(16), 300];
    const s = frameStats(intervals);
    expect(s.frames).toBe(20);
    expect(s.p50).toBe(16);
    expect(s.p95).toBe(16);
    expect(s.max).toBe(300);
    expect(s.fps).toBeCloseTo((1000 * 20) / (19 * 16 + 300), 6);
  });

  it('a stall every tenth frame shows at p95', () => {
    const intervals = Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? 100 : 16));
    expect(frameStats(intervals).p95).toBe(100);
    expect(frameStats(intervals).p50).toBe(16);
  });

  it('refuses an empty measurement', () => {
    expect(() => frameStats([])).toThrow(/no frames/);
  });
});
