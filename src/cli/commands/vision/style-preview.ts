/**
 * A preview sheet of a style transformer: the content pictures in a row, each square-cropped
 * from its centre to `side`, and below each its painting by the net.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { RgbImage } from '../../../data/png';
import type { StyleTransformer } from '../../../vision/style/fast/style-transformer';
import { floatsToImage, imageToTensor } from '../../../vision/style/style-image';

const GAP = 4;

export function previewSheet(
  net: StyleTransformer,
  pictures: readonly RgbImage[],
  side: number,
): RgbImage {
  const n = pictures.length;
  const width = n * side + (n + 1) * GAP;
  const height = 2 * side + 3 * GAP;
  const data = new Uint8Array(width * height * 3).fill(255);
  const paste = (img: RgbImage, x0: number, y0: number) => {
    for (let y = 0; y < img.height; y++)
      data.set(
        img.data.subarray(y * img.width * 3, (y + 1) * img.width * 3),
        ((y0 + y) * width + x0) * 3,
      );
  };
  for (const [i, picture] of pictures.entries()) {
    const content = tf.tidy(() => {
      const t = imageToTensor(picture);
      const s = Math.min(picture.width, picture.height);
      const y = (picture.height - s) >> 1;
      const x = (picture.width - s) >> 1;
      const square = tf.slice(t, [0, y, x, 0], [1, s, s, 3]);
      return tf.image.resizeBilinear(square, [side, side], true) as tf.Tensor4D;
    });
    const painted = net.stylise(content);
    const x0 = GAP + i * (side + GAP);
    paste(floatsToImage(content.dataSync(), side, side), x0, GAP);
    paste(floatsToImage(painted.dataSync(), side, side), x0, side + 2 * GAP);
    content.dispose();
    painted.dispose();
  }
  return { width, height, data };
}
