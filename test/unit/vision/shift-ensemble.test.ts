/**
 * The detector's test-time shift ensemble: pictures shifted with their edge repeated, boxes
 * moved back and clipped, and the passes' shifts (half a cell).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_GRID_DETECTOR } from '../../../src/vision/detector/grid-config';
import { passShifts, shiftImages, unshift } from '../../../src/vision/detector/shift-ensemble';

describe('shift ensemble', () => {
  it('shifts right and down, repeating the top row and left column', () => {
    // Two 3x4 images: values 1..12 and 101..112, row-major.
    const input = Float32Array.from({ length: 24 }, (_, i) => (i < 12 ? i + 1 : i - 11 + 100));
    const out = shiftImages(input, 2, 3, 4, 1, 1);
    expect(Array.from(out.subarray(0, 12))).toEqual([1, 1, 2, 3, 1, 1, 2, 3, 5, 5, 6, 7]);
    expect(Array.from(out.subarray(12))).toEqual([
      101, 101, 102, 103, 101, 101, 102, 103, 105, 105, 106, 107,
    ]);
    // No shift: the same array, not a copy.
    expect(shiftImages(input, 2, 3, 4, 0, 0)).toBe(input);
  });

  it('refuses fractional or negative shifts and mismatched sizes', () => {
    const input = new Float32Array(12);
    expect(() => shiftImages(input, 1, 3, 4, 0.5, 0)).toThrow(/whole pixels >= 0/);
    expect(() => shiftImages(input, 1, 3, 4, -1, 0)).toThrow(/whole pixels >= 0/);
    expect(() => shiftImages(input, 2, 3, 4, 1, 0)).toThrow(/12 values is not 2 images of 3x4/);
  });

  it('moves boxes back by the shift and clips them to the picture', () => {
    const [moved, clipped] = unshift(
      [
        { bbox: [10, 12, 5, 6], categoryId: 3, score: 0.8 },
        { bbox: [2, 1, 10, 10], categoryId: 1, score: 0.5 },
      ],
      4,
      4,
      128,
      128,
    );
    expect(moved).toEqual({ bbox: [6, 8, 5, 6], categoryId: 3, score: 0.8 });
    expect(clipped.bbox).toEqual([0, 0, 8, 7]);
  });

  it('shifts by half a cell: none, then diagonal, then each axis', () => {
    expect(passShifts(DEFAULT_GRID_DETECTOR, 1)).toEqual([[0, 0]]);
    expect(passShifts(DEFAULT_GRID_DETECTOR, 4)).toEqual([
      [0, 0],
      [4, 4],
      [4, 0],
      [0, 4],
    ]);
  });
});
