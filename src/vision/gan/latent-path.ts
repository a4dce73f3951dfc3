/**
 * The noise a latent walk feeds the generator: the seeds' noise vectors visited in turn, each
 * leg along the great circle (latent.ts's slerp), optionally back to the first so that a view
 * can play the frames in a loop without a jump. Pure: the GAN worker (workers/gan-service.ts)
 * draws the images.
 */
import { Rng } from '../../nn/rng';
import type { GanConfig } from './gan-config';
import { drawNoise, latentWalk, noiseWidth } from './latent';

export const MAX_WALK_FRAMES = 512;

export interface WalkNoise {
  /** frames x noiseWidth values. */
  z: Float32Array;
  frames: number;
  /** Index of the frame at each seed's noise vector, in the seeds' order. */
  keyframes: number[];
}

/**
 * The noise vector a seed stands for: N(0, 1) values from Rng(seed) (and, InfoGAN, a code drawn
 * after them). Between two codes the walk blends their one-hots, so the image changes kind.
 */
export function seedNoise(seed: number, noise: Pick<GanConfig, 'latent' | 'codes'>): Float32Array {
  return drawNoise(new Rng(seed), noise, 1);
}

export function walkNoise(
  noise: Pick<GanConfig, 'latent' | 'codes'>,
  seeds: readonly number[],
  framesPerLeg: number,
  loop: boolean,
): WalkNoise {
  if (!Array.isArray(seeds) || seeds.length < 2 || !seeds.every(Number.isInteger))
    throw new Error(`a latent walk needs at least two integer seeds, got ${JSON.stringify(seeds)}`);
  if (!Number.isInteger(framesPerLeg) || framesPerLeg < 2)
    throw new Error(`framesPerLeg must be an integer >= 2, got ${framesPerLeg}`);
  const points = seeds.map((s) => seedNoise(s, noise));
  const width = noiseWidth(noise);
  if (loop) points.push(points[0]);
  const legs = points.length - 1;
  // Each leg's last frame is the next leg's first: kept once.
  const frames = legs * (framesPerLeg - 1) + (loop ? 0 : 1);
  if (frames > MAX_WALK_FRAMES)
    throw new Error(
      `a latent walk of ${frames} frames is more than the ${MAX_WALK_FRAMES} allowed`,
    );
  const z = new Float32Array(frames * width);
  const keyframes: number[] = [];
  let at = 0;
  for (let leg = 0; leg < legs; leg++) {
    keyframes.push(at);
    const path = latentWalk(points[leg], points[leg + 1], framesPerLeg);
    const last = leg === legs - 1 && !loop ? framesPerLeg : framesPerLeg - 1;
    for (let f = 0; f < last; f++) z.set(path[f], (at + f) * width);
    at += last;
  }
  if (!loop) keyframes.push(frames - 1);
  return { z, frames, keyframes };
}
