/**
 * The single-stage grid detector's shape (YOLO's and CenterNet's family): a backbone of
 * strided convolutions maps an H x W grey image to an (H/S) x (W/S) grid; each cell says
 * whether a digit's centre lies in it (objectness), where the box is (centre offset in the
 * cell, width and height as shares of the image) and which digit it is.
 *
 * Per cell the head has 5 + classes channels: [objectness, tx, ty, tw, th, class scores...],
 * all logits: σ(tx), σ(ty) in [0, 1] place the centre in the cell; σ(tw)·W, σ(th)·H size it.
 */
export interface GridDetectorConfig {
  kind: 'grid-detector';
  /** Input [height, width]; both multiples of the stride. */
  inputSize: [number, number];
  /** Channels of each stage; each stage halves the resolution: stride = 2^stages. */
  stageChannels: number[];
  classes: number;
}

export const HEAD_OFFSET = { objectness: 0, box: 1, classes: 5 } as const;

export const DEFAULT_GRID_DETECTOR: GridDetectorConfig = {
  kind: 'grid-detector',
  inputSize: [128, 128],
  stageChannels: [16, 32, 64],
  classes: 10,
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

/** Checks a config (from code or from a model file) and says what is wrong. */
export function checkGridDetectorConfig(c: GridDetectorConfig): void {
  if (c.kind !== 'grid-detector')
    throw new Error(`grid detector: kind must be "grid-detector", got ${String(c.kind)}`);
  const stages = c.stageChannels;
  if (
    !Array.isArray(stages) ||
    stages.length < 1 ||
    stages.length > 6 ||
    !stages.every((n) => Number.isInteger(n) && n >= 1 && n <= 512)
  )
    throw new Error('grid detector: stageChannels must be 1 to 6 integers in 1..512');
  const s = 2 ** stages.length;
  const [h, w] = c.inputSize ?? [];
  if (
    !Number.isInteger(h) ||
    !Number.isInteger(w) ||
    h < s ||
    w < s ||
    h > 2048 ||
    w > 2048 ||
    h % s !== 0 ||
    w % s !== 0
  )
    throw new Error(
      `grid detector: inputSize must be two multiples of the stride ${s} up to 2048, got ${JSON.stringify(c.inputSize)}`,
    );
  if (!Number.isInteger(c.classes) || c.classes < 1 || c.classes > 254)
    throw new Error(`grid detector: classes must be an integer in 1..254, got ${c.classes}`);
}
