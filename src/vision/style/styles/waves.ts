/**
 * "waves": bands of blues, foam white and sand that follow two crossed sine swells, each band
 * rippled inside and edged with a dark line, in the manner of a woodblock sea. Strong
 * directional stripes at two scales: the easiest style to see in a stylised picture.
 */
import type { RgbImage } from '../../../data/png';
import { Rng } from '../../../nn/rng';
import { hex, mix, Raster } from '../raster';

const PALETTE = ['#0b2545', '#13406b', '#1f6f9f', '#5fa8d3', '#eef4f2', '#d8c59a'].map(hex);
const INK = hex('#08152a');

export function waves(size: number, seed: number): RgbImage {
  const rng = new Rng(seed);
  const period = size / rng.uniform(8, 11);
  const swells = Array.from({ length: 2 }, (_, i) => ({
    amplitude: period * rng.uniform(0.6, 1.1) * (i === 0 ? 1.4 : 0.7),
    kx: ((2 * Math.PI) / size) * rng.uniform(1.2, 2.5) * (i + 1),
    ky: ((2 * Math.PI) / size) * rng.uniform(-0.6, 0.6),
    phase: rng.uniform(0, 2 * Math.PI),
  }));
  const offset = rng.int(PALETTE.length);
  const raster = new Raster(size, size);
  raster.shade((x, y) => {
    let v = y;
    for (const s of swells) v += s.amplitude * Math.sin(s.kx * x + s.ky * y + s.phase);
    const phase = v / period;
    const band = Math.floor(phase);
    const frac = phase - band;
    const n = PALETTE.length;
    const base = PALETTE[(((band + offset) % n) + n) % n] ?? INK;
    // Ripples inside a band, lighter towards its crest.
    const ripple = 0.08 * Math.sin(frac * Math.PI * 8) + 0.12 * (1 - frac);
    const lit = mix(base, [1, 1, 1], Math.max(0, ripple));
    // A dark line where two bands meet, about 1.5 px wide.
    const edge = Math.min(frac, 1 - frac) * period;
    return edge < 1.5 ? mix(INK, lit, edge / 1.5) : lit;
  });
  return raster.toRgb();
}
