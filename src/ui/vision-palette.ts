/**
 * What the vision components share and can be tested without a canvas: one colour per digit
 * (the same in boxes, masks, legends and PR curves), box labels, the RGBA of a translucent
 * class map, RGB to RGBA, and fitting a picture into a view keeping its aspect.
 */

/** Digit d's colour (category id d + 1): ten hues told apart on a photo and in both themes. */
export const DIGIT_COLORS: readonly number[] = [
  0xe6194b, 0x3cb44b, 0xffe119, 0x4363d8, 0xf58231, 0x911eb4, 0x42d4f4, 0xf032e6, 0xbfef45,
  0xfabed4,
];

/** The colour of a COCO category id (digit + 1); grey for anything else. */
export function categoryColor(categoryId: number): number {
  return DIGIT_COLORS[categoryId - 1] ?? 0x9aa3b5;
}

/** "7 93%": the digit a box holds and how sure the model is. */
export function boxLabel(categoryId: number, score?: number): string {
  const digit = categoryId >= 1 && categoryId <= 10 ? String(categoryId - 1) : `#${categoryId}`;
  return score === undefined ? digit : `${digit} ${Math.round(score * 100)}%`;
}

/**
 * A class map (0 background, digit + 1, 255 void) as RGBA: each digit's colour at `alpha`
 * (0..1), background and void transparent. Writes into `out` when given (w * h * 4 bytes).
 */
export function maskRgba(
  labels: ArrayLike<number>,
  alpha: number,
  out = new Uint8ClampedArray(labels.length * 4),
): Uint8ClampedArray {
  if (out.length !== labels.length * 4)
    throw new Error(
      `mask: ${labels.length} cells need ${labels.length * 4} bytes, got ${out.length}`,
    );
  const a = Math.round(Math.max(0, Math.min(1, alpha)) * 255);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    const color = c >= 1 && c <= 10 ? DIGIT_COLORS[c - 1] : -1;
    const o = i * 4;
    if (color < 0) {
      out[o + 3] = 0;
      continue;
    }
    out[o] = color >> 16;
    out[o + 1] = (color >> 8) & 0xff;
    out[o + 2] = color & 0xff;
    out[o + 3] = a;
  }
  return out;
}

/** RGB bytes (3 a pixel) as opaque RGBA, into `out` when given. */
export function rgbToRgba(
  rgb: ArrayLike<number>,
  out = new Uint8ClampedArray((rgb.length / 3) * 4),
): Uint8ClampedArray {
  const n = rgb.length / 3;
  if (!Number.isInteger(n) || out.length !== n * 4)
    throw new Error(`image: ${rgb.length} RGB bytes do not fill ${out.length / 4} RGBA pixels`);
  for (let i = 0; i < n; i++) {
    out[i * 4] = rgb[i * 3];
    out[i * 4 + 1] = rgb[i * 3 + 1];
    out[i * 4 + 2] = rgb[i * 3 + 2];
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** Where a w x h picture goes inside a view of viewW x viewH: as large as fits, centred. */
export function fitInside(
  w: number,
  h: number,
  viewW: number,
  viewH: number,
): { x: number; y: number; scale: number } {
  if (!(w > 0 && h > 0)) return { x: 0, y: 0, scale: 1 };
  const scale = Math.min(viewW / w, viewH / h);
  return { x: (viewW - w * scale) / 2, y: (viewH - h * scale) / 2, scale };
}

/** Per-digit precision-recall curves (precision at recall 0, 0.01 ... 1) as chart points. */
export function prCurvePoints(
  precisionAtRecall: readonly (readonly number[] | null)[],
): Record<string, Array<[number, number]>> {
  const out: Record<string, Array<[number, number]>> = {};
  precisionAtRecall.forEach((curve, digit) => {
    if (!curve) return;
    const n = curve.length - 1;
    // Past the highest recall reached, precision is 0: the curve ends where the model's does.
    let last = n;
    while (last > 0 && curve[last] === 0) last--;
    out[String(digit)] = curve.slice(0, last + 1).map((p, i) => [i / n, p]);
  });
  return out;
}

/** A confusion matrix's rows as shares (each row sums to 1; an empty row stays 0). */
export function rowShares(counts: ArrayLike<number>, classes: number): Float64Array {
  if (counts.length !== classes * classes)
    throw new Error(
      `confusion: ${classes} classes need ${classes * classes} counts, got ${counts.length}`,
    );
  const out = new Float64Array(counts.length);
  for (let t = 0; t < classes; t++) {
    let sum = 0;
    for (let p = 0; p < classes; p++) sum += counts[t * classes + p];
    if (sum > 0)
      for (let p = 0; p < classes; p++) out[t * classes + p] = counts[t * classes + p] / sum;
  }
  return out;
}
