import { describe, expect, it } from 'vitest';
import {
  etaSeconds,
  formatCount,
  formatDuration,
  formatProbability,
  formatRate,
  percentOf,
  RateEstimator,
} from '../../src/ui/format';

describe('formatDuration', () => {
  it('writes mm:ss, and h:mm:ss from an hour on', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(9)).toBe('00:09');
    expect(formatDuration(83)).toBe('01:23');
    expect(formatDuration(59.2)).toBe('01:00');
    expect(formatDuration(3599)).toBe('59:59');
    expect(formatDuration(3600)).toBe('1:00:00');
    expect(formatDuration(36_000 + 62)).toBe('10:01:02');
  });

  it('says unknown for missing, negative or infinite durations', () => {
    expect(formatDuration(undefined)).toBe('--:--');
    expect(formatDuration(Number.NaN)).toBe('--:--');
    expect(formatDuration(-1)).toBe('--:--');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('--:--');
  });
});

describe('counts, rates and percentages', () => {
  it('formats counts and rates', () => {
    expect(formatCount(60000)).toBe('60,000');
    expect(formatRate(9123.4, 'samples')).toBe('9,123 samples/s');
    expect(formatRate(45678, 'samples')).toBe('45.7k samples/s');
    expect(formatRate(12.345, 'steps')).toBe('12.3 steps/s');
    expect(formatRate(2.5e6, 'samples')).toBe('2.5M samples/s');
    expect(formatRate(undefined, 'samples')).toBe('— samples/s');
  });

  it('clamps percentages and survives a zero total', () => {
    expect(percentOf(30, 120)).toBe(25);
    expect(percentOf(200, 100)).toBe(100);
    expect(percentOf(5, 0)).toBe(0);
  });

  it('labels class probabilities', () => {
    expect(formatProbability(0.934)).toBe('93%');
    expect(formatProbability(0.007)).toBe('<1%');
    expect(formatProbability(0.001)).toBe('');
    expect(formatProbability(Number.NaN)).toBe('');
  });
});

describe('RateEstimator and ETA', () => {
  it('measures a steady rate and predicts the time left', () => {
    const r = new RateEstimator(2);
    expect(r.observe(0, 0)).toBeUndefined();
    for (let t = 1; t <= 10; t++) r.observe(t * 50, t);
    expect(r.rate).toBeCloseTo(50, 6);
    expect(etaSeconds(500, 1000, r.rate)).toBeCloseTo(10, 6);
  });

  it('smooths one slow step instead of jumping to it', () => {
    const r = new RateEstimator(3);
    r.observe(0, 0);
    for (let t = 1; t <= 10; t++) r.observe(t * 100, t);
    // One step that took 2 s for 10 units (a shader compile, a GC pause).
    const after = r.observe(1010, 12) ?? 0;
    expect(after).toBeLessThan(100);
    expect(after).toBeGreaterThan(50);
  });

  it('restarts when the count goes back (a new run)', () => {
    const r = new RateEstimator();
    r.observe(0, 0);
    r.observe(100, 1);
    expect(r.observe(5, 2)).toBeUndefined();
  });

  it('has no ETA without a positive rate', () => {
    expect(etaSeconds(1, 10, undefined)).toBeUndefined();
    expect(etaSeconds(1, 10, 0)).toBeUndefined();
    expect(etaSeconds(20, 10, 5)).toBe(0);
  });
});
