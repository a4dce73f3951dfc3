/** The paper page the Vision e2e tests hold up to the fake camera or upload: 3-4 large digits. */
import { loadDigitSourceNode } from '../../src/data/scenes/digit-source-node';
import type { Scene } from '../../src/data/scenes/scene';
import { generateScene } from '../../src/data/scenes/scene-generator';

export const CAMERA_SIZE: [number, number] = [320, 240];

/** Scene 0 of `seed`: MNIST test digits 50-80 px tall on a lit page, no clutter. */
export async function cameraScene(seed: number): Promise<Scene> {
  const [width, height] = CAMERA_SIZE;
  return generateScene(await loadDigitSourceNode('test'), seed, 0, {
    width,
    height,
    style: 'paper',
    minDigits: 3,
    maxDigits: 4,
    minDigitHeight: 50,
    maxDigitHeight: 80,
    clutter: 0,
  });
}
