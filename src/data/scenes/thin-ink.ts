/**
 * A pen's line instead of MNIST's brush: MNIST's strokes are about an eighth of a digit's
 * height, so a digit scaled up gets thick strokes, while a digit written with a pen on paper
 * keeps the pen's width at any size. Grey erosion (a min filter over a square) thins a placed
 * digit's ink field towards a pen's width.
 */

/** MNIST's stroke width as a share of the digit's ink height (about 2.5 px of 20). */
export const MNIST_STROKE_SHARE = 0.12;

/** How many pixels to erode on each side to bring strokes of a digit this tall to `pen` px. */
export function erosionRadius(digitHeight: number, pen: number): number {
  return Math.max(0, Math.round((MNIST_STROKE_SHARE * digitHeight - pen) / 2));
}

/**
 * Erodes `field` (row-major, `width` wide) in place inside rect [x0, y0, x1, y1) by a square of
 * side 2·radius + 1: each pixel becomes the least ink around it (outside the rect counts as none).
 */
export function erodeInk(
  field: Float32Array,
  width: number,
  rect: readonly [number, number, number, number],
  radius: number,
): void {
  if (radius <= 0) return;
  const [x0, y0, x1, y1] = rect;
  const w = x1 - x0;
  const h = y1 - y0;
  const tmp = new Float32Array(w * h);
  // Rows, then columns: a square's minimum is the minimum of the row minima.
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      tmp[y * w + x] = windowMin(x, w, radius, (i) => field[(y0 + y) * width + x0 + i]);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      field[(y0 + y) * width + x0 + x] = windowMin(y, h, radius, (i) => tmp[i * w + x]);
}

/** The least of at(i) for i within radius of c; positions outside 0..n-1 count as 0. */
function windowMin(c: number, n: number, radius: number, at: (i: number) => number): number {
  if (c - radius < 0 || c + radius >= n) return 0;
  let m = at(c - radius);
  for (let i = c - radius + 1; i <= c + radius; i++) {
    const v = at(i);
    if (v < m) m = v;
  }
  return m;
}
