/**
 * Ground truth boxes turned into what each grid cell should say. A box belongs to the cell
 * holding its centre; that cell's objectness is 1, its box targets are the centre's offset in
 * the cell and the size as a share of the image, its class the digit. Every other cell is
 * background for objectness and says nothing about boxes or classes (weight 0, void label).
 * Two centres in one cell: the larger box wins (the scenes keep this rare).
 */
import { VOID_LABEL } from '../../nn/layers/pixel-softmax-with-loss';
import { type GridDetectorConfig, gridSize, gridStride } from './grid-config';

export interface TargetBox {
  /** [x, y, width, height] in pixels of the input. */
  bbox: readonly [number, number, number, number];
  /** Class index 0..classes-1 (our digits: the digit itself, COCO id - 1). */
  classIndex: number;
}

export interface GridTargets {
  /** [N, GH, GW, 1]: 1 at cells holding a centre. */
  objectness: Float32Array;
  /** [N, GH, GW, 1]: POSITIVE_WEIGHT at those cells, 1 elsewhere. */
  objectnessWeights: Float32Array;
  /** [N, GH, GW, 4]: σ-targets tx, ty, tw, th. */
  box: Float32Array;
  /** [N, GH, GW, 4]: at positive cells the size-aware weights (boxWeight), 0 elsewhere. */
  boxWeights: Float32Array;
  /** [N, GH, GW]: class at positive cells, 255 (void) elsewhere. */
  classes: Int32Array;
  positives: number;
}

/** A centre cell among ~250 background ones: weigh it up so objectness learns to say yes. */
export const POSITIVE_WEIGHT = 5;

/**
 * IoU punishes a pixel of error by the box's size: one pixel off a "1" five pixels wide
 * costs as much as four off a twenty-pixel "0". So each box coordinate's loss is weighted by
 * BOX_REFERENCE_SIZE over the box's extent along its axis (clamped), making the loss track
 * the relative error that IoU, and so mAP@[.5:.95], measures.
 */
export const BOX_REFERENCE_SIZE = 16;
const BOX_WEIGHT_RANGE = [0.5, 4] as const;

function boxWeight(extent: number): number {
  return Math.min(Math.max(BOX_REFERENCE_SIZE / extent, BOX_WEIGHT_RANGE[0]), BOX_WEIGHT_RANGE[1]);
}

export function encodeTargets(
  config: GridDetectorConfig,
  images: readonly (readonly TargetBox[])[],
): GridTargets {
  const [gh, gw] = gridSize(config);
  const stride = gridStride(config);
  const [ih, iw] = config.inputSize;
  const cells = images.length * gh * gw;
  const t: GridTargets = {
    objectness: new Float32Array(cells),
    objectnessWeights: new Float32Array(cells).fill(1),
    box: new Float32Array(cells * 4),
    boxWeights: new Float32Array(cells * 4),
    classes: new Int32Array(cells).fill(VOID_LABEL),
    positives: 0,
  };
  const areaAt = new Float32Array(cells);
  images.forEach((boxes, n) => {
    for (const { bbox, classIndex } of boxes) {
      const [x, y, w, h] = bbox;
      if (!(w > 0 && h > 0)) continue;
      if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= config.classes)
        throw new Error(
          `detector targets: class ${classIndex} is outside 0..${config.classes - 1}`,
        );
      const cx = Math.min(Math.max(x + w / 2, 0), iw - 1e-3);
      const cy = Math.min(Math.max(y + h / 2, 0), ih - 1e-3);
      const gx = Math.floor(cx / stride);
      const gy = Math.floor(cy / stride);
      const cell = (n * gh + gy) * gw + gx;
      if (areaAt[cell] >= w * h) continue;
      if (areaAt[cell] === 0) t.positives++;
      areaAt[cell] = w * h;
      t.objectness[cell] = 1;
      t.objectnessWeights[cell] = POSITIVE_WEIGHT;
      t.box.set(
        [cx / stride - gx, cy / stride - gy, Math.min(w / iw, 1), Math.min(h / ih, 1)],
        cell * 4,
      );
      const wx = boxWeight(w);
      const wy = boxWeight(h);
      t.boxWeights.set([wx, wy, wx, wy], cell * 4);
      t.classes[cell] = classIndex;
    }
  });
  return t;
}
