/** Frame-time statistics from the intervals between animation frames (ms). */
export interface FrameStats {
  frames: number;
  p50: number;
  p95: number;
  max: number;
  /** Frames per second over the measured time. */
  fps: number;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function frameStats(intervals: readonly number[]): FrameStats {
  if (intervals.length === 0) throw new Error('frameStats: no frames were measured');
  const sorted = [...intervals].sort((a, b) => a - b);
  const total = intervals.reduce((a, b) => a + b, 0);
  return {
    frames: intervals.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted[sorted.length - 1],
    fps: total > 0 ? (1000 * intervals.length) / total : 0,
  };
}
