/**
 * Story helpers for the Vision components: scenes generated from the MNIST test digits that
 * `virtual:mnist-sample` ships, and seeded stand-ins for a detector and a segmenter (the
 * scenes' ground truth, jittered and sometimes misread), so stories need no model and their
 * screenshots repeat. The stand-ins are scored with the real metrics (src/vision/metrics).
 */
import { pixelsBase64, count as sampleCount, labels as sampleLabels } from 'virtual:mnist-sample';
import { DIGIT_SIZE, type DigitSource } from '../../src/data/scenes/digit-source';
import type { Scene } from '../../src/data/scenes/scene';
import { generateScene, type SceneOptions } from '../../src/data/scenes/scene-generator';
import { fmix32 } from '../../src/math/mulberry32';
import type { BoxSet, ClassMap, RgbImage } from '../../src/ui/vision-overlay';
import type { Bbox } from '../../src/vision/metrics/boxes';
import {
  type CocoEvalResult,
  type EvalImage,
  evaluateDetections,
  type ScoredBox,
} from '../../src/vision/metrics/coco-eval';
import { gaussian, rng } from './mount';

let digits: DigitSource | null = null;

/**
 * A generator for a small seed: hashed first, because mulberry32's second draw from seeds
 * 0, 1, 2 ... is close to 0 every time (that would miss or misread the same digit everywhere).
 */
export function seededUniform(seed: number): () => number {
  return rng(fmix32((seed + 0x9e3779b9) >>> 0));
}

/** The sample's MNIST test digits as a DigitSource (test split: what held-out scenes use). */
export function sampleDigits(): DigitSource {
  if (digits) return digits;
  const bytes = Uint8Array.from(atob(pixelsBase64), (c) => c.charCodeAt(0));
  const size = DIGIT_SIZE * DIGIT_SIZE;
  digits = {
    count: sampleCount,
    pixels: (i) => bytes.subarray(i * size, (i + 1) * size),
    label: (i) => sampleLabels[i],
  };
  return digits;
}

/** Scenes 0..n-1 of a seed, made from the sample digits. */
export function storyScenes(n: number, seed: number, options: SceneOptions = {}): Scene[] {
  return Array.from({ length: n }, (_, i) => generateScene(sampleDigits(), seed, i, options));
}

export function sceneImage(scene: Scene): RgbImage {
  return { rgb: scene.image, width: scene.width, height: scene.height };
}

export function sceneTruth(scene: Scene): BoxSet {
  return {
    boxes: scene.objects.flatMap((o) => o.bbox),
    categories: scene.objects.map((o) => o.categoryId),
  };
}

export function boxSet(detections: readonly ScoredBox[]): BoxSet {
  return {
    boxes: detections.flatMap((d) => [...d.bbox]),
    categories: detections.map((d) => d.categoryId),
    scores: detections.map((d) => d.score),
  };
}

export function classMap(labels: Uint8Array, scene: Scene): ClassMap {
  return { labels, width: scene.width, height: scene.height };
}

/** The digit each is most often misread as (MNIST's usual confusions). */
const CONFUSED_WITH = [6, 7, 7, 5, 9, 3, 0, 1, 3, 4];
/** How much harder than average each digit is to read (8, 9, 5 and 3 worst, 1 and 0 best). */
const HARDNESS = [0.5, 0.4, 1, 1.3, 1.1, 1.4, 0.8, 1, 1.6, 1.5];

/** How good the stand-in detector is. */
export interface DetectorQuality {
  /** Standard deviation of each box edge's error, as a share of the box's size. */
  jitter: number;
  /** Chance that a digit gets no box. */
  missRate: number;
  /** Chance (times the digit's hardness) that a found digit is read as a similar one. */
  confusion: number;
  /** Spurious boxes per scene, on average. */
  falsePositives: number;
}

/** Near the page's target: mAP@0.5 about 0.95 on the stories' scenes. */
export const GOOD_DETECTOR: DetectorQuality = {
  jitter: 0.05,
  missRate: 0.015,
  confusion: 0.025,
  falsePositives: 1,
};

/** Early in training: mAP@0.5 about 0.6. */
export const POOR_DETECTOR: DetectorQuality = {
  jitter: 0.16,
  missRate: 0.12,
  confusion: 0.15,
  falsePositives: 1.5,
};

/**
 * A detector's answer for one scene: each digit's true box with its edges jittered, scored
 * higher the better it sits; some digits missed or misread, some boxes on nothing. Seeded.
 */
