/**
 * Things on a page that are not digits: pen strokes and torn-off pieces of other digits.
 * They are ink, so a detector must learn to leave them alone; their pixels are background
 * in the label map.
 */
import type { Rng } from '../../nn/rng';
import type { DigitSource } from './digit-source';
import { DIGIT_SIZE } from './digit-source';

/** A quadratic Bezier pen stroke, 1-2.5 px wide. */
export function drawStroke(ink: Float32Array, width: number, height: number, rng: Rng): void {
  const pt = () => [rng.next() * width, rng.next() * height];
  const [ax, ay] = pt();
  const [bx, by] = pt();
  const len = Math.hypot(bx - ax, by - ay);
  // Short strokes mostly: a long line across the page is rare on a sheet of digits.
  const shrink = Math.min(1, (8 + rng.next() * 30) / Math.max(len, 1));
  const ex = ax + (bx - ax) * shrink;
  const ey = ay + (by - ay) * shrink;
  const mx = (ax + ex) / 2 + (rng.next() - 0.5) * 20;
  const my = (ay + ey) / 2 + (rng.next() - 0.5) * 20;
  const radius = 0.5 + rng.next() * 0.75;
  const strength = 0.5 + rng.next() * 0.5;
  const steps = Math.ceil(Math.hypot(ex - ax, ey - ay) * 2) + 2;
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const x = (1 - t) * (1 - t) * ax + 2 * (1 - t) * t * mx + t * t * ex;
    const y = (1 - t) * (1 - t) * ay + 2 * (1 - t) * t * my + t * t * ey;
    stamp(ink, width, height, x, y, radius, strength);
  }
}

function stamp(
  ink: Float32Array,
  width: number,
  height: number,
  cx: number,
  cy: number,
  radius: number,
  strength: number,
): void {
  const r = Math.ceil(radius + 1);
  for (let y = Math.max(0, Math.floor(cy) - r); y <= Math.min(height - 1, Math.floor(cy) + r); y++)
    for (
      let x = Math.max(0, Math.floor(cx) - r);
      x <= Math.min(width - 1, Math.floor(cx) + r);
      x++
    ) {
      const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
      const a = Math.max(0, Math.min(1, radius + 0.5 - d)) * strength;
      const i = y * width + x;
      if (a > ink[i]) ink[i] = a;
    }
}

/** A piece (a third to a half) of a random digit, pasted unscaled: looks like a torn digit. */
export function drawFragment(
  ink: Float32Array,
  width: number,
  height: number,
  source: DigitSource,
  rng: Rng,
): void {
  const pixels = source.pixels(rng.int(source.count));
  const fw = 8 + rng.int(7);
  const fh = 8 + rng.int(7);
  const sx = 4 + rng.int(DIGIT_SIZE - 8 - fw + 1);
  const sy = 4 + rng.int(DIGIT_SIZE - 8 - fh + 1);
  const dx = rng.int(Math.max(1, width - fw));
  const dy = rng.int(Math.max(1, height - fh));
  for (let y = 0; y < fh && dy + y < height; y++)
    for (let x = 0; x < fw && dx + x < width; x++) {
      const a = pixels[(sy + y) * DIGIT_SIZE + sx + x] / 255;
      const i = (dy + y) * width + dx + x;
      if (a > ink[i]) ink[i] = a;
    }
}
