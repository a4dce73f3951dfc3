/**
 * Pixel colours for image grids: grayscale for images (0..1), a diverging map for signed
 * values such as conv filters. Pure code, unit-tested in Node.
 */

export type ColorMap = 'gray' | 'diverging';

/** Colours of the diverging map: negative end, zero, positive end (0xRRGGBB). */
export interface DivergingColors {
  negative: number;
  zero: number;
  positive: number;
}

/** Blue through a neutral zero to orange-red, readable for red-green colour blindness. */
export const DIVERGING_DARK: DivergingColors = {
  negative: 0x4f8dff,
  zero: 0x1c2030,
  positive: 0xff7a45,
};

export const DIVERGING_LIGHT: DivergingColors = {
  negative: 0x2456c8,
  zero: 0xf1f2f6,
  positive: 0xd3461f,
};

/** The shape of a batch of single-channel images as [count, height, width]. */
export interface ImageShape {
  count: number;
  height: number;
  width: number;
}

/**
 * Reads [n, h, w], [n, 1, h, w] (NCHW, one channel) or [n, h, w, 1] (NHWC) as a batch of
 * single-channel images; throws on anything else or when the data length does not match.
 */
export function imageShape(shape: readonly number[], length: number): ImageShape {
  let dims: number[];
  if (shape.length === 3) dims = [...shape];
  else if (shape.length === 4 && shape[1] === 1) dims = [shape[0], shape[2], shape[3]];
  else if (shape.length === 4 && shape[3] === 1) dims = [shape[0], shape[1], shape[2]];
  else if (shape.length === 2) dims = [1, shape[0], shape[1]];
  else {
    throw new Error(`image grid: shape [${shape.join(', ')}] is not a batch of 1-channel images`);
  }
  const [count, height, width] = dims;
  if (![count, height, width].every((d) => Number.isInteger(d) && d >= 0)) {
    throw new Error(`image grid: shape [${shape.join(', ')}] has a non-integer dimension`);
  }
  if (count * height * width !== length) {
    throw new Error(
      `image grid: shape [${shape.join(', ')}] needs ${count * height * width} values, got ${length}`,
    );
  }
  return { count, height, width };
}

function channel(c: number, shift: number): number {
  return (c >> shift) & 0xff;
}

/**
 * Writes image `index` of `data` as RGBA pixels into `out` (a width*height*4 region starting at
 * `outOffset`, rows `outStride` bytes apart). Gray maps 0..1 to black..white (clamped);
 * diverging normalises by the image's largest |value| so that each filter uses the full scale
 * with zero at the neutral colour.
 */
export function writeImageRgba(
  data: ArrayLike<number>,
  shape: ImageShape,
  index: number,
  map: ColorMap,
  out: Uint8ClampedArray,
  outOffset: number,
  outStride: number,
  colors: DivergingColors = DIVERGING_DARK,
): void {
  const { height, width } = shape;
  const base = index * height * width;
  let scale = 1;
  if (map === 'diverging') {
    let maxAbs = 0;
    for (let i = 0; i < height * width; i++) {
      const v = Math.abs(data[base + i]);
      if (v > maxAbs && Number.isFinite(v)) maxAbs = v;
    }
    scale = maxAbs > 0 ? 1 / maxAbs : 0;
  }
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const v = data[base + r * width + c];
      const o = outOffset + r * outStride + c * 4;
      if (map === 'gray') {
        const g = Number.isFinite(v) ? Math.round(Math.min(1, Math.max(0, v)) * 255) : 0;
        out[o] = out[o + 1] = out[o + 2] = g;
      } else {
        const [red, green, blue] = divergingRgb(Number.isFinite(v) ? v * scale : 0, colors);
        out[o] = red;
        out[o + 1] = green;
        out[o + 2] = blue;
      }
      out[o + 3] = 255;
    }
  }
}

/** t in [-1, 1] to RGB: linear from the zero colour to the negative or positive end. */
export function divergingRgb(t: number, colors: DivergingColors): [number, number, number] {
  const u = Math.min(1, Math.max(-1, t));
  const end = u < 0 ? colors.negative : colors.positive;
  const k = Math.abs(u);
  const mix = (shift: number): number =>
    Math.round(
      channel(colors.zero, shift) + (channel(end, shift) - channel(colors.zero, shift)) * k,
    );
  return [mix(16), mix(8), mix(0)];
}

export interface GridLayout {
  columns: number;
  rows: number;
  /** Size of one cell: the scaled image plus its caption band. */
  cellWidth: number;
  cellHeight: number;
  width: number;
  height: number;
}

/**
 * Where the cells of a grid go: `count` images of `imageWidth`x`imageHeight` drawn at integer
 * `scale`, `columns` per row (fewer when there are fewer images), `gap` pixels between cells,
 * `captionHeight` pixels under each image, `top` pixels above the grid for a title.
 */
export function gridLayout(opts: {
  count: number;
  columns: number;
  imageWidth: number;
  imageHeight: number;
  scale: number;
  gap: number;
  captionHeight: number;
  top: number;
}): GridLayout {
  const columns = Math.max(1, Math.min(opts.columns, Math.max(1, opts.count)));
  const rows = Math.max(1, Math.ceil(opts.count / columns));
  const cellWidth = opts.imageWidth * opts.scale;
  const cellHeight = opts.imageHeight * opts.scale + opts.captionHeight;
  return {
    columns,
    rows,
    cellWidth,
    cellHeight,
    width: columns * cellWidth + (columns - 1) * opts.gap,
    height: opts.top + rows * cellHeight + (rows - 1) * opts.gap,
  };
}
