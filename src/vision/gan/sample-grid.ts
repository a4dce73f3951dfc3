/**
 * A sample grid as an RGB picture (for a PNG, or a canvas): images in [-1, 1] laid out
 * rows x columns, white ink on black as MNIST's, with a grey gap between cells.
 */
import type { NoiseSet } from './latent';

export interface GridPicture {
  width: number;
  height: number;
  /** RGB, 8 bits a channel, row-major. */
  data: Uint8Array;
}

const GAP = 2;
const GAP_GREY = 96;

export function sampleGrid(
  images: Float32Array,
  size: number,
  layout: Pick<NoiseSet, 'rows' | 'columns'>,
  scale = 1,
): GridPicture {
  const { rows, columns } = layout;
  const pixels = size * size;
  if (images.length !== rows * columns * pixels)
    throw new Error(
      `sample grid: ${images.length} values is not ${rows}x${columns} images of ${size}x${size}`,
    );
  if (!Number.isInteger(scale) || scale < 1 || scale > 16)
    throw new Error(`sample grid: scale must be an integer in 1..16, got ${scale}`);
  const cell = size * scale;
  const width = columns * cell + (columns + 1) * GAP;
  const height = rows * cell + (rows + 1) * GAP;
  const data = new Uint8Array(width * height * 3).fill(GAP_GREY);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < columns; c++) {
      const base = (r * columns + c) * pixels;
      const x0 = GAP + c * (cell + GAP);
      const y0 = GAP + r * (cell + GAP);
      for (let y = 0; y < cell; y++)
        for (let x = 0; x < cell; x++) {
          const v = images[base + Math.floor(y / scale) * size + Math.floor(x / scale)];
          const grey = Math.round(Math.min(1, Math.max(0, (v + 1) / 2)) * 255);
          const at = ((y0 + y) * width + x0 + x) * 3;
          data[at] = grey;
          data[at + 1] = grey;
          data[at + 2] = grey;
        }
    }
  return { width, height, data };
}
