import { describe, expect, it } from 'vitest';
import {
  DIVERGING_DARK,
  divergingRgb,
  gridLayout,
  imageShape,
  writeImageRgba,
} from '../../src/ui/color-map';

const rgb = (c: number): [number, number, number] => [(c >> 16) & 255, (c >> 8) & 255, c & 255];

describe('imageShape', () => {
  it('reads NHW, NCHW and NHWC batches of one channel', () => {
    expect(imageShape([4, 28, 28], 4 * 784)).toEqual({ count: 4, height: 28, width: 28 });
    expect(imageShape([30, 1, 5, 5], 750)).toEqual({ count: 30, height: 5, width: 5 });
    expect(imageShape([2, 3, 4, 1], 24)).toEqual({ count: 2, height: 3, width: 4 });
    expect(imageShape([28, 28], 784)).toEqual({ count: 1, height: 28, width: 28 });
  });

  it('refuses multi-channel shapes and wrong lengths', () => {
    expect(() => imageShape([2, 3, 5, 5], 150)).toThrow(/1-channel/);
    expect(() => imageShape([2, 28, 28], 784)).toThrow(/needs 1568 values, got 784/);
  });
});

describe('writeImageRgba', () => {
  it('maps gray 0..1 to black..white, clamped, into an atlas region', () => {
    const data = new Float32Array([0, 0.5, 1, 2, -1, Number.NaN]);
    const shape = { count: 2, height: 1, width: 3 };
    // An atlas two images wide: image 1 goes to the right half.
    const out = new Uint8ClampedArray(6 * 4);
    writeImageRgba(data, shape, 0, 'gray', out, 0, 24);
    writeImageRgba(data, shape, 1, 'gray', out, 12, 24);
    const grays = [0, 1, 2, 3, 4, 5].map((p) => out[p * 4]);
    expect(grays).toEqual([0, 128, 255, 255, 0, 0]);
    expect(out[3]).toBe(255);
  });

  it('normalises signed images per image for the diverging map', () => {
    const data = new Float32Array([-0.02, 0, 0.01, -4, 0, 2]);
    const shape = { count: 2, height: 1, width: 3 };
    const a = new Uint8ClampedArray(12);
    const b = new Uint8ClampedArray(12);
    writeImageRgba(data, shape, 0, 'diverging', a, 0, 12);
    writeImageRgba(data, shape, 1, 'diverging', b, 0, 12);
    // Same relative values give the same colours, whatever the scale of the filter.
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a.subarray(0, 3))).toEqual(rgb(DIVERGING_DARK.negative));
    expect(Array.from(a.subarray(4, 7))).toEqual(rgb(DIVERGING_DARK.zero));
  });

  it('draws an all-zero filter in the neutral colour', () => {
    const out = new Uint8ClampedArray(4);
    writeImageRgba(
      new Float32Array([0]),
      { count: 1, height: 1, width: 1 },
      0,
      'diverging',
      out,
      0,
      4,
    );
    expect(Array.from(out.subarray(0, 3))).toEqual(rgb(DIVERGING_DARK.zero));
  });
});

describe('divergingRgb', () => {
  it('runs from negative through zero to positive', () => {
    expect(divergingRgb(-1, DIVERGING_DARK)).toEqual(rgb(DIVERGING_DARK.negative));
    expect(divergingRgb(0, DIVERGING_DARK)).toEqual(rgb(DIVERGING_DARK.zero));
    expect(divergingRgb(1, DIVERGING_DARK)).toEqual(rgb(DIVERGING_DARK.positive));
    expect(divergingRgb(5, DIVERGING_DARK)).toEqual(rgb(DIVERGING_DARK.positive));
  });
});

describe('gridLayout', () => {
  it('lays out rows of scaled cells with gaps and a caption band', () => {
    const l = gridLayout({
      count: 10,
      columns: 4,
      imageWidth: 28,
      imageHeight: 28,
      scale: 2,
      gap: 8,
      captionHeight: 20,
      top: 26,
    });
    expect(l).toMatchObject({ columns: 4, rows: 3, cellWidth: 56, cellHeight: 76 });
    expect(l.width).toBe(4 * 56 + 3 * 8);
    expect(l.height).toBe(26 + 3 * 76 + 2 * 8);
  });

  it('uses fewer columns when there are fewer images', () => {
    const l = gridLayout({
      count: 2,
      columns: 8,
      imageWidth: 5,
      imageHeight: 5,
      scale: 4,
      gap: 2,
      captionHeight: 0,
      top: 0,
    });
    expect(l.columns).toBe(2);
    expect(l.width).toBe(42);
  });
});
