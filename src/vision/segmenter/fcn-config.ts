/**
 * The segmenter's shape: an FCN (Long, Shelhamer & Darrell) over one grey channel. Stage 1
 * works at full resolution; each later stage halves it (space-to-depth, then two stride-1
 * convolutions). Every stage gets a 1x1 "score" convolution to the classes; from the
 * coarsest, scores are upsampled x2 by a transposed convolution and added to the next finer
 * stage's scores (FCN-8s's skips, carried down to full resolution), so every pixel is
 * classified in one forward pass.
 */
export interface FcnConfig {
  kind: 'fcn';
  /** Input [height, width], multiples of 2^(stages - 1). */
  inputSize: [number, number];
  /** Channels of each stage, finest first. */
  stageChannels: number[];
  /** Background plus the digits: 11. */
  classes: number;
}

export const DEFAULT_FCN: FcnConfig = {
  kind: 'fcn',
  inputSize: [128, 128],
  stageChannels: [16, 32, 48, 64],
  classes: 11,
};

export function checkFcnConfig(c: FcnConfig): void {
  if (c.kind !== 'fcn') throw new Error(`fcn: kind must be "fcn", got ${String(c.kind)}`);
  const stages = c.stageChannels;
  if (
    !Array.isArray(stages) ||
    stages.length < 2 ||
    stages.length > 6 ||
    !stages.every((n) => Number.isInteger(n) && n >= 1 && n <= 512)
  )
    throw new Error('fcn: stageChannels must be 2 to 6 integers in 1..512');
  const s = 2 ** (stages.length - 1);
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
      `fcn: inputSize must be two multiples of ${s} up to 2048, got ${JSON.stringify(c.inputSize)}`,
    );
  if (!Number.isInteger(c.classes) || c.classes < 2 || c.classes > 255)
    throw new Error(`fcn: classes must be an integer in 2..255, got ${c.classes}`);
}
