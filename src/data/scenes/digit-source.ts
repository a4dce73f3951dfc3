/**
 * Where scene digits come from: MNIST's 28x28 images and their labels. Train scenes take
 * digits only from MNIST's training split and test scenes only from its test split, so a
 * detector scored on test scenes has never seen one of their digits.
 */
import { IdxError, parseIdx } from '../idx';

export const DIGIT_SIZE = 28;

export interface DigitSource {
  readonly count: number;
  /** The i-th digit's 28x28 pixels, 0-255, row-major (a view, not a copy). */
  pixels(i: number): Uint8Array;
  label(i: number): number;
}

/** A DigitSource over MNIST's IDX image and label files. */
export function digitSourceFromIdx(
  imageBytes: Uint8Array,
  labelBytes: Uint8Array,
  what: string,
): DigitSource {
  const images = parseIdx(imageBytes, `${what} images`, 3);
  const labels = parseIdx(labelBytes, `${what} labels`, 1);
  const [count, rows, cols] = images.shape;
  if (rows !== DIGIT_SIZE || cols !== DIGIT_SIZE)
    throw new IdxError(`${what} images`, `are ${rows}x${cols}, scenes need MNIST's 28x28`);
  if (labels.shape[0] !== count)
    throw new IdxError(what, `${count} images but ${labels.shape[0]} labels`);
  const size = DIGIT_SIZE * DIGIT_SIZE;
  return {
    count,
    pixels: (i) => images.data.subarray(i * size, (i + 1) * size),
    label: (i) => {
      const l = labels.data[i];
      if (l > 9) throw new IdxError(`${what} labels`, `label ${l} at index ${i} is not a digit`);
      return l;
    },
  };
}
