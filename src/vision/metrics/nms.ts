/**
 * Non-maximum suppression, the last step of both detectors: of boxes of one class that overlap
 * by more than `iouThreshold`, keep only the most confident. Greedy, in score order, per class
 * (a 1 and a 7 on top of each other are two answers, not a duplicate), as torchvision's
 * `batched_nms` and tfjs's `nonMaxSuppression` per class.
 */
import { boxIou, type Detection } from './boxes';

export interface NmsOptions {
  /** Boxes overlapping a kept one by more than this are dropped (default 0.5). */
  iouThreshold?: number;
  /** Detections scoring below this are dropped first (default 0). */
  scoreThreshold?: number;
  /** At most this many detections come back, best first (default 100, COCO's maxDets). */
  maxDetections?: number;
  /**
   * Merge NMS (YOLOv5's `merge`, a weighted box fusion): a kept box's corners become the
   * score-weighted mean of itself and the boxes it suppressed, so the several cells that saw
   * one digit average out their errors instead of all but one being thrown away.
   */
  merge?: boolean;
}

export function nonMaxSuppression(dets: readonly Detection[], opts: NmsOptions = {}): Detection[] {
  const iouThreshold = opts.iouThreshold ?? 0.5;
  const scoreThreshold = opts.scoreThreshold ?? 0;
  const maxDetections = opts.maxDetections ?? 100;
  // Stable sort: equal scores keep their input order, so the result is deterministic.
  const order = dets
    .map((d, i) => ({ d, i }))
    .filter(({ d }) => d.score >= scoreThreshold && Number.isFinite(d.score))
    .sort((a, b) => b.d.score - a.d.score || a.i - b.i);
  const kept: Detection[] = [];
  // Per kept box: its group's score-weighted corner sums and weight (merge only).
  const groups: number[][] = [];
  for (const { d } of order) {
    let owner = -1;
    for (let j = 0; j < kept.length; j++) {
      const k = kept[j];
      if (k.categoryId === d.categoryId && boxIou(k.bbox, d.bbox) > iouThreshold) {
        owner = j;
        break;
      }
    }
    if (owner < 0) {
      if (kept.length >= maxDetections) {
        if (!opts.merge) break;
        continue;
      }
      kept.push(d);
      groups.push([0, 0, 0, 0, 0]);
      owner = kept.length - 1;
    }
    if (opts.merge) {
      const [x, y, w, h] = d.bbox;
      const g = groups[owner];
      g[0] += d.score * x;
      g[1] += d.score * y;
      g[2] += d.score * (x + w);
      g[3] += d.score * (y + h);
      g[4] += d.score;
    }
  }
  if (!opts.merge) return kept;
  return kept.map((k, j) => {
    const [sx0, sy0, sx1, sy1, sw] = groups[j];
    if (!(sw > 0)) return k;
    const x0 = sx0 / sw;
    const y0 = sy0 / sw;
    return { ...k, bbox: [x0, y0, sx1 / sw - x0, sy1 / sw - y0] };
  });
}
