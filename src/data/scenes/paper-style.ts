/**
 * The two looks of a scene. "clean": white ink on black, MNIST's own look. "paper": what a
 * webcam sees of digits written on a sheet — dark pen on a light, unevenly lit page, a little
 * out of focus, with sensor noise and JPEG blocks — so that webcam frames lie in the training
 * distribution.
 */
import type { Rng } from '../../nn/rng';
import { jpegArtefacts } from './jpeg-artefacts';

export type SceneStyle = 'clean' | 'paper';
export const SCENE_STYLES: readonly SceneStyle[] = ['clean', 'paper'];

export function renderClean(ink: Float32Array, rng: Rng, noise: number): Uint8Array {
  const rgb = new Uint8Array(ink.length * 3);
  for (let i = 0; i < ink.length; i++) {
    const n = noise > 0 ? rng.normal() * noise : 0;
    const v = clamp(ink[i] * 255 + n);
    rgb[i * 3] = v;
    rgb[i * 3 + 1] = v;
    rgb[i * 3 + 2] = v;
  }
  return rgb;
}

export function renderPaper(
  ink: Float32Array,
  width: number,
  height: number,
  rng: Rng,
): Uint8Array {
  const blurred = gaussianBlur(ink, width, height, rng.next() * 1.1);
  // Paper: off-white with a tint; pen: near-black, blue-black or dark blue.
  const paper = [225 + rng.next() * 30, 220 + rng.next() * 30, 200 + rng.next() * 45];
  const pen = [10 + rng.next() * 50, 10 + rng.next() * 50, 20 + rng.next() * 110];
  const strength = 0.75 + rng.next() * 0.25;
  // Light: a linear fall-off in a random direction times a soft vignette (a desk lamp).
  const dir = rng.next() * 2 * Math.PI;
  const slope = 0.1 + rng.next() * 0.35;
  const vignette = rng.next() * 0.35;
  const lightX = rng.next();
  const lightY = rng.next();
  const sigma = 2 + rng.next() * 6;
  const cosDir = Math.cos(dir);
  const sinDir = Math.sin(dir);
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const u = x / width - 0.5;
      const v = y / height - 0.5;
      const dx = x / width - lightX;
      const dy = y / height - lightY;
      const r2 = dx * dx + dy * dy;
      const light = (1 - slope / 2 + slope * (u * cosDir + v * sinDir + 0.5)) * (1 - vignette * r2);
      const i = y * width + x;
      const a = Math.min(1, blurred[i] * strength);
      for (let c = 0; c < 3; c++)
        rgb[i * 3 + c] = clamp((paper[c] * (1 - a) + pen[c] * a) * light + rng.normal() * sigma);
    }
  jpegArtefacts(rgb, width, height, 35 + rng.next() * 55);
  return rgb;
}

/** Separable Gaussian blur of a field; sigma below 0.3 returns a copy. */
export function gaussianBlur(
  field: Float32Array,
  width: number,
  height: number,
  sigma: number,
): Float32Array {
  if (sigma < 0.3) return field.slice();
  const r = Math.ceil(sigma * 3);
  const kernel = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) {
    kernel[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
    sum += kernel[i + r];
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] /= sum;
  const tmp = new Float32Array(field.length);
  const out = new Float32Array(field.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let k = -r; k <= r; k++) {
        const xx = Math.min(width - 1, Math.max(0, x + k));
        s += field[y * width + xx] * kernel[k + r];
      }
      tmp[y * width + x] = s;
    }
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let k = -r; k <= r; k++) {
        const yy = Math.min(height - 1, Math.max(0, y + k));
        s += tmp[yy * width + x] * kernel[k + r];
      }
      out[y * width + x] = s;
    }
  return out;
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}
