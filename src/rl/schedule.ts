/**
 * A linear schedule (DQN's epsilon annealing, Mnih et al. 2015: 1.0 to 0.1 over the first
 * million frames, then held). `value(t)` moves from `start` to `end` over `steps` steps and
 * stays at `end` after; the same shape serves learning rates or any other annealed value.
 */
export interface LinearScheduleConfig {
  start: number;
  end: number;
  /** Steps over which the value moves from start to end (0: `end` from the first step). */
  steps: number;
}

export class LinearSchedule {
  constructor(readonly config: LinearScheduleConfig) {
    const { start, end, steps } = config;
    if (!Number.isFinite(start) || !Number.isFinite(end)) {
      throw new Error(`schedule start and end must be finite, got ${start} and ${end}`);
    }
    if (!Number.isInteger(steps) || steps < 0) {
      throw new Error(`schedule steps must be an integer >= 0, got ${steps}`);
    }
  }

  /** The value at step t (t < 0 reads as 0). */
  value(t: number): number {
    const { start, end, steps } = this.config;
    if (steps === 0) return end;
    const fraction = Math.min(1, Math.max(0, t) / steps);
    return start + (end - start) * fraction;
  }
}
