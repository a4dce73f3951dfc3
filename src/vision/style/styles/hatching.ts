/**
 * "hatching": a pen drawing: ink on warm paper, its tones made by layers of hatching (one
 * diagonal for light tones, a crossing one for mid tones, a third for dark) and stippled dots,
 * over a tone field of soft blobs. Fine, high-contrast, almost colourless strokes: the style
 * that most shows whether a feature net sees small oriented edges.
 */
import type { RgbImage } from '../../../data/png';
import { Rng } from '../../../nn/rng';
import { hex, mix, Raster } from '../raster';

const PAPER = hex('#f3ecdc');
const INK = hex('#1b1a2e');

export function hatching(size: number, seed: number): RgbImage {
  const rng = new Rng(seed);
  const s = size / 256;
  const blobs = Array.from({ length: 6 }, () => ({
    x: rng.uniform(0, size),
    y: rng.uniform(0, size),
    r: rng.uniform(25, 60) * s,
    w: rng.uniform(0.35, 0.8),
  }));
  const tone = (x: number, y: number) => {
    let t = 0.05;
    for (const b of blobs)
      t += b.w * Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2) / (2 * b.r * b.r));
    return Math.min(1, t);
  };
  const layers = [
    { angle: rng.uniform(0.6, 0.9), from: 0.2 },
    { angle: rng.uniform(-0.9, -0.6), from: 0.45 },
    { angle: rng.uniform(-0.15, 0.15), from: 0.7 },
  ];
  const spacing = 5.5 * s;
  const wobble = rng.uniform(0, 2 * Math.PI);
  const raster = new Raster(size, size);
  raster.shade((x, y) => {
    const t = tone(x, y);
    let ink = 0;
    for (const l of layers) {
      if (t < l.from) continue;
      const u = x * Math.cos(l.angle) + y * Math.sin(l.angle);
      const v =
        -x * Math.sin(l.angle) + y * Math.cos(l.angle) + 0.8 * Math.sin(u / (9 * s) + wobble);
      const d = Math.abs(((((v / spacing) % 1) + 1) % 1) - 0.5) * spacing; // distance to the line
      // Lines grow heavier as the tone darkens past their threshold.
      const half = 0.45 + 0.7 * Math.min(1, (t - l.from) / 0.3);
      ink = Math.max(ink, Math.min(1, half - d + 0.5));
    }
    return mix(PAPER, INK, Math.max(0, ink) * 0.92);
  });
  // Stipple: dots, denser where the tone is mid-dark.
  for (let i = 0; i < 1800 * s * s; i++) {
    const x = rng.uniform(0, size);
    const y = rng.uniform(0, size);
    if (rng.next() < tone(x, y) * 0.9) raster.disc(x, y, rng.uniform(0.5, 1.1) * s, INK, 0.85);
  }
  return raster.toRgb();
}
