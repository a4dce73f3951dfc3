/**
 * Seeded scenes of MNIST digits for detection and segmentation: 1 to N digits at random
 * positions and sizes, overlap limited, optional clutter, in the clean or the paper look,
 * with boxes (COCO), a label map (VOC) and an instance map. Scene i of a seed is the same
 * whatever the count asked for, so a data set can be grown or regenerated in parts.
 */
import { fmix32 } from '../../math/mulberry32';
import { Rng } from '../../nn/rng';
import { drawFragment, drawStroke } from './clutter';
import { type InkBox, inkBox, type Placement, placedHalfExtent, renderDigit } from './digit-render';
import type { DigitSource } from './digit-source';
import { renderClean, renderPaper, type SceneStyle } from './paper-style';
import { BACKGROUND, categoryOfDigit, type Scene, type SceneObject, VOID } from './scene';
import { erodeInk, erosionRadius } from './thin-ink';

export interface SceneOptions {
  width?: number;
  height?: number;
  minDigits?: number;
  maxDigits?: number;
  /** Height of a digit's ink in pixels, drawn uniformly in [min, max]. */
  minDigitHeight?: number;
  maxDigitHeight?: number;
  /** Largest IoU between two digits' boxes, and largest share of a box another may cover. */
  maxOverlap?: number;
  /** 0 none, 1 a busy page: strokes, fragments of digits, speckle. */
  clutter?: number;
  style?: SceneStyle;
  /**
   * Share of digits written with a thin pen: their strokes eroded to 1.5-3 px whatever their
   * size, as handwriting on paper is. 0 (the default) draws no random number for it, so the
   * scenes made without it are the same as before it existed.
   */
  thinInk?: number;
}

export type ResolvedSceneOptions = Required<SceneOptions>;

export const SCENE_DEFAULTS: ResolvedSceneOptions = {
  width: 128,
  height: 128,
  minDigits: 1,
  maxDigits: 6,
  minDigitHeight: 12,
  maxDigitHeight: 48,
  maxOverlap: 0.15,
  clutter: 0.3,
  style: 'clean',
  thinInk: 0,
};

/** Ink at or above this is the digit (labelled); between VOID_LOW and it, void. */
const LABEL_INK = 0.5;
const VOID_LOW = 0.15;
/** A digit's box encloses its ink down to this level. */
const BOX_INK = 0.2;

export function resolveSceneOptions(opts: SceneOptions = {}): ResolvedSceneOptions {
  const o = { ...SCENE_DEFAULTS, ...opts };
  const intIn = (name: keyof SceneOptions, v: number, lo: number, hi: number) => {
    if (!Number.isInteger(v) || v < lo || v > hi)
      throw new RangeError(`scenes: ${name} must be an integer in ${lo}..${hi}, got ${v}`);
  };
  intIn('width', o.width, 32, 1024);
  intIn('height', o.height, 32, 1024);
  intIn('minDigits', o.minDigits, 0, 64);
  intIn('maxDigits', o.maxDigits, o.minDigits, 64);
  intIn('minDigitHeight', o.minDigitHeight, 8, 512);
  intIn('maxDigitHeight', o.maxDigitHeight, o.minDigitHeight, 512);
  if (o.maxDigitHeight > Math.min(o.width, o.height) - 4)
    throw new RangeError(
      `scenes: maxDigitHeight ${o.maxDigitHeight} does not fit a ${o.width}x${o.height} scene`,
    );
  if (!(o.maxOverlap >= 0 && o.maxOverlap <= 1))
    throw new RangeError(`scenes: maxOverlap must be in 0..1, got ${o.maxOverlap}`);
  if (!(o.clutter >= 0 && o.clutter <= 1))
    throw new RangeError(`scenes: clutter must be in 0..1, got ${o.clutter}`);
  if (!(o.thinInk >= 0 && o.thinInk <= 1))
    throw new RangeError(`scenes: thinInk must be in 0..1, got ${o.thinInk}`);
  if (o.style !== 'clean' && o.style !== 'paper')
    throw new RangeError(`scenes: style must be clean or paper, got ${String(o.style)}`);
  return o;
}

/** The seed of scene `index` of a data set seeded `seed`: nearby pairs land far apart. */
export function sceneSeed(seed: number, index: number): number {
  return fmix32(Math.imul(seed | 0, 0x9e3779b1) ^ (index + 0x7f4a7c15));
}

type Rect = [number, number, number, number];

function overlapTooMuch(a: Rect, b: Rect, maxOverlap: number): boolean {
  const ix = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
  const iy = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
  if (ix <= 0 || iy <= 0) return false;
  const inter = ix * iy;
  const areaA = a[2] * a[3];
  const areaB = b[2] * b[3];
  const iou = inter / (areaA + areaB - inter);
  return iou > maxOverlap || inter / Math.min(areaA, areaB) > 2 * maxOverlap;
}

