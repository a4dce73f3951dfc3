import { describe, expect, it } from 'vitest';
import { type Bbox, boxIou, boxIouCrowd } from '../../../src/vision/metrics/boxes';
import {
  type EvalImage,
  evaluateDetections,
  interpolatedPrecision,
} from '../../../src/vision/metrics/coco-eval';
import { nonMaxSuppression } from '../../../src/vision/metrics/nms';

const box = (x: number, y: number, w: number, h: number): Bbox => [x, y, w, h];

describe('box IoU', () => {
  it('is 1 for a box and itself, 0 apart, and the ratio by hand in between', () => {
    expect(boxIou(box(0, 0, 10, 10), box(0, 0, 10, 10))).toBe(1);
    expect(boxIou(box(0, 0, 10, 10), box(10, 0, 10, 10))).toBe(0);
    // 5x10 overlap = 50; union 100 + 100 - 50 = 150.
    expect(boxIou(box(0, 0, 10, 10), box(5, 0, 10, 10))).toBeCloseTo(1 / 3, 12);
  });

  it('measures a crowd region against the detection alone', () => {
    expect(boxIouCrowd(box(2, 2, 4, 4), box(0, 0, 100, 100))).toBe(1);
    expect(boxIouCrowd(box(-2, 0, 4, 4), box(0, 0, 100, 100))).toBe(0.5);
  });
});

