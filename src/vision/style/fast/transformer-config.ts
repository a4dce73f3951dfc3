/**
 * The shape of a fast style transfer net (Johnson, Alahi & Fei-Fei 2016, "Perceptual losses
 * for real-time style transfer"): convolutions down to a quarter of the image, residual
 * blocks there, and back up, instance normalisation after every convolution but the last
 * (Ulyanov et al.: it is what makes one net stylise any contrast and colour cast alike).
 *
 * Ours is sized for the live webcam on wasm: Johnson's net has 32/64/128 channels and five
 * residual blocks (about 40 GFLOP at 512x512); at 192x144 a net of 12/24/48 channels and three
 * blocks costs about 1.1 GFLOP, a frame in tens of milliseconds on one wasm thread. Down is by
 * space-to-depth and a stride-1 convolution (exact halving, and wasm's fast stride-1 path),
 * up by nearest-neighbour upsampling and a convolution (no checkerboard of transposed ones).
 */

export interface StyleTransformerConfig {
  kind: 'style-transformer';
  /** Channels at full, half and quarter resolution. */
  channels: [number, number, number];
  residualBlocks: number;
  /** Kernel of the first and the last convolution (odd; reflection-padded). */
  edgeKernel: number;
}

export const DEFAULT_STYLE_TRANSFORMER: StyleTransformerConfig = {
  kind: 'style-transformer',
  channels: [12, 24, 48],
  residualBlocks: 3,
  edgeKernel: 5,
};

/** Image sides must be multiples of this (two halvings). */
export const TRANSFORMER_SIDE_STEP = 4;

/** Checks a config (from code or from a file) and returns it; says exactly what is wrong. */
export function checkStyleTransformerConfig(c: StyleTransformerConfig): StyleTransformerConfig {
  const bad = (what: string): never => {
    throw new Error(`style transformer: ${what}`);
  };
  if (typeof c !== 'object' || c === null) bad('config must be an object');
  if (c.kind !== 'style-transformer')
    bad(`kind must be "style-transformer", got ${JSON.stringify(c.kind)}`);
  if (
    !Array.isArray(c.channels) ||
    c.channels.length !== 3 ||
    c.channels.some((n) => !Number.isInteger(n) || n < 1 || n > 256)
  )
    bad(`channels must be three integers in 1..256, got ${JSON.stringify(c.channels)}`);
  if (!Number.isInteger(c.residualBlocks) || c.residualBlocks < 0 || c.residualBlocks > 16)
    bad(`residualBlocks must be an integer in 0..16, got ${JSON.stringify(c.residualBlocks)}`);
  if (
    !Number.isInteger(c.edgeKernel) ||
    c.edgeKernel < 1 ||
    c.edgeKernel > 11 ||
    c.edgeKernel % 2 === 0
  )
    bad(`edgeKernel must be an odd integer in 1..11, got ${JSON.stringify(c.edgeKernel)}`);
  return c;
}

/** Checks an image size for the net: positive multiples of TRANSFORMER_SIDE_STEP. */
export function checkTransformerSize(height: number, width: number): void {
  for (const [what, v] of [
    ['height', height],
    ['width', width],
  ] as const)
    if (!Number.isInteger(v) || v < TRANSFORMER_SIDE_STEP || v % TRANSFORMER_SIDE_STEP !== 0)
      throw new Error(
        `style transformer: image ${what} must be a positive multiple of ${TRANSFORMER_SIDE_STEP}, got ${v}`,
      );
}
