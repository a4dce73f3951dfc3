/**
 * Small geometry for the plots, in plain numbers: linear scales, tick values, clipping of
 * segments to a rectangle (Liang–Barsky) and of polygons to a half-plane
 * (Sutherland–Hodgman).
 */

export type Point = readonly [number, number];

export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Maps [d0, d1] linearly onto [r0, r1]. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/**
 * "Nice" tick values (steps of 1, 2 or 5 × 10^n) covering [lo, hi] with about `count` ticks.
 * Values are rounded to the step's precision so labels read 0.1, not 0.30000000000000004.
 */
export function niceTicks(lo: number, hi: number, count = 6): number[] {
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const s = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
  const decimals = Math.max(0, -Math.floor(Math.log10(s) + 1e-9));
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / s - 1e-9) * s; v <= hi + s * 1e-9; v += s) {
    ticks.push(Number(v.toFixed(decimals)) + 0); // + 0 turns -0 into 0
  }
  return ticks;
}

/** A short label for a number: up to `digits` decimals, trailing zeros dropped, − for minus. */
export function formatNumber(v: number, digits = 2): string {
  if (!Number.isFinite(v)) return String(v);
  const s = Number(v.toFixed(digits)).toString();
  return s.startsWith('-') && s !== '-0' ? `\u2212${s.slice(1)}` : s === '-0' ? '0' : s;
}

/** The part of segment p→q inside `r`, or null (Liang–Barsky). */
export function clipSegment(p: Point, q: Point, r: Rect): [Point, Point] | null {
  const dx = q[0] - p[0];
  const dy = q[1] - p[1];
  let t0 = 0;
  let t1 = 1;
  const edges: Array<[number, number]> = [
    [-dx, p[0] - r.x0],
    [dx, r.x1 - p[0]],
    [-dy, p[1] - r.y0],
    [dy, r.y1 - p[1]],
  ];
  for (const [pk, qk] of edges) {
    if (pk === 0) {
      if (qk < 0) return null;
      continue;
    }
    const t = qk / pk;
    if (pk < 0) {
      if (t > t1) return null;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return null;
      if (t < t1) t1 = t;
    }
  }
  return [
    [p[0] + t0 * dx, p[1] + t0 * dy],
    [p[0] + t1 * dx, p[1] + t1 * dy],
  ];
}

/**
 * Splits a polyline into the runs that lie inside `r`, clipping the segments that cross its
 * border, so a curve leaving the plot is cut at the edge rather than drawn outside it.
 */
export function clipPolyline(points: readonly Point[], r: Rect): Point[][] {
  const runs: Point[][] = [];
  let run: Point[] = [];
  for (let i = 1; i < points.length; i++) {
    const seg = clipSegment(points[i - 1], points[i], r);
    if (!seg) {
      if (run.length > 1) runs.push(run);
      run = [];
      continue;
    }
    const [a, b] = seg;
    const last = run[run.length - 1];
    if (!last || last[0] !== a[0] || last[1] !== a[1]) {
      if (run.length > 1) runs.push(run);
      run = [a];
    }
    run.push(b);
    // The segment left the rectangle: the run ends here.
    if (b[0] !== points[i][0] || b[1] !== points[i][1]) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length > 1) runs.push(run);
  return runs;
}

/**
 * The part of a convex polygon where a·x + b·y + c > 0 (Sutherland–Hodgman against one line).
 * With a = b = 0 the half-plane is everything (c > 0) or nothing.
 */
export function clipPolygonToHalfPlane(
  polygon: readonly Point[],
  a: number,
  b: number,
  c: number,
): Point[] {
  if (a === 0 && b === 0) return c > 0 ? polygon.slice() : [];
  const f = (p: Point): number => a * p[0] + b * p[1] + c;
  const out: Point[] = [];
  for (let i = 0; i < polygon.length; i++) {
    const p = polygon[i];
    const q = polygon[(i + 1) % polygon.length];
    const fp = f(p);
    const fq = f(q);
    if (fp > 0) out.push(p);
    if (fp > 0 !== fq > 0) {
      const t = fp / (fp - fq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  return out;
}

/** The part of a convex polygon where a·x + b·y + c ≤ 0 (the complement of the above). */
export function clipPolygonToNegativeHalfPlane(
  polygon: readonly Point[],
  a: number,
  b: number,
  c: number,
): Point[] {
  if (a === 0 && b === 0) return c > 0 ? [] : polygon.slice();
  return clipPolygonToHalfPlane(polygon, -a, -b, -c);
}

/**
 * The segment of the line a·x + b·y + c = 0 inside `r`, or null when the line misses it or is
 * degenerate (a = b = 0).
 */
export function lineInRect(a: number, b: number, c: number, r: Rect): [Point, Point] | null {
  if (a === 0 && b === 0) return null;
  // Parametrise along the axis the line is least steep against, over a span that surely covers r.
  const pad = (r.x1 - r.x0 + r.y1 - r.y0) * 2;
  let p: Point;
  let q: Point;
  if (Math.abs(b) >= Math.abs(a)) {
    const xa = r.x0 - pad;
    const xb = r.x1 + pad;
    p = [xa, -(a * xa + c) / b];
    q = [xb, -(a * xb + c) / b];
  } else {
    const ya = r.y0 - pad;
    const yb = r.y1 + pad;
    p = [-(b * ya + c) / a, ya];
    q = [-(b * yb + c) / a, yb];
  }
  return clipSegment(p, q, r);
}
