/**
 * The shipped styles and the content scenes: drawn by our code, the same bytes from the same
 * name, size and seed; every style distinct from every other, in pixels and in what the
 * random feature net's Grams see; the scenes distinct from each other. Also the rasteriser's
 * anti-aliased shapes, on cases worked out by hand.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../../../src/data/png';
import { gramMatrix } from '../../../src/nn/layers/gram-style-loss';
import { contentScene } from '../../../src/vision/style/content-scenes';
import { randomFeatureNet } from '../../../src/vision/style/random-features';
import { hex, Raster } from '../../../src/vision/style/raster';
import { imageToTensor } from '../../../src/vision/style/style-image';
import { SHIPPED_STYLES, STYLE_NAMES, shippedStyle } from '../../../src/vision/style/styles';

/** Mean absolute difference of two pictures' bytes, in [0, 255]. */
function meanDiff(a: RgbImage, b: RgbImage): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++)
    sum += Math.abs((a.data[i] as number) - (b.data[i] as number));
  return sum / a.data.length;
}

/** Per-channel spread of a picture's bytes: a blank or near-flat picture has almost none. */
function spread(a: RgbImage): number {
  let sum = 0;
  let sq = 0;
  for (const v of a.data) {
    sum += v;
    sq += v * v;
  }
  const n = a.data.length;
  return Math.sqrt(sq / n - (sum / n) ** 2);
}

describe('shipped styles', () => {
  it('are five, drawn at the size asked, deterministic, and not blank', () => {
    expect(STYLE_NAMES).toEqual(['waves', 'mosaic', 'kandinsky', 'hatching', 'swirls']);
    for (const s of SHIPPED_STYLES) {
      const a = shippedStyle(s.name);
      expect([a.width, a.height, a.data.length]).toEqual([256, 256, 256 * 256 * 3]);
      expect(shippedStyle(s.name).data, s.name).toEqual(a.data);
      expect(spread(a), s.name).toBeGreaterThan(30);
      // Another seed draws another picture of the same kind.
      expect(meanDiff(a, shippedStyle(s.name, 256, 1)), s.name).toBeGreaterThan(10);
      expect(shippedStyle(s.name, 64).width).toBe(64);
    }
    expect(() => shippedStyle('monet')).toThrow(/no shipped style "monet": waves, mosaic/);
    expect(() => shippedStyle('waves', 8)).toThrow(/\[16, 2048\]/);
  });

  it('differ from each other in pixels and in their Gram matrices', () => {
    const pictures = STYLE_NAMES.map((n) => shippedStyle(n, 128));
    const net = randomFeatureNet({
      banks: [
        { kernel: 3, channels: 16 },
        { kernel: 3, channels: 16 },
      ],
      seed: 0,
    });
    const grams = pictures.map((p) =>
      tf.tidy(() => net.forward(imageToTensor(p)).map((f) => tf.keep(gramMatrix(f)))),
    );
    for (let i = 0; i < pictures.length; i++)
      for (let j = i + 1; j < pictures.length; j++) {
        const pair = `${STYLE_NAMES[i]} vs ${STYLE_NAMES[j]}`;
        expect(meanDiff(pictures[i] as RgbImage, pictures[j] as RgbImage), pair).toBeGreaterThan(
          40,
        );
        // Relative Gram distance at the finest scale: far from 0 for any two styles.
        const d = tf.tidy(() => {
          const a = (grams[i] as tf.Tensor[])[1] as tf.Tensor;
          const b = (grams[j] as tf.Tensor[])[1] as tf.Tensor;
          const norm = (t: tf.Tensor) => tf.sqrt(tf.sum(tf.square(t)));
          return tf.div(norm(tf.sub(a, b)), norm(b)).dataSync()[0] as number;
        });
        expect(d, pair).toBeGreaterThan(0.2);
      }
    tf.dispose(grams.flat());
    net.dispose();
  });
});

describe('content scenes', () => {
  it('are deterministic, differ by index, and refuse bad arguments', () => {
    const a = contentScene(0, 96);
    expect(contentScene(0, 96).data).toEqual(a.data);
    expect([a.width, a.height]).toEqual([96, 96]);
    expect(spread(a)).toBeGreaterThan(30);
    expect(meanDiff(a, contentScene(1, 96))).toBeGreaterThan(5);
    expect(() => contentScene(-1)).toThrow(/index must be an integer/);
    expect(() => contentScene(0, 4)).toThrow(/size must be an integer/);
  });
});

describe('Raster', () => {
  it('covers a disc by area at its edge, and blends by alpha', () => {
    const r = new Raster(9, 9, [0, 0, 0]);
    r.disc(4.5, 4.5, 3, [1, 1, 1]);
    const at = (x: number, y: number) => r.data[(y * 9 + x) * 3] as number;
    expect(at(4, 4)).toBe(1); // centre
    expect(at(0, 4)).toBe(0); // 4 px out
    // Pixel centre 3 px from the centre, on the circle: half covered.
    expect(at(1, 4)).toBeCloseTo(0.5, 5);
    const b = new Raster(2, 1, hex('#000000'));
    b.rect(0, 0, 1, 1, [1, 0.5, 0], 0.5);
    expect(Array.from(b.data)).toEqual([0.5, 0.25, 0, 0, 0, 0]);
    expect(Array.from(b.toRgb().data)).toEqual([128, 64, 0, 0, 0, 0]);
    expect(() => new Raster(0, 3)).toThrow(/positive integers/);
  });
});
