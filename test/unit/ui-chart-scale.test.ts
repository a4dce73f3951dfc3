import { describe, expect, it } from 'vitest';
import {
  boundedTicks,
  fittedTicks,
  formatAxisValue,
  formatLog,
  formatTick,
  formatValue,
  logTicks,
  niceNum,
  niceTicks,
  niceTicksFixed,
  rangeTicks,
  stepDecimals,
} from '../../src/ui/chart-scale';

describe('niceNum', () => {
  it('rounds to 1, 2, 2.5, 5 or 10 times a power of ten', () => {
    expect(niceNum(0.13, true)).toBe(0.1);
    expect(niceNum(0.19, true)).toBe(0.2);
    expect(niceNum(3, true)).toBe(2.5);
    expect(niceNum(7, true)).toBe(5);
    expect(niceNum(8, true)).toBe(10);
    expect(niceNum(2.2, false)).toBe(2.5);
    expect(niceNum(430, false)).toBe(500);
  });
});

describe('niceTicks', () => {
  it('covers the data with evenly spaced nice values', () => {
    const t = niceTicks(0.06, 2.43);
    expect(t.values).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(t.min).toBeLessThanOrEqual(0.06);
    expect(t.max).toBeGreaterThanOrEqual(2.43);
  });

  it('has no float noise in its values', () => {
    const t = niceTicks(0, 0.9, { maxTicks: 10 });
    expect(t.step).toBe(0.1);
    for (const v of t.values) expect(String(v).length).toBeLessThanOrEqual(3);
    expect(t.values).toContain(0.3);
  });

  it('keeps within maxTicks intervals', () => {
    for (const [lo, hi] of [
      [0, 2999],
      [0.001, 0.0173],
      [-3.2, 41],
      [12, 13],
      [0, 60000],
    ]) {
      const t = niceTicks(lo, hi, { maxTicks: 5 });
      expect(t.values.length - 1).toBeLessThanOrEqual(5);
      expect(t.values.length).toBeGreaterThanOrEqual(2);
      expect(t.min).toBeLessThanOrEqual(lo);
      expect(t.max).toBeGreaterThanOrEqual(hi);
    }
  });

  it('uses whole-number steps for integer axes', () => {
    const t = niceTicks(1, 3, { integer: true });
    expect(t.step).toBe(1);
    expect(t.values.every(Number.isInteger)).toBe(true);
    expect(niceTicks(0, 12, { integer: true, maxTicks: 5 }).step).not.toBe(2.5);
  });

  it('widens a degenerate or missing range', () => {
    const flat = niceTicks(0.5, 0.5);
    expect(flat.min).toBeLessThan(0.5);
    expect(flat.max).toBeGreaterThan(0.5);
    const zero = niceTicks(0, 0);
    expect(zero.min).toBeLessThan(0);
    expect(zero.max).toBeGreaterThan(0);
    const none = niceTicks(Number.NaN, Number.POSITIVE_INFINITY);
    expect(none.values.length).toBeGreaterThan(1);
  });
});

describe('logTicks', () => {
  it('puts a tick on every decade, with 2x and 5x for short ranges', () => {
    expect(logTicks(0.3, 2.3).values).toEqual([0.1, 0.2, 0.5, 1, 2, 5, 10]);
    expect(logTicks(0.03, 2.3).values).toEqual([0.01, 0.1, 1, 10]);
    const long = logTicks(2e-4, 10);
    expect(long.values).toEqual([1e-4, 1e-3, 0.01, 0.1, 1, 10]);
  });

  it('labels every other decade on very long axes', () => {
    const t = logTicks(1e-10, 1e4);
    expect(t.values.length).toBeLessThanOrEqual(8);
    expect(t.min).toBeLessThanOrEqual(1e-10);
    expect(t.max).toBeGreaterThanOrEqual(1e4);
  });
});

describe('tick and value labels', () => {
  it("writes every label of an axis with the step's decimals", () => {
    expect(formatTick(0.5, 0.5)).toBe('0.5');
    expect(formatTick(1, 0.5)).toBe('1.0');
    expect(formatTick(0.75, 0.25)).toBe('0.75');
    expect(formatTick(0.5, 0.25)).toBe('0.50');
    expect(formatTick(7.5, 2.5)).toBe('7.5');
    expect(formatTick(0.30000000000000004, 0.1)).toBe('0.3');
    expect(formatTick(3000, 1000)).toBe('3000');
    expect(formatTick(-0.2, 0.1)).toBe('−0.2');
  });

  it('abbreviates thousands on large axes', () => {
    expect(formatTick(20000, 10000)).toBe('20k');
    expect(formatTick(12500, 2500)).toBe('12.5k');
    expect(formatTick(3e6, 1e6)).toBe('3M');
  });

  it('formats percentages of a 0..1 axis', () => {
    expect(formatAxisValue(0.2, 0.2, 'percent')).toBe('20%');
    expect(formatAxisValue(0.975, 0.025, 'percent')).toBe('97.5%');
    expect(formatAxisValue(1, 0.2, 'percent')).toBe('100%');
  });

  it('reads out single values', () => {
    expect(formatValue(0.123456)).toBe('0.1235');
    expect(formatValue(Math.LN10)).toBe('2.303');
    expect(formatValue(12345.6)).toBe('12,346');
    expect(formatValue(0.9712, 'percent')).toBe('97.1%');
    expect(formatValue(undefined)).toBe('—');
    expect(formatValue(Number.NaN)).toBe('—');
    expect(formatValue(Number.POSITIVE_INFINITY)).toBe('∞');
    expect(formatValue(1.5e-5)).toBe('1.50e−5');
  });
});

