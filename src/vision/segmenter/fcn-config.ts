/**
 * The segmenter's shape: an FCN (Long, Shelhamer & Darrell) over one grey channel. Stage 1
 * works at full resolution; each later stage halves it (space-to-depth, then two stride-1
 * convolutions). Every stage gets a 1x1 "score" convolution to the classes; from the
 * coarsest, scores are upsampled x2 by a transposed convolution and added to the next finer
 * stage's scores (FCN-8s's skips, carried down to full resolution), so every pixel is
 * classified in one forward pass.
 *
 * With `firstStride` 2, stage 1 too begins with space-to-depth (it works at half resolution)
 * and a last x2 transposed convolution takes the scores to full resolution. What a digit's
 * pixel is depends on the whole digit, which only the coarse stages see; the fine stages only
 * place the edges, and half resolution does that nearly as well for a fraction of the work.
 */
import { checkStageShape } from '../stage-shape';

export interface FcnConfig {
  kind: 'fcn';
  /** Input [height, width], multiples of 2^(stages - 1). */
  inputSize: [number, number];
  /** Channels of each stage, finest first. */
  stageChannels: number[];
  /** Background plus the digits: 11. */
  classes: number;
  /** 1 (default): stage 1 at full resolution; 2: stage 1 after space-to-depth. */
  firstStride?: 1 | 2;
}

export const DEFAULT_FCN: FcnConfig = {
  kind: 'fcn',
  inputSize: [128, 128],
  stageChannels: [24, 48, 64, 96],
  classes: 11,
  firstStride: 2,
};

export function firstStride(c: FcnConfig): 1 | 2 {
  return c.firstStride ?? 1;
}

export function checkFcnConfig(c: FcnConfig): void {
  if (c.kind !== 'fcn') throw new Error(`fcn: kind must be "fcn", got ${String(c.kind)}`);
  checkStageShape(
    'fcn',
    c.stageChannels,
    2,
    c.inputSize,
    2 ** Math.max(0, (c.stageChannels?.length ?? 1) - 1) * (c.firstStride === 2 ? 2 : 1),
  );
  if (c.firstStride !== undefined && c.firstStride !== 1 && c.firstStride !== 2)
    throw new Error(`fcn: firstStride must be 1 or 2, got ${JSON.stringify(c.firstStride)}`);
  if (!Number.isInteger(c.classes) || c.classes < 2 || c.classes > 255)
    throw new Error(`fcn: classes must be an integer in 2..255, got ${c.classes}`);
}
