/**
 * 8-bit RGB pictures (row-major, 3 bytes a pixel: the style worker's pictures, generated
 * scenes) painted into a plain 2D canvas at their own size; CSS scales the canvas. Plain 2D,
 * not Pixi: a picture is shown as it is, and a canvas per thumbnail costs no WebGL context.
 */
import type { RgbImage } from './vision-overlay';
import { rgbToRgba } from './vision-palette';

export type { RgbImage };

/** Sets `canvas` to the picture's size and paints it. */
export function paintRgb(canvas: HTMLCanvasElement, image: RgbImage): void {
  const { width, height, rgb } = image;
  if (rgb.length !== width * height * 3)
    throw new Error(`paintRgb: ${rgb.length} values for a ${width}x${height} RGB picture`);
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const out = ctx.createImageData(width, height);
  rgbToRgba(rgb, out.data);
  ctx.putImageData(out, 0, 0);
}
