/**
 * Segmentation scores from one confusion matrix, as the FCN paper and the VOC benchmark
 * report them: pixel accuracy, per-class IoU = TP / (TP + FP + FN), mean IoU over the classes
 * that occur (in the truth or in the prediction). Pixels labelled 255 (VOC's "void") are left
 * out of every count.
 */
export const IGNORE_LABEL = 255;

export class ConfusionMatrix {
  /** counts[truth * classes + predicted] */
  readonly counts: Float64Array;

  constructor(readonly classes: number) {
    if (!Number.isInteger(classes) || classes < 1 || classes > 255)
      throw new Error(`ConfusionMatrix: classes must be an integer in 1..255, got ${classes}`);
    this.counts = new Float64Array(classes * classes);
  }

  /** Adds one label map and its prediction (same length; truth 255 skipped). */
  add(truth: ArrayLike<number>, predicted: ArrayLike<number>): void {
    if (truth.length !== predicted.length)
      throw new Error(
        `ConfusionMatrix.add: ${truth.length} truth pixels but ${predicted.length} predicted`,
      );
    const k = this.classes;
    for (let i = 0; i < truth.length; i++) {
      const t = truth[i];
      if (t === IGNORE_LABEL) continue;
      const p = predicted[i];
      if (t < 0 || t >= k || p < 0 || p >= k || !Number.isInteger(t) || !Number.isInteger(p))
        throw new Error(
          `ConfusionMatrix.add: pixel ${i} has truth ${t} / prediction ${p}, outside 0..${k - 1}`,
        );
      this.counts[t * k + p]++;
    }
  }

  get(truth: number, predicted: number): number {
    return this.counts[truth * this.classes + predicted];
  }

  scores(): SegmentationScores {
    const k = this.classes;
    let correct = 0;
    let total = 0;
    const iou: (number | null)[] = [];
    for (let c = 0; c < k; c++) {
      let rowSum = 0;
      let colSum = 0;
      for (let j = 0; j < k; j++) {
        rowSum += this.counts[c * k + j];
        colSum += this.counts[j * k + c];
      }
      const tp = this.counts[c * k + c];
      correct += tp;
      total += rowSum;
      const union = rowSum + colSum - tp;
      iou.push(union > 0 ? tp / union : null);
    }
    const present = iou.filter((v): v is number => v !== null);
    return {
      pixelAccuracy: total > 0 ? correct / total : 0,
      iou,
      meanIou: present.length > 0 ? present.reduce((s, v) => s + v, 0) / present.length : 0,
      pixels: total,
    };
  }
}

export interface SegmentationScores {
  pixelAccuracy: number;
  /** Per class; null for a class absent from both truth and prediction. */
  iou: (number | null)[];
  meanIou: number;
  /** Pixels counted (void excluded). */
  pixels: number;
}
