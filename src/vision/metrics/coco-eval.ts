/**
 * Detection average precision as pycocotools' `cocoeval.py` defines it, for boxes, area range
 * "all" and at most `maxDetections` (100) detections an image and category:
 *
 * - per image and category, detections in score order are matched greedily to the unmatched
 *   ground truth box of highest IoU at or above the threshold; a detection that matches a
 *   crowd box (iscrowd 1, IoU measured against the detection's own area) is ignored, as is
 *   the crowd box itself;
 * - per category, all images' detections in score order give the precision-recall curve;
 *   precision is made monotone from the right and read at 101 recall points 0, 0.01 ... 1
 *   (the first detection whose recall reaches the point; 0 past the last recall);
 * - AP is the mean over the 101 points; a category without ground truth has no AP and is left
 *   out of the means (cocoeval's -1); mAP@[.5:.95] averages the ten IoU thresholds.
 *
 * Where ours differs: only the area range "all" (digits have no small/medium/large split
 * worth reporting), and categories are those given (COCO's `catIds`).
 */
import { type Bbox, boxIou, boxIouCrowd } from './boxes';

export interface GroundTruthBox {
  bbox: Bbox;
  categoryId: number;
  iscrowd?: boolean;
}

export interface ScoredBox {
  bbox: Bbox;
  categoryId: number;
  score: number;
}

/** One image: its ground truth and what a detector said about it. */
export interface EvalImage {
  imageId: number;
  groundTruth: readonly GroundTruthBox[];
  detections: readonly ScoredBox[];
}

export interface EvalOptions {
  /** COCO's 0.5:0.05:0.95 unless given. */
  iouThresholds?: readonly number[];
  maxDetections?: number;
}

export interface CategoryEval {
  categoryId: number;
  /** Non-ignored ground truth boxes. */
  groundTruth: number;
  detections: number;
  /** AP at each IoU threshold; null where the category has no ground truth. */
  ap: (number | null)[];
  /** Precision at the 101 recall points, IoU 0.5 (the PR curve users plot). */
  precisionAt50: number[] | null;
  /** Highest recall reached at IoU 0.5. */
  recallAt50: number | null;
}

export interface CocoEvalResult {
  iouThresholds: number[];
  recallPoints: number[];
  categories: CategoryEval[];
  /** Mean AP over categories with ground truth, at IoU 0.5, 0.75, and averaged over all ten. */
  map50: number;
  map75: number;
  map: number;
}

export const COCO_IOU_THRESHOLDS: readonly number[] = Array.from(
  { length: 10 },
  (_, i) => Math.round((0.5 + 0.05 * i) * 100) / 100,
);
export const RECALL_POINTS: readonly number[] = Array.from(
  { length: 101 },
  (_, i) => Math.round(i) / 100,
);

/** What evaluating one image and category leaves for the accumulation. */
interface ImageCategoryEval {
  scores: number[];
  /** [threshold][detection]: matched a ground truth box. */
  matched: boolean[][];
  /** [threshold][detection]: matched a crowd box, so neither right nor wrong. */
  ignored: boolean[][];
  counted: number;
}

function evaluateImageCategory(
  gts: readonly GroundTruthBox[],
  dets: readonly ScoredBox[],
  thresholds: readonly number[],
  maxDetections: number,
): ImageCategoryEval {
  // Crowd boxes last, so a detection prefers a real box (cocoeval sorts by _ignore).
  const g = [...gts.filter((b) => !b.iscrowd), ...gts.filter((b) => b.iscrowd)];
  const d = dets
    .map((det, i) => ({ det, i }))
    .sort((a, b) => b.det.score - a.det.score || a.i - b.i)
    .slice(0, maxDetections)
    .map(({ det }) => det);
  const ious = d.map((det) =>
    g.map((gt) => (gt.iscrowd ? boxIouCrowd(det.bbox, gt.bbox) : boxIou(det.bbox, gt.bbox))),
  );
  const matched: boolean[][] = [];
  const ignored: boolean[][] = [];
  for (const t of thresholds) {
    const gtTaken = new Array<boolean>(g.length).fill(false);
    const m = new Array<boolean>(d.length).fill(false);
    const ig = new Array<boolean>(d.length).fill(false);
    for (let di = 0; di < d.length; di++) {
      let best = Math.min(t, 1 - 1e-10);
      let found = -1;
      for (let gi = 0; gi < g.length; gi++) {
        if (gtTaken[gi] && !g[gi].iscrowd) continue;
        // Once a real box is matched, crowd boxes (sorted last) cannot take the detection.
        if (found > -1 && !g[found].iscrowd && g[gi].iscrowd) break;
        if (ious[di][gi] < best) continue;
        best = ious[di][gi];
        found = gi;
      }
      if (found === -1) continue;
      m[di] = true;
      ig[di] = g[found].iscrowd === true;
      gtTaken[found] = true;
    }
    matched.push(m);
    ignored.push(ig);
  }
  return {
    scores: d.map((det) => det.score),
    matched,
    ignored,
    counted: g.filter((b) => !b.iscrowd).length,
  };
}

