/**
 * Book fig. 8-3: the test images a trained net gets wrong, with the true and the predicted
 * label. Most are digits a person would hesitate over too. One function for the CLI's JSON,
 * the worker and the Learn area's view.
 */
import { type LabeledData, sampleSize } from '../dataset';
import { predictClasses } from '../evaluate';
import type { SequentialNet } from '../nets/net';

export interface MisclassifiedImage {
  /** Position in the test set. */
  index: number;
  label: number;
  predicted: number;
  /** The softmax probability of the predicted class. */
  confidence: number;
  /** The softmax probability the net gave the true class. */
  trueProbability: number;
}

export interface MisclassifiedResult {
  experiment: 'misclassified';
  total: number;
  errors: number;
  accuracy: number;
  /** Every wrong image, in test-set order. */
  wrong: MisclassifiedImage[];
  /** Pixels of the first `imageLimit` wrong images, [k, ...sampleShape] row-major. */
  images: Float32Array;
  sampleShape: number[];
  /** confusion[true][predicted]: counts over the whole test set. */
  confusion: number[][];
}

export interface MisclassifiedOptions {
  /** Images whose pixels are returned (all wrong ones are listed). Default 100. */
  imageLimit?: number;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export async function misclassified(
  net: SequentialNet,
  test: LabeledData,
  { imageLimit = 100, batchSize = 500, onProgress }: MisclassifiedOptions = {},
): Promise<MisclassifiedResult> {
  const size = sampleSize(test);
  const classes = net.config.outputSize;
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const wrong: MisclassifiedImage[] = [];
  for (let start = 0; start < test.count; start += batchSize) {
    const n = Math.min(batchSize, test.count - start);
    const { labels, probabilities } = await predictClasses(
      net,
      test.x.subarray(start * size, (start + n) * size),
      n,
    );
    for (let i = 0; i < n; i++) {
      const label = test.labels[start + i];
      const predicted = labels[i];
      confusion[label][predicted]++;
      if (predicted !== label) {
        wrong.push({
          index: start + i,
          label,
          predicted,
          confidence: probabilities[i * classes + predicted],
          trueProbability: probabilities[i * classes + label],
        });
      }
    }
    onProgress?.(start + n, test.count);
  }
  const shown = wrong.slice(0, Math.max(0, imageLimit));
  const images = new Float32Array(shown.length * size);
  shown.forEach((w, k) => {
    images.set(test.x.subarray(w.index * size, (w.index + 1) * size), k * size);
  });
  return {
    experiment: 'misclassified',
    total: test.count,
    errors: wrong.length,
    accuracy: 1 - wrong.length / test.count,
    wrong,
    images,
    sampleShape: [...test.sampleShape],
    confusion,
  };
}
