/**
 * The held-out scenes every score is measured on: scenes of MNIST's *test* digits, seeded
 * apart from any training seed, the same list for the CLI, the worker and the benchmarks.
 */
import type { DigitSource } from '../../data/scenes/digit-source';
import type { Scene } from '../../data/scenes/scene';
import { generateScene } from '../../data/scenes/scene-generator';

/** The seed of the held-out scenes (training seeds are small numbers). */
export const HELD_OUT_SEED = 1_000_003;

/** What held-out pages may vary besides their look; each scene generator default unless given. */
export interface HeldOutOptions {
  /** Strokes and digit fragments (the generator's 0.3, as every quoted score; 0: digits alone). */
  clutter?: number;
  /** Share of digits written with a thin pen (0, as every quoted score). */
  thinInk?: number;
}

/** `count` scenes of test digits; `paperShare` of them (the last ones) in the paper look. */
export function heldOutScenes(
  testDigits: DigitSource,
  count: number,
  paperShare: number,
  size: readonly [number, number],
  { clutter, thinInk }: HeldOutOptions = {},
): Scene[] {
  const paper = Math.round(count * paperShare);
  return Array.from({ length: count }, (_, i) =>
    generateScene(testDigits, HELD_OUT_SEED, i, {
      width: size[1],
      height: size[0],
      style: i >= count - paper ? 'paper' : 'clean',
      // Only what was given: an explicit undefined would override the generator's default.
      ...(clutter === undefined ? {} : { clutter }),
      ...(thinInk === undefined ? {} : { thinInk }),
    }),
  );
}
