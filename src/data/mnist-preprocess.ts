/**
 * Turns a hand-drawn digit into an MNIST-like 28×28 image, the way the MNIST digits were made
 * (LeCun et al.): crop to the ink, scale the longer side to 20 px keeping the aspect ratio
 * (anti-aliased: area averaging, so thin strokes fade rather than vanish), then place it in a
 * 28×28 field so that its centre of mass sits at the centre, shifting by whole pixels.
 *
 * Pure numbers, no DOM: the input is the pad's grayscale raster (row-major, W×H, ink = 1,
 * paper = 0).
 *
 * Centre of mass convention: pixel (col, row) has coordinates (col, row), as in the MNIST files
 * (their mean centre of mass is (14.0, 14.0) in these coordinates), and the target is (14, 14).
 */

export const MNIST_SIZE = 28;
export const MNIST_BOX = 20;

export interface PreprocessOptions {
  /** Pixels above this value count as ink for the bounding box (default 0.05). */
  inkThreshold?: number;
  /**
   * Smallest bounding box, as a fraction of the raster's longer side, that is scaled up to the
   * full 20 px (default 0.2). A smaller drawing (a dot, a tiny scribble) is magnified no more
   * than one of that size, so a dot stays a dot instead of swelling into a 20 px blob. 0 gives
   * plain MNIST normalisation.
   */
  minBoxFraction?: number;
}

export interface InkBox {
  x0: number;
  y0: number;
  /** Exclusive. */
  x1: number;
  /** Exclusive. */
  y1: number;
}

function clamp01(v: number): number {
  // NaN fails both comparisons and falls through to 0.
  return v > 0 ? Math.min(v, 1) : 0;
}

/** Bounding box of the pixels above `threshold`, or null when there are none. */
export function inkBoundingBox(
  image: ArrayLike<number>,
  width: number,
  height: number,
  threshold = 0.05,
): InkBox | null {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (image[row + x] > threshold) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/**
 * Box-filter weights resampling `srcLen` source pixels onto `outLen` output pixels: for each
 * output pixel, the source pixels it covers and how much of each (weights sum to 1).
 */
function boxWeights(srcLen: number, outLen: number): Array<Array<[number, number]>> {
  const span = srcLen / outLen; // source pixels per output pixel
  const result: Array<Array<[number, number]>> = [];
  for (let j = 0; j < outLen; j++) {
    const lo = j * span;
    const hi = (j + 1) * span;
    const taps: Array<[number, number]> = [];
    for (let k = Math.floor(lo); k < Math.min(srcLen, Math.ceil(hi)); k++) {
      const overlap = Math.min(hi, k + 1) - Math.max(lo, k);
      if (overlap > 1e-9) taps.push([k, overlap / span]);
    }
    result.push(taps);
  }
  return result;
}

/**
 * Area-averaging resize of the `box` region of `image` to outW×outH (values clamped to [0,1]
 * on the way in).
 */
export function resizeBox(
  image: ArrayLike<number>,
  width: number,
  box: InkBox,
  outW: number,
  outH: number,
): Float32Array {
  const bw = box.x1 - box.x0;
  const bh = box.y1 - box.y0;
  const wx = boxWeights(bw, outW);
  const wy = boxWeights(bh, outH);
  // Horizontal pass: bh rows × outW columns.
  const tmp = new Float32Array(bh * outW);
  for (let y = 0; y < bh; y++) {
    const src = (box.y0 + y) * width + box.x0;
    for (let j = 0; j < outW; j++) {
      let s = 0;
      for (const [k, w] of wx[j]) s += w * clamp01(image[src + k]);
      tmp[y * outW + j] = s;
    }
  }
  // Vertical pass.
  const out = new Float32Array(outW * outH);
  for (let i = 0; i < outH; i++) {
    for (let j = 0; j < outW; j++) {
      let s = 0;
      for (const [k, w] of wy[i]) s += w * tmp[k * outW + j];
      out[i * outW + j] = clamp01(s);
    }
  }
  return out;
}

/** Centre of mass (column, row) of an image, or null when it has no mass. */
export function centreOfMass(
  image: ArrayLike<number>,
  width: number,
  height: number,
): { x: number; y: number } | null {
  let m = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = image[y * width + x];
      m += v;
      mx += v * x;
      my += v * y;
    }
  }
  return m > 0 ? { x: mx / m, y: my / m } : null;
}

/**
 * The MNIST-style 28×28 image (row-major, values in [0,1]) of a W×H grayscale raster.
 * An empty raster gives all zeros.
 */
export function preprocessDigit(
  image: ArrayLike<number>,
  width: number,
  height: number,
  options: PreprocessOptions = {},
): Float32Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`raster size must be positive integers, got ${width}×${height}`);
  }
  if (image.length !== width * height) {
    throw new RangeError(`raster has ${image.length} values, expected ${width}×${height}`);
  }
  const out = new Float32Array(MNIST_SIZE * MNIST_SIZE);
  const box = inkBoundingBox(image, width, height, options.inkThreshold ?? 0.05);
  if (!box) return out;

  const bw = box.x1 - box.x0;
  const bh = box.y1 - box.y0;
  const minBox = Math.max(0, options.minBoxFraction ?? 0.2) * Math.max(width, height);
  const scale = MNIST_BOX / Math.max(bw, bh, minBox);
  const outW = Math.min(MNIST_BOX, Math.max(1, Math.round(bw * scale)));
  const outH = Math.min(MNIST_BOX, Math.max(1, Math.round(bh * scale)));
  const small = resizeBox(image, width, box, outW, outH);

  const com = centreOfMass(small, outW, outH);
  if (!com) return out; // only possible if all ink was below zero after clamping
  const centre = MNIST_SIZE / 2;
  const dx = Math.round(centre - com.x);
  const dy = Math.round(centre - com.y);
  for (let y = 0; y < outH; y++) {
    const ty = y + dy;
    if (ty < 0 || ty >= MNIST_SIZE) continue;
    for (let x = 0; x < outW; x++) {
      const tx = x + dx;
      if (tx < 0 || tx >= MNIST_SIZE) continue;
      out[ty * MNIST_SIZE + tx] = small[y * outW + x];
    }
  }
  return out;
}
