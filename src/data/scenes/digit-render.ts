/**
 * Pastes one MNIST digit into a scene: scaled, optionally rotated, sampled bilinearly with
 * 2x2 supersampling (a 28 px digit shrunk to 12 px would alias without it). Works on ink
 * (0..1) fields, not on the image: styles colour the ink afterwards.
 */
import { DIGIT_SIZE } from './digit-source';

/** The tight box of a 28x28 digit's ink (pixels >= `threshold` of 255). */
export interface InkBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export function inkBox(pixels: Uint8Array, threshold = 32): InkBox | null {
  let x0 = DIGIT_SIZE;
  let y0 = DIGIT_SIZE;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < DIGIT_SIZE; y++)
    for (let x = 0; x < DIGIT_SIZE; x++)
      if (pixels[y * DIGIT_SIZE + x] >= threshold) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/** Where and how a digit lands: its ink centre, scale (scene px per digit px), rotation. */
export interface Placement {
  cx: number;
  cy: number;
  scaleX: number;
  scaleY: number;
  /** Radians, counter-clockwise on screen. */
  angle: number;
}

/** Half the width and height the placed ink box covers (rotation included). */
export function placedHalfExtent(box: InkBox, p: Placement): { hx: number; hy: number } {
  const w = (box.x1 - box.x0) * p.scaleX;
  const h = (box.y1 - box.y0) * p.scaleY;
  const c = Math.abs(Math.cos(p.angle));
  const s = Math.abs(Math.sin(p.angle));
  return { hx: (w * c + h * s) / 2, hy: (w * s + h * c) / 2 };
}

/** The digit's value at integer pixel (px, py); outside the 28x28 square the digit is blank. */
function at(pixels: Uint8Array, px: number, py: number): number {
  return px < 0 || py < 0 || px >= DIGIT_SIZE || py >= DIGIT_SIZE
    ? 0
    : pixels[py * DIGIT_SIZE + px];
}

function sample(pixels: Uint8Array, x: number, y: number): number {
  // Pixel centres at integer + 0.5. (A plain function, not a closure a call: this runs four
  // times a pixel of every digit of every scene.)
  const fx = x - 0.5;
  const fy = y - 0.5;
  const ix = Math.floor(fx);
  const iy = Math.floor(fy);
  const ax = fx - ix;
  const ay = fy - iy;
  const top = at(pixels, ix, iy) * (1 - ax) + at(pixels, ix + 1, iy) * ax;
  const bottom = at(pixels, ix, iy + 1) * (1 - ax) + at(pixels, ix + 1, iy + 1) * ax;
  return (top * (1 - ay) + bottom * ay) / 255;
}

/**
 * Renders the digit's ink into `out` (a width x height field, 0..1) and returns the pixel
 * rectangle it touched. `out` is overwritten inside that rectangle only.
 */
export function renderDigit(
  pixels: Uint8Array,
  box: InkBox,
  p: Placement,
  out: Float32Array,
  width: number,
  height: number,
): { x0: number; y0: number; x1: number; y1: number } {
  const { hx, hy } = placedHalfExtent(box, p);
  const x0 = Math.max(0, Math.floor(p.cx - hx - 2));
  const y0 = Math.max(0, Math.floor(p.cy - hy - 2));
  const x1 = Math.min(width, Math.ceil(p.cx + hx + 2));
  const y1 = Math.min(height, Math.ceil(p.cy + hy + 2));
  const inkCx = (box.x0 + box.x1) / 2;
  const inkCy = (box.y0 + box.y1) / 2;
  const cos = Math.cos(p.angle);
  const sin = Math.sin(p.angle);
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      let acc = 0;
      for (let sy = 0; sy < 2; sy++)
        for (let sx = 0; sx < 2; sx++) {
          const u = x + 0.25 + 0.5 * sx - p.cx;
          const v = y + 0.25 + 0.5 * sy - p.cy;
          // Undo the rotation, then the scale, to find the digit pixel this point shows.
          const ru = cos * u + sin * v;
          const rv = -sin * u + cos * v;
          acc += sample(pixels, inkCx + ru / p.scaleX, inkCy + rv / p.scaleY);
        }
      out[y * width + x] = acc / 4;
    }
  return { x0, y0, x1, y1 };
}
