import { describe, expect, it } from 'vitest';
import { WorkClock } from '../../src/app/learn/experiments/work-clock';

describe('WorkClock', () => {
  it('counts working time only, leaving the pauses out', () => {
    let now = 1000;
    const clock = new WorkClock(() => now);
    expect(clock.seconds).toBe(0);
    clock.start();
    now += 2000;
    expect(clock.seconds).toBe(2);
    clock.stop();
    now += 5000; // paused
    expect(clock.seconds).toBe(2);
    clock.start();
    clock.start(); // already counting: no restart
    now += 1000;
    expect(clock.running).toBe(true);
    expect(clock.seconds).toBe(3);
    clock.stop();
    clock.stop();
    expect(clock.seconds).toBe(3);
    // 3 s for 3 of 10: 7 s to go.
    expect(clock.eta(3, 10)).toBe(7);
  });
});
