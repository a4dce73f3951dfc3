/**
 * The held-out scenes every score is measured on: scenes of MNIST's *test* digits, seeded
 * apart from any training seed, the same list for the CLI, the worker and the benchmarks.
 */
import type { DigitSource } from '../../data/scenes/digit-source';
import type { Scene } from '../../data/scenes/scene';
import { generateScene } from '../../data/scenes/scene-generator';

/** The seed of the held-out scenes (training seeds are small numbers). */
export const HELD_OUT_SEED = 1_000_003;

/**
 * `count` scenes of test digits; `paperShare` of them (the last ones) in the paper look;
 * `clutter` as the generator takes it (its default, 0.3, unless given: the scores quoted
 * everywhere; 0 gives pages with nothing but digits); `thinInk`, the share of digits written
 * with a thin pen (0 unless given, as every quoted score).
 */
export function heldOutScenes(
  testDigits: DigitSource,
  count: number,
  paperShare: number,
  size: readonly [number, number],
  clutter?: number,
  thinInk = 0,
): Scene[] {
  const paper = Math.round(count * paperShare);
  return Array.from({ length: count }, (_, i) =>
    generateScene(testDigits, HELD_OUT_SEED, i, {
      width: size[1],
      height: size[0],
      style: i >= count - paper ? 'paper' : 'clean',
      ...(clutter === undefined ? {} : { clutter }),
      thinInk,
    }),
  );
}
