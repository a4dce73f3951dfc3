/**
 * The detector's head read as boxes: each cell's score is σ(objectness) times its most likely
 * class's probability; cells above a threshold become boxes, then non-maximum suppression
 * keeps the best of each overlapping group. Plain arrays: the page and the CLI share it.
 */
import type { Detection } from '../metrics/boxes';
import { nonMaxSuppression } from '../metrics/nms';
import {
  boxCoding,
  type GridDetectorConfig,
  gridSize,
  gridStride,
  HEAD_OFFSET,
  headChannels,
} from './grid-config';

export interface DecodeOptions {
  /** Cells scoring below this are dropped before NMS (default 0.05). */
  scoreThreshold?: number;
  /** NMS overlap threshold (default 0.5). */
  iouThreshold?: number;
  maxDetections?: number;
  /**
   * Up to this many classes a cell, each its own detection with score σ(objectness)·p(class)
   * (default 1: the most likely). More lets a digit the head is unsure about (a 1 or a 7)
   * be found under its second class too, at a lower score, as multi-label YOLO and Faster
   * R-CNN's per-class boxes do.
   */
  classesPerCell?: number;
  /**
   * Merge NMS (default on): average the boxes of the cells that saw one digit (see
   * NmsOptions.merge); the neighbouring cells inside a box are trained to predict it too.
   */
  merge?: boolean;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
/** e^8 cells: far past any image the detector takes. */
const LOG_SIZE_MAX = 8;

/**
 * Detections of one image from its head logits (GH x GW x channels, row-major). Category ids
 * are class index + 1 (COCO's, and our label maps').
 */
export function decodeGrid(
  config: GridDetectorConfig,
  head: Float32Array,
  offset = 0,
  opts: DecodeOptions = {},
): Detection[] {
  return suppress(gridCandidates(config, head, offset, opts), opts);
}

/** Non-maximum suppression as `decodeGrid` applies it (merge on unless told). */
export function suppress(candidates: readonly Detection[], opts: DecodeOptions = {}): Detection[] {
  return nonMaxSuppression(candidates, {
    iouThreshold: opts.iouThreshold ?? 0.5,
    maxDetections: opts.maxDetections ?? 100,
    merge: opts.merge ?? true,
  });
}

/** Every cell's boxes above the score threshold, before non-maximum suppression. */
export function gridCandidates(
  config: GridDetectorConfig,
  head: Float32Array,
  offset = 0,
  opts: DecodeOptions = {},
): Detection[] {
  const [gh, gw] = gridSize(config);
  const stride = gridStride(config);
  const [ih, iw] = config.inputSize;
  const ch = headChannels(config);
  const k = config.classes;
  const threshold = opts.scoreThreshold ?? 0.05;
  const log = boxCoding(config) === 'log';
  const perCell = opts.classesPerCell ?? 1;
  if (!Number.isInteger(perCell) || perCell < 1 || perCell > k)
    throw new RangeError(`decode: classesPerCell must be an integer in 1..${k}, got ${perCell}`);
  const probs = new Float64Array(k);
  const candidates: Detection[] = [];
  for (let gy = 0; gy < gh; gy++)
    for (let gx = 0; gx < gw; gx++) {
      const base = offset + (gy * gw + gx) * ch;
      const objectness = sigmoid(head[base + HEAD_OFFSET.objectness]);
      if (objectness < threshold) continue;
      // Softmax over the class logits, stably.
      const c0 = base + HEAD_OFFSET.classes;
      let max = -Infinity;
      for (let j = 0; j < k; j++) max = Math.max(max, head[c0 + j]);
      let sum = 0;
      for (let j = 0; j < k; j++) {
        probs[j] = Math.exp(head[c0 + j] - max);
        sum += probs[j];
      }
      for (let j = 0; j < k; j++) probs[j] /= sum;
      const classes = topClasses(probs, perCell).filter((j) => objectness * probs[j] >= threshold);
      if (classes.length === 0) continue;
      const b = base + HEAD_OFFSET.box;
      const cx = (gx + (log ? 0.5 + head[b] : sigmoid(head[b]))) * stride;
      const cy = (gy + (log ? 0.5 + head[b + 1] : sigmoid(head[b + 1]))) * stride;
      // exp clamped: an untrained head must not make an infinite box.
      const w = log
        ? Math.exp(Math.min(head[b + 2], LOG_SIZE_MAX)) * stride
        : sigmoid(head[b + 2]) * iw;
      const h = log
        ? Math.exp(Math.min(head[b + 3], LOG_SIZE_MAX)) * stride
        : sigmoid(head[b + 3]) * ih;
      const x0 = Math.max(0, cx - w / 2);
      const y0 = Math.max(0, cy - h / 2);
      const x1 = Math.min(iw, cx + w / 2);
      const y1 = Math.min(ih, cy + h / 2);
      for (const j of classes)
        candidates.push({
          bbox: [x0, y0, x1 - x0, y1 - y0],
          categoryId: j + 1,
          score: objectness * probs[j],
        });
    }
  return candidates;
}

/** Indices of the `count` largest values, largest first (ties: the lower index). */
function topClasses(probs: Float64Array, count: number): number[] {
  const order: number[] = [];
  for (let j = 0; j < probs.length; j++) {
    let at = order.length;
    while (at > 0 && probs[order[at - 1]] < probs[j]) at--;
    if (at < count) {
      order.splice(at, 0, j);
      if (order.length > count) order.pop();
    }
  }
  return order;
}
