import { Rng } from './rng';

/**
 * Data augmentation for images (the book's ch. 8.1.3 suggestion): each training image is
 * moved by a small random affine map (shift, rotation, scale) before the step, so the net
 * sees a slightly different digit every epoch. Plain typed-array code on the CPU: the batch
 * is gathered there anyway, and a 28x28 warp costs microseconds.
 */
export interface AugmentOptions {
  /** Largest shift in pixels, each axis (uniform in [-maxShift, maxShift]). */
  maxShift: number;
  /** Largest rotation in degrees (uniform in [-maxRotation, maxRotation]). */
  maxRotation: number;
  /** Largest relative scale change (scale uniform in [1 - maxScale, 1 + maxScale]). */
  maxScale: number;
}

/** Small enough that a digit stays itself (a 6 never turns into a 9). */
export const DEFAULT_AUGMENT: AugmentOptions = { maxShift: 2, maxRotation: 10, maxScale: 0.1 };

/**
 * Warps one h x w single-channel image by rotation `angle` (radians) and `scale` about its
 * centre, then shifts it by (dx, dy) pixels. Bilinear sampling; outside the image reads 0
 * (MNIST's background).
 */
export function warpImage(
  src: Float32Array,
  dst: Float32Array,
  h: number,
  w: number,
  angle: number,
  scale: number,
  dx: number,
  dy: number,
): void {
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  // Inverse map: for each output pixel, where in the source it comes from.
  const cos = Math.cos(angle) / scale;
  const sin = Math.sin(angle) / scale;
  for (let y = 0; y < h; y++) {
    const oy = y - cy - dy;
    for (let x = 0; x < w; x++) {
      const ox = x - cx - dx;
      const sx = cos * ox + sin * oy + cx;
      const sy = -sin * ox + cos * oy + cy;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const at = (yy: number, xx: number) =>
        yy >= 0 && yy < h && xx >= 0 && xx < w ? src[yy * w + xx] : 0;
      dst[y * w + x] =
        (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x0 + 1)) +
        fy * ((1 - fx) * at(y0 + 1, x0) + fx * at(y0 + 1, x0 + 1));
    }
  }
}

/**
 * An augmenter for a Trainer: `(x, count) => void` warps each of the `count` images in the
 * batch (shape [C, H, W] each; every channel gets the same map). Deterministic for a seed.
 */
export function imageAugmenter(
  sampleShape: readonly number[],
  seed: number,
  options: AugmentOptions = DEFAULT_AUGMENT,
): (x: Float32Array, count: number) => void {
  const [c, h, w] = sampleShape.length === 3 ? sampleShape : [1, 0, 0];
  if (sampleShape.length !== 3 || h < 2 || w < 2) {
    throw new Error(
      `augmentation needs image samples [C, H, W], got [${sampleShape}] (use a convolutional net's input)`,
    );
  }
  const { maxShift, maxRotation, maxScale } = options;
  if (!(maxShift >= 0 && maxRotation >= 0 && maxScale >= 0 && maxScale < 1)) {
    throw new Error(`augmentation limits must be >= 0 (scale < 1), got ${JSON.stringify(options)}`);
  }
  const rng = new Rng(seed);
  const plane = h * w;
  const tmp = new Float32Array(plane);
  const span = (m: number) => (rng.next() * 2 - 1) * m;
  return (x, count) => {
    for (let i = 0; i < count; i++) {
      const angle = (span(maxRotation) * Math.PI) / 180;
      const scale = 1 + span(maxScale);
      const dx = span(maxShift);
      const dy = span(maxShift);
      for (let ch = 0; ch < c; ch++) {
        const img = x.subarray((i * c + ch) * plane, (i * c + ch + 1) * plane);
        warpImage(img, tmp, h, w, angle, scale, dx, dy);
        img.set(tmp);
      }
    }
  };
}
