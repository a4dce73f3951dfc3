/**
 * Series storage and decimation for live charts. Pure code (no DOM, no Pixi), unit-tested in
 * Node.
 */

/**
 * An append-only series of (x, y) points in growable typed arrays, with running bounds so
 * that streaming thousands of points costs O(1) per point.
 */
export class SeriesBuffer {
  xs = new Float64Array(256);
  ys = new Float64Array(256);
  length = 0;
  /** Bounds over finite points (y bounds over positive ys too, for log axes). */
  minX = Number.POSITIVE_INFINITY;
  maxX = Number.NEGATIVE_INFINITY;
  minY = Number.POSITIVE_INFINITY;
  maxY = Number.NEGATIVE_INFINITY;
  minPositiveY = Number.POSITIVE_INFINITY;
  /** False once a point arrived with a smaller x than the one before it. */
  sorted = true;

  clear(): void {
    this.length = 0;
    this.minX = this.minY = this.minPositiveY = Number.POSITIVE_INFINITY;
    this.maxX = this.maxY = Number.NEGATIVE_INFINITY;
    this.sorted = true;
  }

  push(x: number, y: number): void {
    if (this.length === this.xs.length) {
      const xs = new Float64Array(this.xs.length * 2);
      const ys = new Float64Array(this.ys.length * 2);
      xs.set(this.xs);
      ys.set(this.ys);
      this.xs = xs;
      this.ys = ys;
    }
    if (this.length > 0 && x < this.xs[this.length - 1]) this.sorted = false;
    this.xs[this.length] = x;
    this.ys[this.length] = y;
    this.length++;
    if (Number.isFinite(x) && Number.isFinite(y)) {
      if (x < this.minX) this.minX = x;
      if (x > this.maxX) this.maxX = x;
      if (y < this.minY) this.minY = y;
      if (y > this.maxY) this.maxY = y;
      if (y > 0 && y < this.minPositiveY) this.minPositiveY = y;
    }
  }

  /** Sorts the points by x (stable) if they ever arrived out of order. */
  ensureSorted(): void {
    if (this.sorted) return;
    const order = Array.from({ length: this.length }, (_, i) => i);
    order.sort((a, b) => this.xs[a] - this.xs[b] || a - b);
    const xs = new Float64Array(this.xs.length);
    const ys = new Float64Array(this.ys.length);
    order.forEach((from, to) => {
      xs[to] = this.xs[from];
      ys[to] = this.ys[from];
    });
    this.xs = xs;
    this.ys = ys;
    this.sorted = true;
  }

  /** The last finite y, for the legend's readout. */
  lastY(): number | undefined {
    for (let i = this.length - 1; i >= 0; i--) {
      if (Number.isFinite(this.ys[i])) return this.ys[i];
    }
    return undefined;
  }
}

/** Index of the first element of the sorted xs[0..n) that is >= x. */
export function lowerBound(xs: ArrayLike<number>, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface Decimated {
  /** Indices into the source arrays of the points to draw, in order. */
  indices: Uint32Array;
  count: number;
}

/**
 * Min/max decimation per pixel column: of all points falling in one column it keeps the
 * lowest and the highest, in their original order (plus the series' very first and last
 * point). A line through the kept points covers the same pixels as a line through all of
 * them at that width, and costs at most 2 points per column however long the series: on a
 * software renderer (SwiftShader) the cost of a frame grows with the line's vertices.
 *
 * xs must be sorted ascending. Points outside [x0, x1] are skipped except the one just
 * outside each end (so the line reaches the plot's edge), and points with a non-finite
 * coordinate (or, with `positiveOnly`, y <= 0 for log axes) are dropped.
 */
export function decimateMinMax(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  n: number,
  x0: number,
  x1: number,
  columns: number,
  positiveOnly = false,
): Decimated {
  const cols = Math.max(1, Math.floor(columns));
  const start = Math.max(0, lowerBound(xs, n, x0) - 1);
  const end = Math.min(n, lowerBound(xs, n, x1) + 1);
  const indices = new Uint32Array(Math.max(0, Math.min(end - start, cols * 2 + 8)));
  let count = 0;
  const span = x1 > x0 ? x1 - x0 : 1;
  const scale = cols / span;

  let col = Number.NaN;
  let first = -1;
  let lo = -1;
  let hi = -1;
  let last = -1;
  let started = false;
  const push = (i: number): void => {
    if (i >= 0 && (count === 0 || indices[count - 1] !== i)) indices[count++] = i;
  };
  const flush = (): void => {
    if (lo < 0) return;
    if (!started) push(first);
    started = true;
    push(Math.min(lo, hi));
    push(Math.max(lo, hi));
    first = lo = hi = last = -1;
  };

  for (let i = start; i < end; i++) {
    const x = xs[i];
    const y = ys[i];
    if (!Number.isFinite(x) || !Number.isFinite(y) || (positiveOnly && y <= 0)) continue;
    // Points beyond either edge get their own column so they are never merged with visible ones.
    const c = x < x0 ? -1 : x > x1 ? cols + 1 : Math.min(cols - 1, Math.floor((x - x0) * scale));
    if (c !== col) {
      flush();
      col = c;
      first = lo = hi = last = i;
      continue;
    }
    last = i;
    if (y < ys[lo]) lo = i;
    if (y > ys[hi]) hi = i;
  }
  // The last column keeps its last point too, so the line ends where the data does.
  if (lo >= 0) {
    const keepLast = last;
    flush();
    push(keepLast);
  }
  return { indices, count };
}
