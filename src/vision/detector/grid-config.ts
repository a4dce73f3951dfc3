/**
 * The single-stage grid detector's shape (YOLO's and CenterNet's family): a backbone of
 * strided convolutions maps an H x W grey image to an (H/S) x (W/S) grid; each cell says
 * whether a digit's centre lies in it (objectness), where the box is (centre offset in the
 * cell, width and height as shares of the image) and which digit it is.
 *
 * Per cell the head has 5 + classes channels: [objectness, tx, ty, tw, th, class scores...].
 * Two box codings:
 * - "share" (the first shipped model's): logits, σ(tx), σ(ty) in [0, 1] place the centre in
 *   the cell, σ(tw)·W, σ(th)·H size it; trained by sigmoid cross-entropy on soft targets.
 * - "log" (the default): (tx, ty) is the centre's offset from the cell's centre in cells,
 *   (tw, th) = log(size / stride), as YOLOv2's sizes and Fast R-CNN's deltas; trained by a
 *   smooth L1 loss, whose pull does not fade near the target as cross-entropy's does (box
 *   precision is what mAP@[.5:.95] measures), at the centre cell and at the neighbouring
 *   cells that lie inside the box (more box examples for the same images, as FCOS).
 */
import { checkStageShape } from '../stage-shape';

export interface GridDetectorConfig {
  kind: 'grid-detector';
  /** Input [height, width]; both multiples of the stride. */
  inputSize: [number, number];
  /** Channels of each stage; each stage halves the resolution: stride = 2^stages. */
  stageChannels: number[];
  classes: number;
  /** Box coding (see above); files without it are "share". */
  boxCoding?: BoxCoding;
}

export type BoxCoding = 'share' | 'log';

export function boxCoding(c: GridDetectorConfig): BoxCoding {
  return c.boxCoding ?? 'share';
}

export const HEAD_OFFSET = { objectness: 0, box: 1, classes: 5 } as const;

export const DEFAULT_GRID_DETECTOR: GridDetectorConfig = {
  kind: 'grid-detector',
  inputSize: [128, 128],
  stageChannels: [16, 32, 64],
  classes: 10,
  boxCoding: 'log',
};

export function gridStride(config: GridDetectorConfig): number {
  return 2 ** config.stageChannels.length;
}

export function gridSize(config: GridDetectorConfig): [number, number] {
  const s = gridStride(config);
  return [config.inputSize[0] / s, config.inputSize[1] / s];
}

export function headChannels(config: GridDetectorConfig): number {
  return HEAD_OFFSET.classes + config.classes;
}

/** Values of one image's head: GH x GW cells of headChannels each. */
export function headValues(config: GridDetectorConfig): number {
  const [gh, gw] = gridSize(config);
  return gh * gw * headChannels(config);
}

/** Checks a config (from code or from a model file) and says what is wrong. */
export function checkGridDetectorConfig(c: GridDetectorConfig): void {
  if (c.kind !== 'grid-detector')
    throw new Error(`grid detector: kind must be "grid-detector", got ${String(c.kind)}`);
  checkStageShape(
    'grid detector',
    c.stageChannels,
    1,
    c.inputSize,
    2 ** (c.stageChannels?.length ?? 0),
  );
  if (c.boxCoding !== undefined && c.boxCoding !== 'share' && c.boxCoding !== 'log')
    throw new Error(
      `grid detector: boxCoding must be "share" or "log", got ${JSON.stringify(c.boxCoding)}`,
    );
  if (!Number.isInteger(c.classes) || c.classes < 1 || c.classes > 254)
    throw new Error(`grid detector: classes must be an integer in 1..254, got ${c.classes}`);
}