/** Precision at each recall point from a score-ordered match list (cocoeval's accumulate). */
export function interpolatedPrecision(
  truePositive: readonly boolean[],
  falsePositive: readonly boolean[],
  groundTruth: number,
  recallPoints: readonly number[] = RECALL_POINTS,
): { precision: number[]; recall: number } {
  const n = truePositive.length;
  const rc = new Float64Array(n);
  const pr = new Float64Array(n);
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < n; i++) {
    if (truePositive[i]) tp++;
    if (falsePositive[i]) fp++;
    rc[i] = tp / groundTruth;
    // Every entry is a TP or an FP, so tp + fp >= 1: cocoeval's `+ eps` only nudges 1 below 1.
    pr[i] = tp / (tp + fp);
  }
  for (let i = n - 1; i > 0; i--) if (pr[i] > pr[i - 1]) pr[i - 1] = pr[i];
  const precision = recallPoints.map((r) => {
    // First detection whose recall reaches r (numpy's searchsorted, side 'left').
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rc[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return lo < n ? pr[lo] : 0;
  });
  return { precision, recall: n > 0 ? rc[n - 1] : 0 };
}

function mean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return values.length > 0 ? s / values.length : 0;
}

export function evaluateDetections(
  images: readonly EvalImage[],
  categoryIds: readonly number[],
  opts: EvalOptions = {},
): CocoEvalResult {
  const thresholds = [...(opts.iouThresholds ?? COCO_IOU_THRESHOLDS)];
  const maxDetections = opts.maxDetections ?? 100;
  const ordered = [...images].sort((a, b) => a.imageId - b.imageId);
  const at50 = thresholds.findIndex((t) => Math.abs(t - 0.5) < 1e-9);
  const at75 = thresholds.findIndex((t) => Math.abs(t - 0.75) < 1e-9);

  const categories: CategoryEval[] = categoryIds.map((categoryId) => {
    const perImage = ordered.map((img) =>
      evaluateImageCategory(
        img.groundTruth.filter((b) => b.categoryId === categoryId),
        img.detections.filter((b) => b.categoryId === categoryId),
        thresholds,
        maxDetections,
      ),
    );
    const groundTruth = perImage.reduce((s, e) => s + e.counted, 0);
    // All images' detections by score, ties in image order then in-image order (mergesort).
    const all: { score: number; image: number; index: number }[] = [];
    perImage.forEach((e, image) => {
      e.scores.forEach((score, index) => {
        all.push({ score, image, index });
      });
    });
    all.sort((a, b) => b.score - a.score || a.image - b.image || a.index - b.index);
    const ap: (number | null)[] = [];
    let precisionAt50: number[] | null = null;
    let recallAt50: number | null = null;
    thresholds.forEach((_, t) => {
      if (groundTruth === 0) {
        ap.push(null);
        return;
      }
      const tps: boolean[] = [];
      const fps: boolean[] = [];
      for (const { image, index } of all) {
        const e = perImage[image];
        if (e.ignored[t][index]) continue;
        tps.push(e.matched[t][index]);
        fps.push(!e.matched[t][index]);
      }
      const { precision, recall } = interpolatedPrecision(tps, fps, groundTruth);
      ap.push(mean(precision));
      if (t === at50) {
        precisionAt50 = precision;
        recallAt50 = recall;
      }
    });
    return {
      categoryId,
      groundTruth,
      detections: all.length,
      ap,
      precisionAt50,
      recallAt50,
    };
  });

  const valid = categories.filter((c) => c.groundTruth > 0);
  const apAt = (t: number) => (t < 0 ? Number.NaN : mean(valid.map((c) => c.ap[t] as number)));
  return {
    iouThresholds: thresholds,
    recallPoints: [...RECALL_POINTS],
    categories,
    map50: apAt(at50),
    map75: apAt(at75),
    map: mean(valid.map((c) => mean(c.ap as number[]))),
  };
}
