/**
 * "mosaic": a stained-glass Voronoi mosaic: about seventy cells of jewel colours around
 * jittered grid points, each lighter towards its centre, set in dark lead lines. Flat
 * patches with sharp borders: the style's Grams say "blocks of colour, outlined".
 */
import type { RgbImage } from '../../../data/png';
import { Rng } from '../../../nn/rng';
import { hex, mix, Raster, type Rgb } from '../raster';

const JEWELS = [
  '#9b1d20',
  '#e0a100',
  '#1d4e89',
  '#2a7f62',
  '#6a2c70',
  '#d9531e',
  '#3fa7d6',
  '#f2e8cf',
].map(hex);
const LEAD = hex('#161616');

export function mosaic(size: number, seed: number): RgbImage {
  const rng = new Rng(seed);
  const grid = 9;
  const step = size / grid;
  const cells: Array<{ x: number; y: number; color: Rgb }> = [];
  for (let j = 0; j < grid; j++)
    for (let i = 0; i < grid; i++) {
      if (rng.next() < 0.12) continue; // a few missing points make some cells large
      const base = JEWELS[rng.int(JEWELS.length)] ?? LEAD;
      cells.push({
        x: (i + rng.uniform(0.1, 0.9)) * step,
        y: (j + rng.uniform(0.1, 0.9)) * step,
        color: mix(base, [0, 0, 0], rng.uniform(0, 0.25)),
      });
    }
  const raster = new Raster(size, size);
  raster.shade((x, y) => {
    let d1 = Number.POSITIVE_INFINITY;
    let d2 = Number.POSITIVE_INFINITY;
    let nearest = cells[0];
    for (const c of cells) {
      const d = Math.hypot(x - c.x, y - c.y);
      if (d < d1) {
        d2 = d1;
        d1 = d;
        nearest = c;
      } else if (d < d2) d2 = d;
    }
    // (d2 - d1) / 2 is about the distance to the cell's border.
    const border = (d2 - d1) / 2;
    const glass = mix(nearest?.color ?? LEAD, [1, 1, 1], 0.35 * Math.max(0, 1 - d1 / step));
    return border < 1.6 ? LEAD : border < 2.6 ? mix(LEAD, glass, border - 1.6) : glass;
  });
  return raster.toRgb();
}
