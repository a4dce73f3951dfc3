import { describe, expect, it } from 'vitest';
import {
  boxLabel,
  categoryColor,
  DIGIT_COLORS,
  fitInside,
  maskRgba,
  prCurvePoints,
  rgbToRgba,
  rowShares,
} from '../../src/ui/vision-palette';

describe('vision palette', () => {
  it('gives every digit its own colour and labels boxes with the digit, not the category id', () => {
    expect(new Set(DIGIT_COLORS).size).toBe(10);
    expect(categoryColor(1)).toBe(DIGIT_COLORS[0]);
    expect(categoryColor(0)).toBe(0x9aa3b5);
    expect(boxLabel(8, 0.926)).toBe('7 93%');
    expect(boxLabel(1)).toBe('0');
    expect(boxLabel(12)).toBe('#12');
  });

  it('paints digits translucent and leaves background and void transparent', () => {
    const rgba = maskRgba([0, 1, 255, 10], 0.5);
    expect(Array.from(rgba.subarray(0, 4))[3]).toBe(0);
    expect(Array.from(rgba.subarray(4, 8))).toEqual([0xe6, 0x19, 0x4b, 128]);
    expect(rgba[11]).toBe(0);
    expect(Array.from(rgba.subarray(12, 16))).toEqual([0xfa, 0xbe, 0xd4, 128]);
    expect(() => maskRgba([0, 1], 1, new Uint8ClampedArray(4))).toThrow(/2 cells need 8 bytes/);
  });

  it('turns RGB into opaque RGBA', () => {
    expect(Array.from(rgbToRgba([1, 2, 3, 4, 5, 6]))).toEqual([1, 2, 3, 255, 4, 5, 6, 255]);
    expect(() => rgbToRgba([1, 2])).toThrow(/do not fill/);
  });

  it('fits a 640x480 frame into a 320x320 view: 320x240, 40 px from the top', () => {
    expect(fitInside(640, 480, 320, 320)).toEqual({ x: 0, y: 40, scale: 0.5 });
    expect(fitInside(100, 400, 400, 200)).toEqual({ x: 175, y: 0, scale: 0.5 });
  });

  it('PR curves stop at the highest recall reached and skip digits without ground truth', () => {
    const curve = Array.from({ length: 101 }, (_, i) => (i <= 50 ? 1 - i / 100 : 0));
    const points = prCurvePoints([curve, null]);
    expect(Object.keys(points)).toEqual(['0']);
    expect(points['0']).toHaveLength(51);
    expect(points['0'][50]).toEqual([0.5, 0.5]);
  });

  it('row shares of a confusion matrix sum to one per true class', () => {
    const shares = rowShares([3, 1, 0, 0], 2);
    expect(Array.from(shares)).toEqual([0.75, 0.25, 0, 0]);
    expect(() => rowShares([1, 2, 3], 2)).toThrow(/2 classes need 4 counts, got 3/);
  });
});
