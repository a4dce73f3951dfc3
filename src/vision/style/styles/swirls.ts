/**
 * "swirls": short thick brush strokes that follow a field of whirlpools, deep blues with
 * strokes of ochre and cream and a few haloed yellow stars, after the night skies of van Gogh.
 * The one style made of strokes with a direction that changes across the picture.
 */
import type { RgbImage } from '../../../data/png';
import { Rng } from '../../../nn/rng';
import { hex, mix, Raster } from '../raster';

const SKY = ['#0d1b4c', '#1b3a7a', '#2f5aa8', '#5c85c7', '#a9c4e8'].map(hex);
const LIGHT = ['#f4d35e', '#f6e7b0', '#e9a23b'].map(hex);

export function swirls(size: number, seed: number): RgbImage {
  const rng = new Rng(seed);
  const s = size / 256;
  const vortices = Array.from({ length: 5 }, () => ({
    x: rng.uniform(0, size),
    y: rng.uniform(0, size),
    spin: rng.next() < 0.5 ? -1 : 1,
    r: rng.uniform(40, 90) * s,
  }));
  /** The stroke direction at (x, y): a drift to the right bent round each whirlpool. */
  const direction = (x: number, y: number): [number, number] => {
    let dx = 0.35;
    let dy = 0.08 * Math.sin(x / (30 * s));
    for (const v of vortices) {
      const rx = x - v.x;
      const ry = y - v.y;
      const f = Math.exp(-(rx * rx + ry * ry) / (2 * v.r * v.r));
      dx += (-ry / v.r) * v.spin * f * 2;
      dy += (rx / v.r) * v.spin * f * 2;
    }
    const n = Math.hypot(dx, dy) || 1;
    return [dx / n, dy / n];
  };
  const raster = new Raster(size, size);
  raster.shade((_, y) => mix(SKY[0] ?? [0, 0, 0], SKY[1] ?? [0, 0, 0], y / size));
  const strokes = Math.round(2600 * s * s);
  for (let i = 0; i < strokes; i++) {
    let x = rng.uniform(-4, size + 4);
    let y = rng.uniform(-4, size + 4);
    const light = rng.next() < 0.12;
    const palette = light ? LIGHT : SKY;
    const color = palette[rng.int(palette.length)] ?? [1, 1, 1];
    const width = rng.uniform(2.2, 3.6) * s;
    const segments = 3 + rng.int(3);
    for (let k = 0; k < segments; k++) {
      const [dx, dy] = direction(x, y);
      const len = 3.5 * s;
      raster.line(x, y, x + dx * len, y + dy * len, width, color, 0.9);
      x += dx * len;
      y += dy * len;
    }
  }
  // Stars: haloed discs ringed with yellow strokes.
  for (let i = 0; i < 4; i++) {
    const x = rng.uniform(0.1, 0.9) * size;
    const y = rng.uniform(0.05, 0.6) * size;
    const r = rng.uniform(5, 12) * s;
    for (let k = 3; k >= 1; k--)
      raster.ring(x, y, r + k * 4 * s, 2.5 * s, LIGHT[k % 3] ?? [1, 1, 1], 0.8);
    raster.disc(x, y, r, LIGHT[0] ?? [1, 1, 1]);
  }
  return raster.toRgb();
}
