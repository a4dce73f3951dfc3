/**
 * Content pictures we can draw anywhere, for the CLI, the tests and a page without a camera:
 * seeded landscapes with a clear layout for a style to keep (sky, sun or moon, mountain
 * ridges, a lake, a house with a roof and windows, trees). Scene n is the same everywhere.
 * Users bring their own photographs as PNGs.
 */
import type { RgbImage } from '../../data/png';
import { Rng } from '../../nn/rng';
import { hex, mix, Raster, type Rgb } from './raster';

/** How many different scenes the seeds are spread over (any integer index is fine). */
export const MAX_SCENE_INDEX = 1_000_000;

export function contentScene(index: number, size = 256): RgbImage {
  if (!Number.isInteger(index) || index < 0 || index > MAX_SCENE_INDEX)
    throw new Error(
      `content scene index must be an integer in [0, ${MAX_SCENE_INDEX}], got ${index}`,
    );
  if (!Number.isInteger(size) || size < 16 || size > 2048)
    throw new Error(`content scene size must be an integer in [16, 2048], got ${size}`);
  const rng = new Rng(0x5eed + index * 7919);
  const s = size / 256;
  const dusk = rng.next() < 0.35;
  const skyTop = dusk ? hex('#2b2d5c') : hex('#3f8fd6');
  const skyLow = dusk ? hex('#f0a45d') : hex('#cfe8f7');
  const horizon = size * rng.uniform(0.55, 0.68);
  const raster = new Raster(size, size);
  raster.shade((_, y) => mix(skyTop, skyLow, Math.min(1, y / horizon)));
  // Sun (or a low orange sun at dusk).
  const sunX = rng.uniform(0.15, 0.85) * size;
  const sunY = rng.uniform(0.12, 0.3) * size;
  raster.disc(sunX, sunY, 30 * s, dusk ? hex('#ffd28a') : hex('#fff6c9'), 0.35);
  raster.disc(sunX, sunY, 18 * s, dusk ? hex('#ffb347') : hex('#fff3a8'));
  // Two mountain ridges, the far one paler.
  ridge(raster, rng, horizon - 55 * s, 35 * s, mix(hex('#5b6d8a'), skyLow, 0.45));
  ridge(raster, rng, horizon - 25 * s, 30 * s, hex('#3d5a45'));
  // Ground and a lake.
  raster.rect(0, horizon, size, size - horizon, hex('#5c9a3c'));
  const lakeX = rng.uniform(0.05, 0.45) * size;
  const lakeW = rng.uniform(0.3, 0.45) * size;
  const lakeY = horizon + (size - horizon) * 0.35;
  raster.polygon(
    Array.from({ length: 24 }, (_, k): [number, number] => {
      const t = (k / 24) * 2 * Math.PI;
      return [lakeX + lakeW / 2 + (lakeW / 2) * Math.cos(t), lakeY + 16 * s * Math.sin(t)];
    }),
    hex('#4f86c6'),
  );
  // A house: walls, roof, door, windows.
  const hx = lakeX + lakeW + rng.uniform(10, 30) * s;
  const hw = rng.uniform(50, 70) * s;
  const hh = rng.uniform(35, 48) * s;
  const hy = horizon + (size - horizon) * 0.25;
  const walls: Rgb = [hex('#e9d8a6'), hex('#d95d39'), hex('#f4f1de')][rng.int(3)] ?? hex('#e9d8a6');
  raster.rect(hx, hy - hh, hw, hh, walls);
  raster.polygon(
    [
      [hx - 6 * s, hy - hh],
      [hx + hw / 2, hy - hh - 28 * s],
      [hx + hw + 6 * s, hy - hh],
    ],
    hex('#8c2f39'),
  );
  raster.rect(hx + hw * 0.42, hy - 20 * s, 11 * s, 20 * s, hex('#4a2c2a'));
  for (const fx of [0.14, 0.68])
    raster.rect(
      hx + hw * fx,
      hy - hh + 9 * s,
      11 * s,
      10 * s,
      dusk ? hex('#ffd166') : hex('#3d5a80'),
    );
  // Trees: trunks and round crowns, nearer ones larger.
  const trees = 3 + rng.int(4);
  for (let i = 0; i < trees; i++) {
    const tx = rng.uniform(0, size);
    const near = rng.uniform(0, 1);
    const ty = horizon + (size - horizon) * (0.15 + 0.7 * near);
    const r = (10 + 14 * near) * s;
    raster.rect(tx - 2.5 * s, ty - r * 1.2, 5 * s, r * 1.2, hex('#5a3d2b'));
    raster.disc(tx, ty - r * 1.6, r, mix(hex('#1f5d2c'), hex('#3c8d2f'), rng.next()));
  }
  return raster.toRgb();
}

/** A jagged mountain ridge around height `base`, filled down to the bottom. */
function ridge(raster: Raster, rng: Rng, base: number, amplitude: number, color: Rgb): void {
  const { width, height } = raster;
  const points: Array<[number, number]> = [[0, height]];
  const peaks = 5 + rng.int(4);
  for (let i = 0; i <= peaks; i++)
    points.push([
      (i / peaks) * width,
      base - amplitude * (i % 2 === 0 ? rng.uniform(0, 0.5) : rng.uniform(0.6, 1.2)),
    ]);
  points.push([width, height]);
  raster.polygon(points, color);
}
