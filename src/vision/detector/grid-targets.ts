/**
 * Ground truth boxes turned into what each grid cell should say. A box belongs to the cell
 * holding its centre; that cell's objectness is 1, its class the digit, its box targets the
 * box in the config's coding (grid-config.ts). Every other cell is background for objectness
 * and void for classes. Two centres in one cell: the larger box wins (the scenes keep this
 * rare).
 *
 * In the "log" coding the neighbouring cells (3x3 around the centre) whose centres lie inside
 * the box learn its box too, at half weight: they never fire (their objectness is 0), but the
 * backbone sees several box examples per digit instead of one.
 */
import { VOID_LABEL } from '../../nn/layers/pixel-softmax-with-loss';
import { boxCoding, type GridDetectorConfig, gridSize, gridStride } from './grid-config';

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
  /** [N, GH, GW, 4]: box targets in the config's coding. */
  box: Float32Array;
  /** [N, GH, GW, 4]: weights of the box targets; 0 where a cell has no box to learn. */
  boxWeights: Float32Array;
  /** [N, GH, GW]: class at centre cells, 255 (void) elsewhere. */
  classes: Int32Array;
  positives: number;
}

/** A centre cell among ~250 background ones: weigh it up so objectness learns to say yes. */
export const POSITIVE_WEIGHT = 5;

/**
 * IoU punishes a pixel of error by the box's size: a pixel off a "1" five pixels wide costs
 * as much as four off a twenty-pixel "0". In the "log" coding a centre offset's loss is
 * weighted by BOX_REFERENCE_SIZE over the box's extent along its axis (clamped), so the loss
 * tracks the relative error IoU measures; log sizes are relative errors already (weight 1).
 */
export const BOX_REFERENCE_SIZE = 16;
const OFFSET_WEIGHT_RANGE = [0.5, 4] as const;
export const NEIGHBOUR_BOX_WEIGHT = 0.5;

export function offsetWeight(extent: number): number {
  return Math.min(
    Math.max(BOX_REFERENCE_SIZE / extent, OFFSET_WEIGHT_RANGE[0]),
    OFFSET_WEIGHT_RANGE[1],
  );
}

interface Placed {
  n: number;
  cx: number;
  cy: number;
  w: number;
  h: number;
  classIndex: number;
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
  const coding = boxCoding(config);
  // The box that owns each cell's box targets, and whether the cell is its centre cell.
  const owner: (Placed | null)[] = new Array(cells).fill(null);
  const isCentre = new Uint8Array(cells);
  const cellOf = (n: number, gy: number, gx: number) => (n * gh + gy) * gw + gx;
  const placed: Placed[] = [];
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
      const box = { n, cx, cy, w, h, classIndex };
      placed.push(box);
      const cell = cellOf(n, Math.floor(cy / stride), Math.floor(cx / stride));
      const held = owner[cell];
      if (held && held.w * held.h >= w * h) continue;
      if (!held) t.positives++;
      owner[cell] = box;
      isCentre[cell] = 1;
    }
  });
  if (coding === 'log')
    // Neighbours inside the box; a cell two boxes want goes to the smaller (FCOS's rule).
    for (const box of placed) {
      const gx0 = Math.floor(box.cx / stride);
      const gy0 = Math.floor(box.cy / stride);
      for (let gy = Math.max(0, gy0 - 1); gy <= Math.min(gh - 1, gy0 + 1); gy++)
        for (let gx = Math.max(0, gx0 - 1); gx <= Math.min(gw - 1, gx0 + 1); gx++) {
          const cell = cellOf(box.n, gy, gx);
          if (isCentre[cell]) continue;
          const px = (gx + 0.5) * stride;
          const py = (gy + 0.5) * stride;
          if (Math.abs(px - box.cx) >= box.w / 2 || Math.abs(py - box.cy) >= box.h / 2) continue;
          const held = owner[cell];
          if (held && held.w * held.h <= box.w * box.h) continue;
          owner[cell] = box;
        }
    }
  for (let cell = 0; cell < cells; cell++) {
    const box = owner[cell];
    if (!box) continue;
    const gx = cell % gw;
    const gy = Math.floor(cell / gw) % gh;
    if (isCentre[cell]) {
      t.objectness[cell] = 1;
      t.objectnessWeights[cell] = POSITIVE_WEIGHT;
      t.classes[cell] = box.classIndex;
    }
    if (coding === 'share') {
      t.box.set(
        [
          box.cx / stride - gx,
          box.cy / stride - gy,
          Math.min(box.w / iw, 1),
          Math.min(box.h / ih, 1),
        ],
        cell * 4,
      );
      t.boxWeights.fill(1, cell * 4, cell * 4 + 4);
    } else {
      t.box.set(
        [
          box.cx / stride - (gx + 0.5),
          box.cy / stride - (gy + 0.5),
          Math.log(box.w / stride),
          Math.log(box.h / stride),
        ],
        cell * 4,
      );
      const k = isCentre[cell] ? 1 : NEIGHBOUR_BOX_WEIGHT;
      t.boxWeights.set([k * offsetWeight(box.w), k * offsetWeight(box.h), k, k], cell * 4);
    }
  }
  return t;
}
