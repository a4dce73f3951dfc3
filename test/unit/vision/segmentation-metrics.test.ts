import { describe, expect, it } from 'vitest';
import { ConfusionMatrix } from '../../../src/vision/metrics/segmentation';

describe('segmentation scores', () => {
  it('a perfect prediction scores 1', () => {
    const m = new ConfusionMatrix(3);
    m.add([0, 1, 2, 2], [0, 1, 2, 2]);
    const s = m.scores();
    expect(s.pixelAccuracy).toBe(1);
    expect(s.meanIou).toBe(1);
  });

  it('matches a hand-computed case, skipping void pixels', () => {
    const m = new ConfusionMatrix(3);
    // truth:     0 0 1 1 1 255
    // predicted: 0 1 1 1 0  2
    m.add([0, 0, 1, 1, 1, 255], [0, 1, 1, 1, 0, 2]);
    const s = m.scores();
    expect(s.pixels).toBe(5);
    expect(s.pixelAccuracy).toBeCloseTo(3 / 5, 12);
    // class 0: TP 1, FN 1, FP 1 -> 1/3; class 1: TP 2, FN 1, FP 1 -> 1/2; class 2 absent.
    expect(s.iou[0]).toBeCloseTo(1 / 3, 12);
    expect(s.iou[1]).toBeCloseTo(1 / 2, 12);
    expect(s.iou[2]).toBeNull();
    expect(s.meanIou).toBeCloseTo((1 / 3 + 1 / 2) / 2, 12);
    expect(m.get(1, 0)).toBe(1);
  });

  it('a class predicted but absent from the truth counts with IoU 0', () => {
    const m = new ConfusionMatrix(3);
    m.add([0, 0], [0, 2]);
    const s = m.scores();
    expect(s.iou[2]).toBe(0);
    expect(s.meanIou).toBeCloseTo((0.5 + 0) / 2, 12);
  });

  it('refuses labels out of range and mismatched lengths', () => {
    const m = new ConfusionMatrix(3);
    expect(() => m.add([0, 3], [0, 0])).toThrow(/pixel 1 has truth 3/);
    expect(() => m.add([0], [0, 0])).toThrow(/1 truth pixels but 2 predicted/);
    expect(() => new ConfusionMatrix(0)).toThrow(/1\.\.255/);
  });
});
