import { describe, expect, it } from 'vitest';
import {
  BOOK_XOR,
  gateOf,
  INPUTS,
  isXor,
  networkCaption,
  readTwoLayer,
  twoLayer,
  twoLayerParams,
  unitLabel,
} from '../../src/app/learn/perceptron-xor';
import { GATES, XOR } from '../../src/nn/perceptron';

describe("the perceptron lab's two-layer (XOR) mode", () => {
  it("at the book's weights is s1 = NAND, s2 = OR, y = AND(s1, s2): XOR", () => {
    expect(BOOK_XOR).toEqual({ s1: GATES.NAND, s2: GATES.OR, y: GATES.AND });
    const rows = INPUTS.map(([a, b]) => twoLayer(BOOK_XOR, a, b));
    expect(rows).toEqual([
      { s1: 1, s2: 0, y: 0 },
      { s1: 1, s2: 1, y: 1 },
      { s1: 1, s2: 1, y: 1 },
      { s1: 0, s2: 1, y: 0 },
    ]);
    expect(rows.map((r, i) => r.y === XOR(...INPUTS[i]))).toEqual([true, true, true, true]);
    expect(isXor(BOOK_XOR)).toBe(true);
    expect(networkCaption(BOOK_XOR)).toBe('XOR = AND(NAND, OR)');
    expect(unitLabel('s1', BOOK_XOR)).toBe('s1 = NAND');
    expect(unitLabel('s2', BOOK_XOR)).toBe('s2 = OR');
  });

  it('names each perceptron by the gate its weights compute, not by the preset it came from', () => {
    expect(gateOf(GATES.AND)).toBe('AND');
    expect(gateOf(GATES.NAND)).toBe('NAND');
    expect(gateOf(GATES.OR)).toBe('OR');
    expect(gateOf({ w1: -0.5, w2: -0.5, b: 0.2 })).toBe('NOR');
    expect(gateOf({ w1: 1, w2: 0, b: -0.5 })).toBeNull(); // y = x1
    // s1 moved away from NAND: its label and the caption stop calling it NAND.
    const moved = { ...BOOK_XOR, s1: { w1: 1, w2: 0, b: -0.5 } };
    expect(unitLabel('s1', moved)).toBe('s1');
    expect(isXor(moved)).toBe(false);
    expect(networkCaption(moved)).toBe('y = AND(s1, OR)');
    // A different but valid XOR: s1 = OR, s2 = NAND (the output AND does not care which is which).
    const swapped = { s1: GATES.OR, s2: GATES.NAND, y: GATES.AND };
    expect(networkCaption(swapped)).toBe('XOR = AND(OR, NAND)');
    // y no gate: f.
    const noGate = { ...BOOK_XOR, y: { w1: 1, w2: 0, b: -0.5 } };
    expect(networkCaption(noGate)).toBe('y = f(NAND, OR)');
  });

  it('writes all nine weights to the URL and reads them back, the book’s for missing ones', () => {
    const w = {
      s1: { w1: -0.3, w2: -0.6, b: 0.75 },
      s2: { w1: 0.4, w2: 0.55, b: -0.1 },
      y: { w1: 0.6, w2: 0.45, b: -0.8 },
    };
    const params = twoLayerParams(w);
    expect(Object.keys(params).sort()).toEqual(
      ['s1w1', 's1w2', 's1b', 's2w1', 's2w2', 's2b', 'yw1', 'yw2', 'yb'].sort(),
    );
    expect(params.s2b).toBe(-0.1);
    const url = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
    const read = (name: string, fallback: number): number =>
      url.has(name) ? Number(url.get(name)) : fallback;
    expect(readTwoLayer(read)).toEqual(w);
    url.delete('yb');
    expect(readTwoLayer(read).y.b).toBe(GATES.AND.b);
    expect(readTwoLayer((_, fallback) => fallback)).toEqual(BOOK_XOR);
  });
});
