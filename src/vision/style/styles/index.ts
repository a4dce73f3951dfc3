/**
 * The styles shipped with the project: pictures our own code draws, seeded and deterministic
 * (the same name, size and seed give the same bytes everywhere), so no image has to be
 * downloaded or licensed. Users bring their own styles as PNGs.
 */
import type { RgbImage } from '../../../data/png';
import { hatching } from './hatching';
import { kandinsky } from './kandinsky';
import { mosaic } from './mosaic';
import { swirls } from './swirls';
import { waves } from './waves';

export interface ShippedStyle {
  name: string;
  /** One line for a gallery or the usage. */
  description: string;
  /** Draws the style at size x size from a seed. */
  draw: (size: number, seed: number) => RgbImage;
}

export const SHIPPED_STYLES: readonly ShippedStyle[] = [
  { name: 'waves', description: 'woodblock-sea bands of blue, foam and sand', draw: waves },
  { name: 'mosaic', description: 'stained-glass Voronoi cells in lead lines', draw: mosaic },
  { name: 'kandinsky', description: 'circles, rings, lines and planes on cream', draw: kandinsky },
  { name: 'hatching', description: 'pen hatching and stipple on paper', draw: hatching },
  {
    name: 'swirls',
    description: 'brush strokes round whirlpools, night blues and stars',
    draw: swirls,
  },
];

export const STYLE_NAMES: readonly string[] = SHIPPED_STYLES.map((s) => s.name);

/** The size the styles are drawn at, and shipped at. */
export const STYLE_SIZE = 256;

/** The named style at `size` (256) from `seed` (0); throws naming the styles for another name. */
export function shippedStyle(name: string, size = STYLE_SIZE, seed = 0): RgbImage {
  const style = SHIPPED_STYLES.find((s) => s.name === name);
  if (!style) throw new Error(`no shipped style "${name}": ${STYLE_NAMES.join(', ')}`);
  if (!Number.isInteger(size) || size < 16 || size > 2048)
    throw new Error(`style size must be an integer in [16, 2048], got ${size}`);
  return style.draw(size, seed);
}
