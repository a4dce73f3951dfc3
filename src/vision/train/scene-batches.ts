/**
 * Mini-batches of freshly generated scenes for training: every step sees new scenes (the
 * generator is cheap next to a training step), drawn from a seed so that a run can be
 * repeated exactly. The style alternates by a share of paper scenes.
 */
import type { DigitSource } from '../../data/scenes/digit-source';
import type { Scene } from '../../data/scenes/scene';
import { generateScene, type SceneOptions } from '../../data/scenes/scene-generator';
import { standardizeGrey } from '../image-input';

export interface SceneBatchOptions extends Omit<SceneOptions, 'style'> {
  /** Share of scenes in the paper look (default 0.5). */
  paperShare?: number;
}

export interface SceneBatch {
  scenes: Scene[];
  /** [N, H, W, 1] standardised grey. */
  input: Float32Array;
}

export function sceneBatch(
  source: DigitSource,
  seed: number,
  first: number,
  size: number,
  opts: SceneBatchOptions = {},
): SceneBatch {
  const paperShare = opts.paperShare ?? 0.5;
  const scenes: Scene[] = [];
  for (let i = 0; i < size; i++) {
    const index = first + i;
    // A fixed pattern by index, not a random draw: the same scenes whatever the batch size.
    const paper = (index * 0.6180339887) % 1 < paperShare;
    scenes.push(generateScene(source, seed, index, { ...opts, style: paper ? 'paper' : 'clean' }));
  }
  return { scenes, input: toInput(scenes) };
}

/** Scenes of one size as the nets' input [N, H, W, 1]. */
export function toInput(scenes: readonly Scene[]): Float32Array {
  if (scenes.length === 0) return new Float32Array(0);
  const { width, height } = scenes[0];
  const pixels = width * height;
  const input = new Float32Array(scenes.length * pixels);
  scenes.forEach((s, i) => {
    if (s.width !== width || s.height !== height)
      throw new Error(`a batch mixes ${width}x${height} and ${s.width}x${s.height} scenes`);
    standardizeGrey(s.image, pixels, input, i * pixels);
  });
  return input;
}
