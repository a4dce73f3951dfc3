/**
 * A tiny RGB rasteriser for the images we generate (the shipped styles, the content scenes):
 * a float canvas with anti-aliased discs, rings and thick lines, filled polygons, and per-pixel
 * shading. Pure TypeScript, no DOM and no tfjs, so the same pictures come out in Node, in a
 * worker and in the page. Colours are [r, g, b] in [0, 1]; coordinates are pixels, y down.
 */
import type { RgbImage } from '../../data/png';

export type Rgb = readonly [number, number, number];

/** '#rrggbb' -> [r, g, b] in [0, 1]. */
export function hex(code: string): Rgb {
  const n = Number.parseInt(code.slice(1), 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}

/** a + (b - a) t, per channel. */
export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

const clamp01 = (x: number) => Math.max(0, Math.min(1, x));

export class Raster {
  /** RGB floats, row-major, 3 a pixel. */
  readonly data: Float32Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb = [1, 1, 1],
  ) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
      throw new Error(`Raster size must be positive integers, got ${width}x${height}`);
    this.data = new Float32Array(width * height * 3);
    this.shade(() => background);
  }

  /** Blends `color` over pixel (x, y) with coverage `alpha` in [0, 1]. */
  blend(x: number, y: number, color: Rgb, alpha: number): void {
    if (alpha <= 0 || x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const a = Math.min(1, alpha);
    const i = (y * this.width + x) * 3;
    for (let c = 0; c < 3; c++) this.data[i + c] += (color[c] - this.data[i + c]) * a;
  }

  /** Sets every pixel to f(x, y) (pixel centres at +0.5). */
  shade(f: (x: number, y: number) => Rgb): void {
    for (let y = 0; y < this.height; y++)
      for (let x = 0; x < this.width; x++) {
        const c = f(x + 0.5, y + 0.5);
        const i = (y * this.width + x) * 3;
        this.data[i] = c[0];
        this.data[i + 1] = c[1];
        this.data[i + 2] = c[2];
      }
  }

  /**
   * Covers the pixels whose centres lie within the box with coverage(x, y) (the anti-aliased
   * shapes below are this with a signed distance).
   */
  private cover(
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    color: Rgb,
    coverage: (x: number, y: number) => number,
  ): void {
    const xa = Math.max(0, Math.floor(x0));
    const ya = Math.max(0, Math.floor(y0));
    const xb = Math.min(this.width - 1, Math.ceil(x1));
    const yb = Math.min(this.height - 1, Math.ceil(y1));
    for (let y = ya; y <= yb; y++)
      for (let x = xa; x <= xb; x++) this.blend(x, y, color, coverage(x + 0.5, y + 0.5));
  }

  /** A disc of radius r, its edge anti-aliased over a pixel. */
  disc(cx: number, cy: number, r: number, color: Rgb, alpha = 1): void {
    this.cover(
      cx - r - 1,
      cy - r - 1,
      cx + r + 1,
      cy + r + 1,
      color,
      (x, y) => alpha * clamp01(r - Math.hypot(x - cx, y - cy) + 0.5),
    );
  }

  /** A ring of radius r (its centre line) and the given width. */
  ring(cx: number, cy: number, r: number, width: number, color: Rgb, alpha = 1): void {
    const h = width / 2;
    this.cover(
      cx - r - h - 1,
      cy - r - h - 1,
      cx + r + h + 1,
      cy + r + h + 1,
      color,
      (x, y) => alpha * clamp01(h - Math.abs(Math.hypot(x - cx, y - cy) - r) + 0.5),
    );
  }

  /** A straight stroke from (x0, y0) to (x1, y1) with round ends. */
  line(x0: number, y0: number, x1: number, y1: number, width: number, color: Rgb, alpha = 1): void {
    const h = width / 2;
    const dx = x1 - x0;
    const dy = y1 - y0;
    const len2 = dx * dx + dy * dy || 1;
    this.cover(
      Math.min(x0, x1) - h - 1,
      Math.min(y0, y1) - h - 1,
      Math.max(x0, x1) + h + 1,
      Math.max(y0, y1) + h + 1,
      color,
      (x, y) => {
        const t = clamp01(((x - x0) * dx + (y - y0) * dy) / len2);
        return alpha * clamp01(h - Math.hypot(x - x0 - t * dx, y - y0 - t * dy) + 0.5);
      },
    );
  }

  /** A filled polygon (even-odd rule, pixel centres inside; no anti-aliasing). */
  polygon(points: ReadonlyArray<readonly [number, number]>, color: Rgb, alpha = 1): void {
    // Bounds by a loop: a spread of an unbounded array into Math.min can overflow the stack.
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [x, y] of points) {
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
    this.cover(x0, y0, x1, y1, color, (x, y) => (inside(points, x, y) ? alpha : 0));
  }

  /** A filled axis-aligned rectangle. */
  rect(x: number, y: number, w: number, h: number, color: Rgb, alpha = 1): void {
    this.polygon(
      [
        [x, y],
        [x + w, y],
        [x + w, y + h],
        [x, y + h],
      ],
      color,
      alpha,
    );
  }

  /** The picture as 8-bit RGB (rounded, clamped). */
  toRgb(): RgbImage {
    const data = new Uint8Array(this.data.length);
    for (let i = 0; i < data.length; i++) data[i] = Math.round(clamp01(this.data[i]) * 255);
    return { width: this.width, height: this.height, data };
  }
}

/** Even-odd point-in-polygon test. */
function inside(points: ReadonlyArray<readonly [number, number]>, x: number, y: number): boolean {
  let odd = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i] as readonly [number, number];
    const [xj, yj] = points[j] as readonly [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
  }
  return odd;
}
