/** MNIST digits for scenes in Node: train scenes from the training split, test from the test split. */

import { mnistFilePath } from '../mnist-node';
import { readRegularFile } from '../node-files';
import { type DigitSource, digitSourceFromIdx } from './digit-source';

export type MnistSplit = 'train' | 'test';

/** The largest MNIST file is 47 MB; anything bigger is not MNIST. */
const MAX_IDX_BYTES = 64 * 1024 * 1024;

export async function loadDigitSourceNode(split: MnistSplit): Promise<DigitSource> {
  const images = mnistFilePath(split === 'train' ? 'trainImages' : 'testImages');
  const labels = mnistFilePath(split === 'train' ? 'trainLabels' : 'testLabels');
  return digitSourceFromIdx(
    await readRegularFile(images, MAX_IDX_BYTES),
    await readRegularFile(labels, MAX_IDX_BYTES),
    `MNIST ${split}`,
  );
}