export function simulateDetections(
  scene: Scene,
  quality: DetectorQuality,
  seed: number,
): ScoredBox[] {
  const u = seededUniform(seed);
  const normal = gaussian(u);
  const out: ScoredBox[] = [];
  for (const o of scene.objects) {
    if (u() < quality.missRate) continue;
    const [x, y, w, h] = o.bbox;
    const e = [normal(), normal(), normal(), normal()].map((n) => n * quality.jitter);
    const x0 = x + e[0] * w;
    const y0 = y + e[1] * h;
    const x1 = x + w + e[2] * w;
    const y1 = y + h + e[3] * h;
    const misread = u() < quality.confusion * HARDNESS[o.digit];
    const off = Math.sqrt(e.reduce((s, v) => s + v * v, 0) / 4);
    // Scores overlap between right and wrong answers, as a real detector's do: the PR curves
    // then fall before their last recall rather than staying at precision 1.
    const score = misread ? 0.3 + 0.55 * u() : Math.max(0.3, 0.98 - 1.2 * off - 0.3 * u());
    out.push({
      bbox: clampBox([x0, y0, x1 - x0, y1 - y0], scene),
      categoryId: (misread ? CONFUSED_WITH[o.digit] : o.digit) + 1,
      score,
    });
  }
  const spurious = Math.floor(quality.falsePositives * 2 * u());
  for (let i = 0; i < spurious; i++) {
    const h = 12 + u() * 30;
    const w = h * (0.5 + 0.4 * u());
    out.push({
      bbox: clampBox([u() * (scene.width - w), u() * (scene.height - h), w, h], scene),
      categoryId: 1 + Math.floor(u() * 10),
      score: 0.1 + 0.65 * u(),
    });
  }
  return out.sort((a, b) => b.score - a.score);
}

function clampBox(b: Bbox, scene: Scene): Bbox {
  const x0 = Math.max(0, Math.min(scene.width - 1, b[0]));
  const y0 = Math.max(0, Math.min(scene.height - 1, b[1]));
  const x1 = Math.max(x0 + 1, Math.min(scene.width, b[0] + b[2]));
  const y1 = Math.max(y0 + 1, Math.min(scene.height, b[1] + b[3]));
  return [x0, y0, x1 - x0, y1 - y0];
}

/** The stand-in detector on every scene, scored as COCO does (all ten digits). */
export function evaluateStandIn(
  scenes: readonly Scene[],
  quality: DetectorQuality,
  seed: number,
): { detections: ScoredBox[][]; result: CocoEvalResult } {
  const detections = scenes.map((s, i) => simulateDetections(s, quality, seed * 1000 + i));
  const images: EvalImage[] = scenes.map((s, i) => ({
    imageId: i,
    groundTruth: s.objects.map((o) => ({ bbox: o.bbox, categoryId: o.categoryId })),
    detections: detections[i],
  }));
  const categories = Array.from({ length: 10 }, (_, d) => d + 1);
  return { detections, result: evaluateDetections(images, categories) };
}

/** How good the stand-in segmenter is. */
export interface SegmenterQuality {
  /** Chance that a pixel on a digit's edge goes the wrong way (eaten or grown). */
  edgeError: number;
  /** Chance (times the digit's hardness) that a whole digit is painted as a similar one. */
  confusion: number;
}

export const GOOD_SEGMENTER: SegmenterQuality = { edgeError: 0.25, confusion: 0.06 };

/**
 * A segmenter's class map for one scene (0 background, digit + 1, no void): the true map with
 * ragged edges, the void rim settled either way, and some digits painted as a similar digit.
 */
export function simulateSegmentation(
  scene: Scene,
  quality: SegmenterQuality,
  seed: number,
): Uint8Array {
  const u = seededUniform(seed);
  const { width, height, labels, instances } = scene;
  // What each instance is painted as: its digit, or now and then the digit it resembles.
  const paint = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    const v = instances[i];
    const c = labels[i];
    if (v === 0 || c < 1 || c > 10 || paint.has(v)) continue;
    const digit = c - 1;
    const misread = u() < quality.confusion * HARDNESS[digit];
    paint.set(v, (misread ? CONFUSED_WITH[digit] : digit) + 1);
  }
  const isDigit = (c: number) => c >= 1 && c <= 10;
  const out = new Uint8Array(labels.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      // A digit pixel next to this one (the class it would be painted as), if any.
      let near = 0;
      let edge = false;
      for (const j of [i - 1, i + 1, i - width, i + width]) {
        if (j < 0 || j >= labels.length || (j % width !== x && Math.abs(j - i) === 1)) continue;
        if (isDigit(labels[j])) near = paint.get(instances[j]) ?? labels[j];
        else edge = true;
      }
      const c = labels[i];
      if (isDigit(c)) {
        out[i] = edge && u() < quality.edgeError ? 0 : (paint.get(instances[i]) ?? c);
      } else if (near > 0) {
        const grow = c === 255 ? 0.5 : quality.edgeError / 2;
        out[i] = u() < grow ? near : 0;
      }
    }
  }
  return out;
}
