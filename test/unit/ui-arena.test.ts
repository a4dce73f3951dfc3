import { describe, expect, it } from 'vitest';
import {
  arrowVector,
  cartPoleGeometry,
  fillFraction,
  fitBoard,
  formatQ,
  formatReturn,
  greedyFromQ,
  lerp,
  maxAbs,
  returnCurve,
  scoreParts,
  trainingFacts,
  valueColor,
  valuesFromQ,
  zeroBasedRange,
} from '../../src/ui/arena-math';
import { DIVERGING_DARK } from '../../src/ui/color-map';

describe('fitBoard', () => {
  it('fits whole-pixel square cells and centres the board', () => {
    // Catch's 10x5 board in a 366x300 area: the height limits the cell to 30 px.
    const b = fitBoard({ x: 12, y: 40, width: 366, height: 300 }, 10, 5);
    expect(b.cell).toBe(30);
    expect(b.width).toBe(150);
    expect(b.height).toBe(300);
    expect(b.x).toBe(12 + 108);
    expect(b.y).toBe(40);
  });
  it('never gives a cell under 1 px', () => {
    expect(fitBoard({ x: 0, y: 0, width: 5, height: 5 }, 10, 10).cell).toBe(1);
  });
});

describe('score line', () => {
  it('formats returns: integers plain, fractions with 2 decimals, a real minus', () => {
    expect(formatReturn(12)).toBe('12');
    expect(formatReturn(-0.07)).toBe('−0.07');
    expect(formatReturn(0.5)).toBe('0.50');
    expect(formatReturn(Number.NaN)).toBe('—');
  });
  it('lists return, step and episode in order, leaving out unknown ones', () => {
    expect(scoreParts({ episodeReturn: 3, step: 40, episode: 7 })).toEqual([
      ['return', '3'],
      ['step', '40'],
      ['episode', '7'],
    ]);
    expect(scoreParts({ step: 0 })).toEqual([['step', '0']]);
    expect(scoreParts(undefined)).toEqual([]);
  });
});

describe('arrows and greedy actions', () => {
  it('points up, right, down, left for actions 0..3 (screen y downward)', () => {
    expect(arrowVector(0)).toEqual([0, -1]);
    expect(arrowVector(1)).toEqual([1, 0]);
    expect(arrowVector(2)).toEqual([0, 1]);
    expect(arrowVector(3)).toEqual([-1, 0]);
    expect(arrowVector(-1)).toBeNull();
    expect(arrowVector(4)).toBeNull();
    expect(arrowVector(1.5)).toBeNull();
  });
  it('takes the argmax per state, and no arrow where all values are equal', () => {
    const q = new Float32Array([0, 0, 0, 0, 0.1, 0.5, -1, 0.2, -2, -1, -3, -1]);
    expect(Array.from(greedyFromQ(q, 4))).toEqual([-1, 1, 1]);
    expect(Array.from(valuesFromQ(q, 4))).toEqual([0, 0.5, -1]);
  });
  it('rejects a table that is not whole rows', () => {
    expect(() => greedyFromQ(new Float32Array(7), 4)).toThrow(/whole number of rows/);
  });
});

describe('value colours', () => {
  it('maps zero to the neutral colour and ±scale to the ends', () => {
    expect(valueColor(0, 1, DIVERGING_DARK)).toBe(DIVERGING_DARK.zero);
    expect(valueColor(2, 2, DIVERGING_DARK)).toBe(DIVERGING_DARK.positive);
    expect(valueColor(-5, 2, DIVERGING_DARK)).toBe(DIVERGING_DARK.negative);
    expect(valueColor(1, 0, DIVERGING_DARK)).toBe(DIVERGING_DARK.zero);
    expect(valueColor(Number.NaN, 1, DIVERGING_DARK)).toBe(DIVERGING_DARK.zero);
  });
  it('scales by the largest finite |value| of the included cells', () => {
    const v = [0.5, -3, Number.NaN, 9];
    expect(maxAbs(v)).toBe(9);
    expect(maxAbs(v, (i) => i !== 3)).toBe(3);
    expect(maxAbs([])).toBe(0);
  });
});

describe('bar ranges', () => {
  it('always contains the zero line, with headroom on the used sides', () => {
    expect(zeroBasedRange([1, 2, 3])).toEqual([0, 3 + 3 * 0.08]);
    const [lo, hi] = zeroBasedRange([-4, -1]);
    expect(lo).toBeCloseTo(-4 - 4 * 0.08);
    expect(hi).toBe(0);
    const [lo2, hi2] = zeroBasedRange([-1, 3]);
    expect(lo2).toBeCloseTo(-1.32);
    expect(hi2).toBeCloseTo(3.32);
    expect(zeroBasedRange([0, 0])).toEqual([0, 1]);
    expect(zeroBasedRange([Number.NaN])).toEqual([0, 1]);
  });
  it('prints Q-values short enough for the value column', () => {
    expect(formatQ(-0.1257)).toBe('−0.13');
    expect(formatQ(42.37)).toBe('42.4');
    expect(formatQ(487.6)).toBe('488');
    expect(formatQ(Number.NaN)).toBe('—');
  });
});

describe('CartPole geometry', () => {
  it('places the cart by x and leans the pole right for positive theta', () => {
    const up = cartPoleGeometry(0, 0, 200, 50);
    expect(up.cartX).toBe(200);
    expect(up.tipDx).toBeCloseTo(0);
    expect(up.tipDy).toBeCloseTo(-50);
    const g = cartPoleGeometry(1, Math.PI / 6, 200, 50);
    expect(g.cartX).toBe(250);
    expect(g.tipDx).toBeCloseTo(25);
    expect(g.tipDy).toBeCloseTo(-50 * Math.cos(Math.PI / 6));
    expect(cartPoleGeometry(-2.4, -0.1, 200, 50).cartX).toBe(80);
  });
  it('interpolates with u clamped', () => {
    expect(lerp(0, 10, 0.25)).toBe(2.5);
    expect(lerp(0, 10, 2)).toBe(10);
    expect(lerp(0, 10, -1)).toBe(0);
  });
});

describe('training panel', () => {
  it('clamps the replay fill', () => {
    expect(fillFraction(500, 1000)).toBe(0.5);
    expect(fillFraction(2000, 1000)).toBe(1);
    expect(fillFraction(5, 0)).toBe(0);
  });
  it('joins the known counts', () => {
    expect(trainingFacts({ envSteps: 12000, updates: 3000, backend: 'wasm' })).toBe(
      '12,000 steps · 3,000 updates · wasm',
    );
    expect(trainingFacts({})).toBe('');
  });
});

describe('return curve', () => {
  it('numbers episodes from 1', () => {
    const { raw, average } = returnCurve([10, 20], 5);
    expect(raw).toEqual([
      [1, 10],
      [2, 20],
    ]);
    expect(average).toEqual([
      [1, 10],
      [2, 15],
    ]);
  });
});
