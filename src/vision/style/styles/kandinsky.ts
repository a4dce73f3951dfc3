/**
 * "kandinsky": a composition after Kandinsky's circles-and-lines paintings (Composition VIII,
 * Several Circles): translucent colour planes on a warm cream ground, concentric rings, discs
 * with halos, black lines thick and thin, triangles, a small chequer and scattered dots.
 * Many shapes at many sizes: the hardest of our styles to copy, and the most varied in its
 * Grams.
 */
import type { RgbImage } from '../../../data/png';
import { Rng } from '../../../nn/rng';
import { hex, Raster } from '../raster';

const COLOURS = ['#c0392b', '#f1c40f', '#2e86c1', '#1e8449', '#8e44ad', '#e67e22', '#17202a'].map(
  hex,
);
const CREAM = hex('#f2e8d0');
const BLACK = hex('#111111');

export function kandinsky(size: number, seed: number): RgbImage {
  const rng = new Rng(seed);
  const s = size / 256;
  const pick = () => COLOURS[rng.int(COLOURS.length)] ?? BLACK;
  const raster = new Raster(size, size, CREAM);
  // Colour planes: large tilted quadrilaterals, half transparent.
  for (let i = 0; i < 4; i++) {
    const cx = rng.uniform(0, size);
    const cy = rng.uniform(0, size);
    const r = rng.uniform(40, 110) * s;
    const a = rng.uniform(0, Math.PI);
    const corners = [0, 1, 2, 3].map((k): [number, number] => {
      const t = a + (k * Math.PI) / 2 + rng.uniform(-0.3, 0.3);
      return [cx + r * Math.cos(t), cy + r * Math.sin(t) * 0.6];
    });
    raster.polygon(corners, pick(), 0.35);
  }
  // Concentric rings.
  for (let i = 0; i < 3; i++) {
    const cx = rng.uniform(0.15, 0.85) * size;
    const cy = rng.uniform(0.15, 0.85) * size;
    const rings = 3 + rng.int(4);
    const step = rng.uniform(6, 11) * s;
    raster.disc(cx, cy, step * (rings + 0.5), pick(), 0.9);
    for (let k = rings; k >= 1; k--) raster.ring(cx, cy, k * step, step * 0.55, pick());
    raster.disc(cx, cy, step * 0.6, pick());
  }
  // Lines, a few thick ones first.
  for (let i = 0; i < 14; i++) {
    const x0 = rng.uniform(0, size);
    const y0 = rng.uniform(0, size);
    const len = rng.uniform(40, 200) * s;
    const a = rng.uniform(0, Math.PI);
    const width = i < 4 ? rng.uniform(3, 6) * s : rng.uniform(1, 2.2) * s;
    raster.line(
      x0,
      y0,
      x0 + len * Math.cos(a),
      y0 + len * Math.sin(a),
      width,
      i < 10 ? BLACK : pick(),
    );
  }
  // Triangles.
  for (let i = 0; i < 4; i++) {
    const cx = rng.uniform(0, size);
    const cy = rng.uniform(0, size);
    const r = rng.uniform(12, 34) * s;
    const a = rng.uniform(0, 2 * Math.PI);
    const corners = [0, 1, 2].map((k): [number, number] => [
      cx + r * Math.cos(a + (k * 2 * Math.PI) / 3),
      cy + r * Math.sin(a + (k * 2 * Math.PI) / 3),
    ]);
    raster.polygon(corners, pick());
  }
  // A small chequer.
  const cx = rng.uniform(0.1, 0.7) * size;
  const cy = rng.uniform(0.1, 0.7) * size;
  const cell = 7 * s;
  for (let j = 0; j < 5; j++)
    for (let i = 0; i < 5; i++)
      if ((i + j) % 2 === 0) raster.rect(cx + i * cell, cy + j * cell, cell, cell, BLACK);
  // Discs with halos and scattered dots.
  for (let i = 0; i < 6; i++) {
    const x = rng.uniform(0, size);
    const y = rng.uniform(0, size);
    const r = rng.uniform(6, 22) * s;
    raster.disc(x, y, r * 1.6, pick(), 0.3);
    raster.disc(x, y, r, pick());
  }
  for (let i = 0; i < 40; i++)
    raster.disc(rng.uniform(0, size), rng.uniform(0, size), rng.uniform(1.2, 3) * s, BLACK);
  return raster.toRgb();
}
