/**
 * The noise a latent walk feeds the generator: the seeds' noise vectors visited in turn, each
 * leg along the great circle (latent.ts's slerp), optionally back to the first so that a view
 * can play the frames in a loop without a jump. Pure: the GAN worker (workers/gan-service.ts)
 * draws the images.
 */
import { Rng } from '../../nn/rng';
import { latentWalk } from './latent';

export const MAX_WALK_FRAMES = 512;

export interface WalkNoise {
  /** frames x latent values. */
  z: Float32Array;
  frames: number;
  /** Index of the frame at each seed's noise vector, in the seeds' order. */
  keyframes: number[];
}

/** The noise vector a seed stands for: N(0, 1) values from Rng(seed). */
export function seedNoise(seed: number, latent: number): Float32Array {
  return new Rng(seed).normalArray(latent);
}

export function walkNoise(
  latent: number,
  seeds: readonly number[],
  framesPerLeg: number,
  loop: boolean,
): WalkNoise {
  if (!Array.isArray(seeds) || seeds.length < 2 || !seeds.every(Number.isInteger))
    throw new Error(`a latent walk needs at least two integer seeds, got ${JSON.stringify(seeds)}`);
  if (!Number.isInteger(framesPerLeg) || framesPerLeg < 2)
    throw new Error(`framesPerLeg must be an integer >= 2, got ${framesPerLeg}`);
  const points = seeds.map((s) => seedNoise(s, latent));
  if (loop) points.push(points[0]);
  const legs = points.length - 1;
  // Each leg's last frame is the next leg's first: kept once.
  const frames = legs * (framesPerLeg - 1) + (loop ? 0 : 1);
  if (frames > MAX_WALK_FRAMES)
    throw new Error(
      `a latent walk of ${frames} frames is more than the ${MAX_WALK_FRAMES} allowed`,
    );
  const z = new Float32Array(frames * latent);
  const keyframes: number[] = [];
  let at = 0;
  for (let leg = 0; leg < legs; leg++) {
    keyframes.push(at);
    const path = latentWalk(points[leg], points[leg + 1], framesPerLeg);
    const last = leg === legs - 1 && !loop ? framesPerLeg : framesPerLeg - 1;
    for (let f = 0; f < last; f++) z.set(path[f], (at + f) * latent);
    at += last;
  }
  if (!loop) keyframes.push(frames - 1);
  return { z, frames, keyframes };
}
