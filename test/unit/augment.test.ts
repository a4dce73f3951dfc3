import { describe, expect, it } from 'vitest';
import { imageAugmenter, warpImage } from '../../src/nn/augment';
import { cosineDecay } from '../../src/nn/optimizers/schedule';

const image = () => {
  const a = new Float32Array(28 * 28);
  for (let y = 8; y < 20; y++) for (let x = 12; x < 16; x++) a[y * 28 + x] = 1; // a bar
  return a;
};

describe('data augmentation', () => {
  it('the identity warp leaves an image as it is; an integer shift moves it', () => {
    const src = image();
    const out = new Float32Array(src.length);
    warpImage(src, out, 28, 28, 0, 1, 0, 0);
    expect(Array.from(out)).toEqual(Array.from(src));
    warpImage(src, out, 28, 28, 0, 1, 2, -1);
    for (let y = 0; y < 28; y++)
      for (let x = 0; x < 28; x++) {
        const from = y + 1 < 28 && x - 2 >= 0 ? src[(y + 1) * 28 + x - 2] : 0;
        expect(out[y * 28 + x]).toBeCloseTo(from, 6);
      }
  });

  it('a 90° rotation turns a vertical bar horizontal and keeps its mass', () => {
    const src = image();
    const out = new Float32Array(src.length);
    warpImage(src, out, 28, 28, Math.PI / 2, 1, 0, 0);
    const sum = (a: Float32Array) => a.reduce((s, v) => s + v, 0);
    expect(sum(out)).toBeCloseTo(sum(src), 3);
    let width = 0;
    for (let x = 0; x < 28; x++) if (out[13 * 28 + x] > 0.5) width++;
    expect(width).toBe(12);
  });

  it('is deterministic for a seed, changes every image, and refuses flat samples', () => {
    const batch = () => {
      const x = new Float32Array(3 * 784);
      for (let i = 0; i < 3; i++) x.set(image(), i * 784);
      return x;
    };
    const a = batch();
    const b = batch();
    imageAugmenter([1, 28, 28], 7)(a, 3);
    imageAugmenter([1, 28, 28], 7)(b, 3);
    expect(a).toEqual(b);
    const c = batch();
    imageAugmenter([1, 28, 28], 8)(c, 3);
    expect(c).not.toEqual(a);
    for (let i = 0; i < 3; i++) expect(a.subarray(i * 784, (i + 1) * 784)).not.toEqual(image());
    expect(() => imageAugmenter([784], 1)).toThrow(/image samples/);
  });

  it('cosine decay goes from lr to lr/100', () => {
    expect(cosineDecay(0.001, 0, 100)).toBeCloseTo(0.001, 12);
    expect(cosineDecay(0.001, 50, 100)).toBeCloseTo(0.000505, 9);
    expect(cosineDecay(0.001, 100, 100)).toBeCloseTo(0.00001, 12);
  });
});