describe('COCO average precision', () => {
  const gt1 = { bbox: box(10, 10, 20, 20), categoryId: 1 };
  const gt2 = { bbox: box(50, 50, 20, 30), categoryId: 2 };

  it('is 1 everywhere for perfect detections', () => {
    const r = evaluateDetections(
      [
        {
          imageId: 1,
          groundTruth: [gt1, gt2],
          detections: [
            { ...gt1, score: 0.9 },
            { ...gt2, score: 0.8 },
          ],
        },
      ],
      [1, 2],
    );
    expect(r.map50).toBe(1);
    expect(r.map).toBe(1);
    expect(r.categories[0].precisionAt50?.every((p) => p === 1)).toBe(true);
  });

  it('a shifted box counts at IoU 0.5 but fails the high thresholds', () => {
    // Shifted by 4 px of 20: overlap 16x20 = 320, union 480: IoU 2/3.
    const r = evaluateDetections(
      [
        {
          imageId: 1,
          groundTruth: [gt1],
          detections: [{ bbox: box(14, 10, 20, 20), categoryId: 1, score: 0.9 }],
        },
      ],
      [1],
    );
    const ap = r.categories[0].ap;
    // Thresholds 0.5, 0.55, 0.6, 0.65 pass (IoU 0.667); 0.7 and above fail.
    expect(ap.slice(0, 4)).toEqual([1, 1, 1, 1]);
    expect(ap.slice(4)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(r.map50).toBe(1);
    expect(r.map).toBeCloseTo(0.4, 12);
  });

  it('a duplicate detection is a false positive after the true one', () => {
    const img: EvalImage = {
      imageId: 1,
      groundTruth: [gt1],
      detections: [
        { ...gt1, score: 0.9 },
        { bbox: box(11, 10, 20, 20), categoryId: 1, score: 0.8 },
      ],
    };
    // TP then FP: recall reaches 1 at the first detection with precision 1: AP 1.
    const r = evaluateDetections([img], [1]);
    expect(r.map50).toBe(1);
    expect(r.categories[0].detections).toBe(2);
    // Scores swapped: the near-duplicate (0.95) is matched first and the exact box becomes
    // the false positive; still TP then FP, so AP 1 — and a third-ranked duplicate would not
    // lower it either, since precision is read at the first detection reaching each recall.
    const swapped: EvalImage = {
      ...img,
      detections: [
        { ...gt1, score: 0.5 },
        { bbox: box(11, 10, 20, 20), categoryId: 1, score: 0.95 },
      ],
    };
    expect(evaluateDetections([swapped], [1]).map50).toBe(1);
  });

  it('a false positive ranked above the true one halves precision (hand computed)', () => {
    // Two images, one box each. Detections by score: FP (0.9), TP img1 (0.8), TP img2 (0.7).
    // Precision after each: 0, 1/2, 2/3; recall 0, 1/2, 1. Monotone from the right: 2/3, 2/3,
    // 2/3. Recall points 0..0.5 read 2/3 (first detection with recall >= r: index 1 -> 2/3;
    // r = 0 reads index 0 -> 2/3), 0.51..1 read 2/3: AP = 2/3.
    const images: EvalImage[] = [
      {
        imageId: 1,
        groundTruth: [gt1],
        detections: [
          { bbox: box(80, 80, 10, 10), categoryId: 1, score: 0.9 },
          { ...gt1, score: 0.8 },
        ],
      },
      { imageId: 2, groundTruth: [gt1], detections: [{ ...gt1, score: 0.7 }] },
    ];
    expect(evaluateDetections(images, [1]).map50).toBeCloseTo(2 / 3, 12);
  });

  it('a missed box caps recall: AP is the share of recall points reached', () => {
    const images: EvalImage[] = [
      {
        imageId: 1,
        groundTruth: [gt1, { ...gt1, bbox: box(60, 60, 10, 10) }],
        detections: [{ ...gt1, score: 0.9 }],
      },
    ];
    // Recall 0.5 with precision 1: points 0..0.5 (51 of 101) read 1, the rest 0.
    const r = evaluateDetections(images, [1]);
    expect(r.map50).toBeCloseTo(51 / 101, 12);
    expect(r.categories[0].recallAt50).toBe(0.5);
  });

  it('leaves a class without ground truth out of the mean, and a class without detections at 0', () => {
    const r = evaluateDetections(
      [{ imageId: 1, groundTruth: [gt1, gt2], detections: [{ ...gt1, score: 0.9 }] }],
      [1, 2, 3],
    );
    expect(r.categories[2].ap.every((a) => a === null)).toBe(true);
    expect(r.categories[1].ap[0]).toBe(0);
    expect(r.map50).toBe(0.5);
  });

  it('ignores a detection matched to a crowd box, and the crowd box itself', () => {
    const crowd = { bbox: box(0, 0, 100, 100), categoryId: 1, iscrowd: true };
    const r = evaluateDetections(
      [
        {
          imageId: 1,
          groundTruth: [gt1, crowd],
          detections: [
            { ...gt1, score: 0.5 },
            { bbox: box(70, 70, 10, 10), categoryId: 1, score: 0.9 },
          ],
        },
      ],
      [1],
    );
    expect(r.categories[0].groundTruth).toBe(1);
    expect(r.map50).toBe(1);
  });

  it('keeps only the 100 best detections an image', () => {
    const many = Array.from({ length: 150 }, (_, i) => ({
      bbox: box(200 + i, 200, 5, 5),
      categoryId: 1,
      score: 0.9 - i * 0.001,
    }));
    const r = evaluateDetections(
      [{ imageId: 1, groundTruth: [gt1], detections: [...many, { ...gt1, score: 0.001 }] }],
      [1],
    );
    expect(r.categories[0].detections).toBe(100);
    expect(r.map50).toBe(0);
  });

  it('reads precision at the first detection reaching each recall point', () => {
    const { precision, recall } = interpolatedPrecision(
      [true, false, true],
      [false, true, false],
      4,
      [0, 0.25, 0.3, 0.5, 0.75],
    );
    // rc = .25 .25 .5 ; pr = 1 .5 .667 -> monotone 1 .667 .667
    expect(recall).toBe(0.5);
    expect(precision[0]).toBe(1);
    expect(precision[1]).toBe(1);
    expect(precision[2]).toBeCloseTo(2 / 3, 12);
    expect(precision[3]).toBeCloseTo(2 / 3, 12);
    expect(precision[4]).toBe(0);
  });
});

describe('non-maximum suppression', () => {
  it('keeps the best of overlapping boxes of one class, and both of two classes', () => {
    const kept = nonMaxSuppression([
      { bbox: box(0, 0, 10, 10), categoryId: 1, score: 0.6 },
      { bbox: box(1, 0, 10, 10), categoryId: 1, score: 0.9 },
      { bbox: box(1, 0, 10, 10), categoryId: 2, score: 0.5 },
      { bbox: box(30, 30, 10, 10), categoryId: 1, score: 0.4 },
    ]);
    expect(kept.map((d) => [d.categoryId, d.score])).toEqual([
      [1, 0.9],
      [2, 0.5],
      [1, 0.4],
    ]);
  });

  it('applies the score threshold and the cap, and keeps boxes at exactly the IoU threshold', () => {
    const a = { bbox: box(0, 0, 10, 10), categoryId: 1, score: 0.9 };
    // IoU 1/3 with a.
    const b = { bbox: box(5, 0, 10, 10), categoryId: 1, score: 0.8 };
    expect(nonMaxSuppression([a, b], { iouThreshold: 1 / 3 })).toHaveLength(2);
    expect(nonMaxSuppression([a, b], { iouThreshold: 0.3 })).toHaveLength(1);
    expect(nonMaxSuppression([a, b], { scoreThreshold: 0.85 })).toEqual([a]);
    expect(nonMaxSuppression([a, b], { maxDetections: 1, iouThreshold: 0.9 })).toEqual([a]);
  });

  it('merge NMS: a kept box becomes the score-weighted mean of the boxes it suppressed', () => {
    const kept = nonMaxSuppression(
      [
        { bbox: box(0, 0, 10, 10), categoryId: 1, score: 0.6 },
        // IoU with the first: 9 / 11; it is the best, so it keeps its score and class.
        { bbox: box(1, 0, 10, 10), categoryId: 1, score: 0.9 },
        { bbox: box(1, 0, 10, 10), categoryId: 2, score: 0.5 },
        { bbox: box(30, 30, 10, 10), categoryId: 1, score: 0.4 },
      ],
      { merge: true },
    );
    expect(kept.map((d) => [d.categoryId, d.score])).toEqual([
      [1, 0.9],
      [2, 0.5],
      [1, 0.4],
    ]);
    // x0 = (0.9·1 + 0.6·0) / 1.5 = 0.6, x1 = (0.9·11 + 0.6·10) / 1.5 = 10.6; y unchanged.
    const [x, y, w, h] = kept[0].bbox;
    expect(x).toBeCloseTo(0.6, 12);
    expect(y).toBeCloseTo(0, 12);
    expect(w).toBeCloseTo(10, 12);
    expect(h).toBeCloseTo(10, 12);
    // Alone in their group (another class, or far away), boxes stay as they came.
    expect(kept[1].bbox).toEqual(box(1, 0, 10, 10));
    expect(kept[2].bbox).toEqual(box(30, 30, 10, 10));
  });

  it('merge NMS still merges what it suppresses after the cap is reached', () => {
    const kept = nonMaxSuppression(
      [
        { bbox: box(0, 0, 10, 10), categoryId: 1, score: 0.5 },
        { bbox: box(2, 0, 10, 10), categoryId: 1, score: 0.5 },
        { bbox: box(50, 50, 10, 10), categoryId: 1, score: 0.4 },
      ],
      { merge: true, maxDetections: 1 },
    );
    expect(kept).toHaveLength(1);
    expect(kept[0].bbox[0]).toBeCloseTo(1, 12);
    expect(kept[0].bbox[2]).toBeCloseTo(10, 12);
  });
});