describe('stepDecimals', () => {
  it('counts the decimals of a step, ignoring float noise', () => {
    expect(stepDecimals(10)).toBe(0);
    expect(stepDecimals(2.5)).toBe(1);
    expect(stepDecimals(0.25)).toBe(2);
    expect(stepDecimals(0.1 + 0.2)).toBe(1);
  });
});

describe('niceTicksFixed and rangeTicks', () => {
  it('keeps the axis at the fixed bounds, with nice ticks inside them', () => {
    const t = niceTicksFixed(0.05, 0.95);
    expect([t.min, t.max]).toEqual([0.05, 0.95]);
    expect(t.values.every((v) => v >= 0.05 && v <= 0.95)).toBe(true);
    expect(niceTicksFixed(0, 3, true).values).toEqual([0, 1, 2, 3]);
    expect(rangeTicks(0, 1, false)).toEqual(niceTicksFixed(0, 1));
    expect(rangeTicks(1e-4, 1, true)).toEqual(logTicks(1e-4, 1));
  });
});

describe('fittedTicks', () => {
  it('fits the data, with a default axis before there is any', () => {
    expect(fittedTicks(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, false)).toEqual(
      niceTicks(0, 1),
    );
    expect(fittedTicks(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, true)).toEqual(
      logTicks(0.01, 1),
    );
    expect(fittedTicks(0.2, 0.9, false)).toEqual(niceTicks(0.2, 0.9, { maxTicks: 5 }));
    expect(fittedTicks(1e-3, 2, true)).toEqual(logTicks(1e-3, 2));
  });
});

describe('formatLog', () => {
  it('writes decimals in the readable range and exponents beyond', () => {
    expect(formatLog(0.01)).toBe('0.01');
    expect(formatLog(1000)).toBe('1000');
    expect(formatLog(1e-6)).toBe('1e−6');
    expect(formatLog(2e-5)).toBe('2e−5');
    expect(formatLog(1e5)).toBe('1e5');
  });
});

describe('boundedTicks (accuracy axes fitted to the data)', () => {
  const ACCURACY = { bounds: [0, 1] as const, minSpan: 0.05 };

  it('shows a change from 0.91 to 0.935 across much of the axis, not as a flat line', () => {
    const t = boundedTicks(0.91, 0.935, ACCURACY);
    expect(t.min).toBeLessThanOrEqual(0.91);
    expect(t.max).toBeGreaterThanOrEqual(0.935);
    // On the old fixed 0..1 axis the change was 2.5% of the height; here it is a third or more.
    expect((0.935 - 0.91) / (t.max - t.min)).toBeGreaterThan(0.3);
    expect(t.values.length).toBeGreaterThanOrEqual(3);
    for (const v of t.values) expect(v).toBeGreaterThanOrEqual(t.min);
  });

  it('never goes past its bounds, sliding the window inside them', () => {
    const top = boundedTicks(0.985, 1, ACCURACY);
    expect(top.max).toBe(1);
    expect(top.min).toBeLessThanOrEqual(0.95);
    expect(top.values.every((v) => v <= 1)).toBe(true);
    const bottom = boundedTicks(0, 0.01, ACCURACY);
    expect(bottom.min).toBe(0);
    expect(bottom.max).toBeGreaterThanOrEqual(0.05);
    // A whole run from chance to 97%: the full bounds and no tick outside them.
    const full = boundedTicks(0.1, 0.97, ACCURACY);
    expect([full.min, full.max]).toEqual([0, 1]);
    // Data outside the bounds (a bad value) does not stretch the axis.
    const wild = boundedTicks(-3, 7, ACCURACY);
    expect([wild.min, wild.max]).toEqual([0, 1]);
  });

  it('keeps the minimum span, so noise of a thousandth is not magnified', () => {
    const t = boundedTicks(0.9, 0.901, ACCURACY);
    expect(t.max - t.min).toBeGreaterThanOrEqual(0.05);
    expect(t.min).toBeLessThanOrEqual(0.9);
    expect(t.max).toBeGreaterThanOrEqual(0.901);
  });

  it('draws a degenerate single-value series in the middle of a minimum-span axis', () => {
    const t = boundedTicks(0.5, 0.5, ACCURACY);
    expect(t.max - t.min).toBeGreaterThanOrEqual(0.05);
    expect(t.max - t.min).toBeLessThanOrEqual(0.1);
    expect(t.min).toBeLessThan(0.5);
    expect(t.max).toBeGreaterThan(0.5);
    const one = boundedTicks(1, 1, ACCURACY);
    expect(one.max).toBe(1);
    expect(one.min).toBeLessThan(1);
    // Without a minimum span a single value still gets an axis around it.
    const bare = boundedTicks(3, 3);
    expect(bare.min).toBeLessThan(3);
    expect(bare.max).toBeGreaterThan(3);
  });

  it('shows the whole bounds before there is any data', () => {
    const t = boundedTicks(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, ACCURACY);
    expect([t.min, t.max]).toEqual([0, 1]);
    expect(boundedTicks(Number.NaN, Number.NaN).values).toEqual(niceTicks(0, 1).values);
  });
});
