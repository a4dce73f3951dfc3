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
  for (const { d } of order) {
    if (kept.length >= maxDetections) break;
    let suppressed = false;
    for (const k of kept) {
      if (k.categoryId === d.categoryId && boxIou(k.bbox, d.bbox) > iouThreshold) {
        suppressed = true;
        break;
      }
    }
    if (!suppressed) kept.push(d);
  }
  return kept;
}
