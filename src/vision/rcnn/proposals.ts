/**
 * Region proposals for the book's R-CNN flow (ch. 8.4.1), the classical way: find the ink,
 * then its connected pieces. The page's light is taken out first (a wide box blur is the
 * local background; ink is what differs from it, in whichever direction the page's ink
 * runs), then a threshold by Otsu's method on the ink strengths, then 8-connected components,
 * pieces of one broken stroke joined when their boxes touch, and boxes no digit could fill
 * dropped.
 */

export interface Proposal {
  /** [x, y, width, height] in pixels. */
  bbox: [number, number, number, number];
  /** Ink pixels in the proposal. */
  area: number;
}

export interface InkField {
  width: number;
  height: number;
  /** Ink strength a pixel, 0..1. */
  ink: Float32Array;
}

export interface ProposalOptions {
  /** Smallest box height in pixels (default 8). */
  minHeight?: number;
  /** Smallest number of ink pixels (default 12). */
  minArea?: number;
  /** Largest box side as a share of the image's shorter side (default 0.9). */
  maxShare?: number;
}

/** Grey (0-255) from RGB, then ink strength against a box-blurred background. */
export function inkField(rgb: Uint8Array, width: number, height: number): InkField {
  const n = width * height;
  const grey = new Float32Array(n);
  for (let i = 0; i < n; i++)
    grey[i] = 0.299 * rgb[i * 3] + 0.587 * rgb[i * 3 + 1] + 0.114 * rgb[i * 3 + 2];
  const background = boxBlur(
    grey,
    width,
    height,
    Math.max(4, Math.round(Math.min(width, height) / 8)),
  );
  // Which way the ink runs: a light page (dark ink) has most pixels above the middle.
  let light = 0;
  for (let i = 0; i < n; i++) if (grey[i] > 127) light++;
  const darkInk = light > n / 2;
  const ink = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const d = darkInk ? background[i] - grey[i] : grey[i] - background[i];
    ink[i] = d > 0 ? Math.min(1, d / 255) : 0;
  }
  return { width, height, ink };
}

/** Mean over a (2r+1)² window, by an integral image (edges use the part inside). */
export function boxBlur(
  values: Float32Array,
  width: number,
  height: number,
  r: number,
): Float32Array {
  const w1 = width + 1;
  const sum = new Float64Array(w1 * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += values[y * width + x];
      sum[(y + 1) * w1 + x + 1] = sum[y * w1 + x + 1] + row;
    }
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - r);
    const y1 = Math.min(height, y + r + 1);
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - r);
      const x1 = Math.min(width, x + r + 1);
      const s = sum[y1 * w1 + x1] - sum[y0 * w1 + x1] - sum[y1 * w1 + x0] + sum[y0 * w1 + x0];
      out[y * width + x] = s / ((y1 - y0) * (x1 - x0));
    }
  }
  return out;
}

/** Otsu's threshold (maximum between-class variance) of values in 0..1, over 64 bins. */
export function otsuThreshold(values: Float32Array): number {
  const bins = 64;
  const hist = new Float64Array(bins);
  for (const v of values) hist[Math.min(bins - 1, Math.floor(v * bins))]++;
  const total = values.length;
  let sumAll = 0;
  for (let b = 0; b < bins; b++) sumAll += b * hist[b];
  let best = 0;
  let bestVar = -1;
  let weight = 0;
  let sum = 0;
  for (let b = 0; b < bins; b++) {
    weight += hist[b];
    if (weight === 0 || weight === total) continue;
    sum += b * hist[b];
    const m0 = sum / weight;
    const m1 = (sumAll - sum) / (total - weight);
    const between = weight * (total - weight) * (m0 - m1) ** 2;
    if (between > bestVar) {
      bestVar = between;
      best = b;
    }
  }
  return (best + 1) / bins;
}

type Box = [number, number, number, number]; // x0, y0, x1, y1 (exclusive)

export function proposeRegions(field: InkField, opts: ProposalOptions = {}): Proposal[] {
  const { width, height, ink } = field;
  // Faint noise never counts as ink, whatever Otsu says on a blank page.
  const threshold = Math.max(0.08, otsuThreshold(ink));
  const label = new Int32Array(width * height).fill(-1);
  const boxes: Box[] = [];
  const areas: number[] = [];
  const stack: number[] = [];
  for (let start = 0; start < ink.length; start++) {
    if (ink[start] < threshold || label[start] >= 0) continue;
    const id = boxes.length;
    const box: Box = [width, height, 0, 0];
    let area = 0;
    label[start] = id;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop() as number;
      const x = i % width;
      const y = (i - x) / width;
      area++;
      if (x < box[0]) box[0] = x;
      if (y < box[1]) box[1] = y;
      if (x + 1 > box[2]) box[2] = x + 1;
      if (y + 1 > box[3]) box[3] = y + 1;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const j = ny * width + nx;
          if (label[j] < 0 && ink[j] >= threshold) {
            label[j] = id;
            stack.push(j);
          }
        }
    }
    boxes.push(box);
    areas.push(area);
  }
  const merged = mergeTouching(boxes, areas);
  const minHeight = opts.minHeight ?? 8;
  const minArea = opts.minArea ?? 12;
  const maxSide = (opts.maxShare ?? 0.9) * Math.min(width, height);
  return merged
    .filter(({ box, area }) => {
      const w = box[2] - box[0];
      const h = box[3] - box[1];
      return area >= minArea && h >= minHeight && Math.max(w, h) <= maxSide && w <= 2.5 * h;
    })
    .map(({ box, area }) => ({ bbox: [box[0], box[1], box[2] - box[0], box[3] - box[1]], area }));
}

/** Joins boxes that overlap or touch (a 5's broken top stroke), until none do. */
function mergeTouching(boxes: Box[], areas: number[]): { box: Box; area: number }[] {
  const items = boxes.map((box, i) => ({ box: [...box] as Box, area: areas[i] }));
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = 0; i < items.length && !changed; i++)
      for (let j = i + 1; j < items.length; j++) {
        const a = items[i].box;
        const b = items[j].box;
        if (a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]) {
          items[i] = {
            box: [
              Math.min(a[0], b[0]),
              Math.min(a[1], b[1]),
              Math.max(a[2], b[2]),
              Math.max(a[3], b[3]),
            ],
            area: items[i].area + items[j].area,
          };
          items.splice(j, 1);
          changed = true;
          break;
        }
      }
  }
  return items;
}
