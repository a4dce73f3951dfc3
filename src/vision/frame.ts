/**
 * A camera frame of any size made into the nets' square input, and their answers mapped back:
 * the frame is scaled down (area averaging: each input pixel is the mean of the frame pixels it
 * covers, so a 640x480 webcam frame loses detail the way a camera with fewer pixels would,
 * without aliasing) keeping its aspect, centred, and the rest padded with the frame's mean
 * colour, which the per-image standardisation then turns into zero. Plain arrays: the worker,
 * the CLI and the tests share it.
 */
import type { Bbox } from './metrics/boxes';

/** Where the frame sits in the input: input = frame * scale + offset. */
export interface Letterbox {
  frameWidth: number;
  frameHeight: number;
  inputWidth: number;
  inputHeight: number;
  scale: number;
  /** The frame's picture inside the input, in input pixels. */
  offsetX: number;
  offsetY: number;
  contentWidth: number;
  contentHeight: number;
}

function checkSize(what: string, w: number, h: number): void {
  if (!Number.isInteger(w) || !Number.isInteger(h) || w < 1 || h < 1 || w > 8192 || h > 8192)
    throw new Error(`${what} must be 1..8192 pixels a side, got ${w}x${h}`);
}

export function letterboxGeometry(
  frameWidth: number,
  frameHeight: number,
  inputWidth: number,
  inputHeight: number,
): Letterbox {
  checkSize('a frame', frameWidth, frameHeight);
  checkSize('the input', inputWidth, inputHeight);
  const scale = Math.min(inputWidth / frameWidth, inputHeight / frameHeight);
  const contentWidth = Math.max(1, Math.min(inputWidth, Math.round(frameWidth * scale)));
  const contentHeight = Math.max(1, Math.min(inputHeight, Math.round(frameHeight * scale)));
  return {
    frameWidth,
    frameHeight,
    inputWidth,
    inputHeight,
    scale,
    offsetX: Math.floor((inputWidth - contentWidth) / 2),
    offsetY: Math.floor((inputHeight - contentHeight) / 2),
    contentWidth,
    contentHeight,
  };
}

/**
 * For each of `out` output cells along one axis, the source pixels it covers and their
 * weights (the covered share of each, summing to 1): spans hold [first weight, count, first
 * source pixel] per cell.
 */
function areaWeights(source: number, out: number): { spans: Int32Array; weights: Float32Array } {
  const step = source / out;
  const spans = new Int32Array(out * 3);
  const list: number[] = [];
  for (let o = 0; o < out; o++) {
    const a = o * step;
    const b = Math.min(source, (o + 1) * step);
    const first = Math.floor(a);
    const last = Math.min(source - 1, Math.ceil(b) - 1);
    spans[o * 3] = list.length;
    spans[o * 3 + 1] = last - first + 1;
    spans[o * 3 + 2] = first;
    for (let s = first; s <= last; s++) list.push((Math.min(b, s + 1) - Math.max(a, s)) / (b - a));
  }
  return { spans, weights: Float32Array.from(list) };
}

/**
 * The frame (`channels` 3 = RGB or 4 = RGBA, 8 bits each, row-major) as an RGB image of the
 * input's size: scaled by area averaging, centred, padded with the frame's mean colour.
 */
export function letterbox(
  pixels: Uint8Array | Uint8ClampedArray,
  frameWidth: number,
  frameHeight: number,
  channels: 3 | 4,
  inputWidth: number,
  inputHeight: number,
): { rgb: Uint8Array; box: Letterbox } {
  const box = letterboxGeometry(frameWidth, frameHeight, inputWidth, inputHeight);
  if (pixels.length !== frameWidth * frameHeight * channels)
    throw new Error(
      `a ${frameWidth}x${frameHeight} frame of ${channels} channels has ${frameWidth * frameHeight * channels} bytes, got ${pixels.length}`,
    );
  const { contentWidth: cw, contentHeight: ch } = box;
  const xs = areaWeights(frameWidth, cw);
  const ys = areaWeights(frameHeight, ch);
  // Horizontal pass: every frame row to cw pixels (float RGB), and the frame's mean colour.
  const rows = new Float32Array(frameHeight * cw * 3);
  const sum = [0, 0, 0];
  for (let y = 0; y < frameHeight; y++) {
    const row = y * frameWidth * channels;
    for (let x = 0; x < cw; x++) {
      const w0 = xs.spans[x * 3];
      const n = xs.spans[x * 3 + 1];
      const s0 = xs.spans[x * 3 + 2];
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < n; k++) {
        const p = row + (s0 + k) * channels;
        const w = xs.weights[w0 + k];
        r += pixels[p] * w;
        g += pixels[p + 1] * w;
        b += pixels[p + 2] * w;
      }
      const o = (y * cw + x) * 3;
      rows[o] = r;
      rows[o + 1] = g;
      rows[o + 2] = b;
      sum[0] += r;
      sum[1] += g;
      sum[2] += b;
    }
  }
  const count = frameHeight * cw;
  const rgb = new Uint8Array(inputWidth * inputHeight * 3);
  for (let i = 0; i < inputWidth * inputHeight; i++)
    for (let c = 0; c < 3; c++) rgb[i * 3 + c] = Math.round(sum[c] / count);
  // Vertical pass into the centred content rectangle.
  for (let y = 0; y < ch; y++) {
    const w0 = ys.spans[y * 3];
    const n = ys.spans[y * 3 + 1];
    const s0 = ys.spans[y * 3 + 2];
    const outRow = ((box.offsetY + y) * inputWidth + box.offsetX) * 3;
    for (let x = 0; x < cw; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < n; k++) {
        const p = ((s0 + k) * cw + x) * 3;
        const w = ys.weights[w0 + k];
        r += rows[p] * w;
        g += rows[p + 1] * w;
        b += rows[p + 2] * w;
      }
      const o = outRow + x * 3;
      rgb[o] = Math.round(r);
      rgb[o + 1] = Math.round(g);
      rgb[o + 2] = Math.round(b);
    }
  }
  return { rgb, box };
}

/** A box in input pixels as a box in frame pixels, clipped to the frame. */
export function boxToFrame(bbox: Bbox, box: Letterbox): [number, number, number, number] {
  const x0 = Math.max(0, Math.min(box.frameWidth, (bbox[0] - box.offsetX) / box.scale));
  const y0 = Math.max(0, Math.min(box.frameHeight, (bbox[1] - box.offsetY) / box.scale));
  const x1 = Math.max(0, Math.min(box.frameWidth, (bbox[0] + bbox[2] - box.offsetX) / box.scale));
  const y1 = Math.max(0, Math.min(box.frameHeight, (bbox[1] + bbox[3] - box.offsetY) / box.scale));
  return [x0, y0, x1 - x0, y1 - y0];
}

/**
 * The part of an input-sized class map that covers the frame (the padding cut away): a map of
 * contentWidth x contentHeight cells that lies over the whole frame, one cell per
 * 1/scale frame pixels.
 */
export function maskToFrame(
  mask: Uint8Array,
  box: Letterbox,
): { labels: Uint8Array; width: number; height: number } {
  if (mask.length !== box.inputWidth * box.inputHeight)
    throw new Error(
      `a ${box.inputWidth}x${box.inputHeight} mask has ${box.inputWidth * box.inputHeight} cells, got ${mask.length}`,
    );
  const { contentWidth: w, contentHeight: h } = box;
  const labels = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const from = (box.offsetY + y) * box.inputWidth + box.offsetX;
    labels.set(mask.subarray(from, from + w), y * w);
  }
  return { labels, width: w, height: h };
}