export function generateScene(
  source: DigitSource,
  seed: number,
  index: number,
  options: SceneOptions = {},
): Scene {
  const o = resolveSceneOptions(options);
  const rng = new Rng(sceneSeed(seed, index));
  const { width, height } = o;
  const n = width * height;
  const ink = new Float32Array(n);
  // Per pixel: which digit's ink is strongest there (-1: none or clutter), and how strong.
  const owner = new Int16Array(n).fill(-1);
  const ownerInk = new Float32Array(n);

  const paper = o.style === 'paper';
  const strokes = Math.round(o.clutter * (1 + rng.int(5)));
  const fragments = Math.round(o.clutter * rng.int(4));
  for (let i = 0; i < strokes; i++) drawStroke(ink, width, height, rng);
  for (let i = 0; i < fragments; i++) drawFragment(ink, width, height, source, rng);

  const wanted = o.minDigits + rng.int(o.maxDigits - o.minDigits + 1);
  const placedRects: Rect[] = [];
  const placed: { digit: number; field: Float32Array; rect: Rect }[] = [];
  const field = new Float32Array(n);
  for (let d = 0; d < wanted; d++) {
    let pixels: Uint8Array | null = null;
    let box: InkBox | null = null;
    let digit = 0;
    for (let tries = 0; tries < 10 && !box; tries++) {
      const k = rng.int(source.count);
      pixels = source.pixels(k);
      digit = source.label(k);
      box = inkBox(pixels);
    }
    if (!pixels || !box) continue;
    for (let tries = 0; tries < 30; tries++) {
      const target = o.minDigitHeight + rng.next() * (o.maxDigitHeight - o.minDigitHeight);
      const scale = target / (box.y1 - box.y0);
      const aspect = paper ? 0.9 + rng.next() * 0.2 : 1;
      const angle = paper ? ((rng.next() - 0.5) * 20 * Math.PI) / 180 : 0;
      const p: Placement = { cx: 0, cy: 0, scaleX: scale * aspect, scaleY: scale, angle };
      const { hx, hy } = placedHalfExtent(box, p);
      if (2 * hx > width - 2 || 2 * hy > height - 2) continue;
      p.cx = hx + 1 + rng.next() * (width - 2 - 2 * hx);
      p.cy = hy + 1 + rng.next() * (height - 2 - 2 * hy);
      const rect: Rect = [p.cx - hx, p.cy - hy, 2 * hx, 2 * hy];
      if (placedRects.some((r) => overlapTooMuch(r, rect, o.maxOverlap))) continue;
      field.fill(0);
      const touched = renderDigit(pixels, box, p, field, width, height);
      const own = new Float32Array(n);
      for (let y = touched.y0; y < touched.y1; y++)
        for (let x = touched.x0; x < touched.x1; x++) own[y * width + x] = field[y * width + x];
      if (o.thinInk > 0 && rng.next() < o.thinInk) {
        const pen = 1.5 + rng.next() * 1.5;
        const rect = [touched.x0, touched.y0, touched.x1, touched.y1] as const;
        erodeInk(own, width, rect, erosionRadius(target, pen));
      }
      placedRects.push(rect);
      placed.push({ digit, field: own, rect: [touched.x0, touched.y0, touched.x1, touched.y1] });
      break;
    }
  }

  placed.forEach(({ field: own, rect }, k) => {
    for (let y = rect[1]; y < rect[3]; y++)
      for (let x = rect[0]; x < rect[2]; x++) {
        const i = y * width + x;
        const a = own[i];
        if (a > ink[i]) ink[i] = a;
        if (a > ownerInk[i]) {
          ownerInk[i] = a;
          owner[i] = k;
        }
      }
  });

  const labels = new Uint8Array(n);
  const instances = new Uint8Array(n);
  const areas = new Array<number>(placed.length).fill(0);
  for (let i = 0; i < n; i++) {
    const k = owner[i];
    if (k >= 0 && ownerInk[i] >= LABEL_INK && ownerInk[i] >= ink[i] - 1e-6) {
      labels[i] = categoryOfDigit(placed[k].digit);
      instances[i] = k + 1;
      areas[k]++;
    } else if (k >= 0 && ownerInk[i] >= VOID_LOW) {
      // A digit's soft rim (or its ink under a stronger stroke) is void: neither the digit
      // nor background is a fair answer there.
      labels[i] = VOID;
    } else {
      labels[i] = BACKGROUND;
    }
  }

  const objects: SceneObject[] = [];
  placed.forEach(({ digit, field: own, rect }, k) => {
    let x0 = width;
    let y0 = height;
    let x1 = -1;
    let y1 = -1;
    for (let y = rect[1]; y < rect[3]; y++)
      for (let x = rect[0]; x < rect[2]; x++)
        if (own[y * width + x] >= BOX_INK) {
          if (x < x0) x0 = x;
          if (x > x1) x1 = x;
          if (y < y0) y0 = y;
          if (y > y1) y1 = y;
        }
    if (x1 < 0 || areas[k] === 0) return;
    objects.push({
      bbox: [x0, y0, x1 - x0 + 1, y1 - y0 + 1],
      categoryId: categoryOfDigit(digit),
      digit,
      area: areas[k],
      instance: k + 1,
    });
  });

  const image = paper ? renderPaper(ink, width, height, rng) : renderClean(ink, rng, 6 * o.clutter);
  return { width, height, image, labels, instances, objects };
}
