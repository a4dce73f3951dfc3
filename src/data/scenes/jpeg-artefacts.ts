/**
 * What a webcam's JPEG/MJPEG stream does to a page: each 8x8 block of each channel goes
 * through the DCT, is quantised with the JPEG standard's luminance table scaled to a quality
 * (libjpeg's rule), and comes back. Blocking and ringing around strokes, as on camera.
 */
const LUMA_TABLE = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
  14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
  92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];

/** cos((2x + 1) u pi / 16) * c(u) / 2, the 8-point DCT basis. */
const BASIS = (() => {
  const b = new Float64Array(64);
  for (let u = 0; u < 8; u++)
    for (let x = 0; x < 8; x++)
      b[u * 8 + x] =
        ((u === 0 ? Math.SQRT1_2 : 1) / 2) * Math.cos(((2 * x + 1) * u * Math.PI) / 16);
  return b;
})();

/** libjpeg's quality scaling: 50 is the table itself, 100 nearly lossless. */
function quantTable(quality: number): Float64Array {
  const q = Math.max(1, Math.min(100, Math.round(quality)));
  const scale = q < 50 ? 5000 / q : 200 - 2 * q;
  return Float64Array.from(LUMA_TABLE, (v) => Math.max(1, Math.floor((v * scale + 50) / 100)));
}

/** BASIS transposed: the inverse DCT's rows. */
const BASIS_T = (() => {
  const t = new Float64Array(64);
  for (let u = 0; u < 8; u++) for (let x = 0; x < 8; x++) t[x * 8 + u] = BASIS[u * 8 + x];
  return t;
})();

/** Compresses the RGB image in place at `quality` (1-100). */
export function jpegArtefacts(
  rgb: Uint8Array,
  width: number,
  height: number,
  quality: number,
): void {
  const table = quantTable(quality);
  const block = new Float64Array(64);
  const coef = new Float64Array(64);
  const tmp = new Float64Array(64);
  for (let c = 0; c < 3; c++)
    for (let by = 0; by < height; by += 8)
      for (let bx = 0; bx < width; bx += 8) {
        // Edge blocks repeat their last row/column, as encoders pad.
        const inside = bx + 8 <= width && by + 8 <= height;
        for (let y = 0; y < 8; y++) {
          const py = inside ? by + y : Math.min(by + y, height - 1);
          for (let x = 0; x < 8; x++) {
            const px = inside ? bx + x : Math.min(bx + x, width - 1);
            block[y * 8 + x] = rgb[(py * width + px) * 3 + c] - 128;
          }
        }
        forwardDct(block, tmp, coef);
        for (let i = 0; i < 64; i++) coef[i] = Math.round(coef[i] / table[i]) * table[i];
        inverseOfQuantised(coef, tmp, block);
        for (let y = 0; y < 8 && by + y < height; y++)
          for (let x = 0; x < 8 && bx + x < width; x++) {
            const v = Math.round(block[y * 8 + x] + 128);
            rgb[((by + y) * width + bx + x) * 3 + c] = Math.max(0, Math.min(255, v));
          }
      }
}

/** 2-D DCT of an 8x8 block: rows, then columns (the basis as a matrix, no branch inside). */
function forwardDct(src: Float64Array, tmp: Float64Array, dst: Float64Array): void {
  for (let y = 0; y < 8; y++)
    for (let u = 0; u < 8; u++) {
      let s = 0;
      for (let x = 0; x < 8; x++) s += BASIS[u * 8 + x] * src[y * 8 + x];
      tmp[y * 8 + u] = s;
    }
  for (let x = 0; x < 8; x++)
    for (let v = 0; v < 8; v++) {
      let s = 0;
      for (let y = 0; y < 8; y++) s += BASIS[v * 8 + y] * tmp[y * 8 + x];
      dst[v * 8 + x] = s;
    }
}

/**
 * The inverse of `forwardDct`, for quantised coefficients, most of which are 0: a row of zeros
 * gives a row of zeros, and a zero term is skipped. Skipping adds nothing but a signed zero,
 * which cannot change a pixel (each ends as round(s + 128)); every other sum keeps its order.
 */
function inverseOfQuantised(src: Float64Array, tmp: Float64Array, dst: Float64Array): void {
  for (let y = 0; y < 8; y++) {
    let any = false;
    for (let x = 0; x < 8; x++) any ||= src[y * 8 + x] !== 0;
    for (let u = 0; u < 8; u++) {
      let s = 0;
      if (any)
        for (let x = 0; x < 8; x++) {
          const c = src[y * 8 + x];
          if (c !== 0) s += BASIS_T[u * 8 + x] * c;
        }
      tmp[y * 8 + u] = s;
    }
  }
  for (let x = 0; x < 8; x++)
    for (let v = 0; v < 8; v++) {
      let s = 0;
      for (let y = 0; y < 8; y++) {
        const t = tmp[y * 8 + x];
        if (t !== 0) s += BASIS_T[v * 8 + y] * t;
      }
      dst[v * 8 + x] = s;
    }
}
