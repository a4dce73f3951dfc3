/**
 * Book fig. 8-3: the test images a trained net gets wrong, with the true and the predicted
 * label. Most are digits a person would hesitate over too. One function for the CLI's JSON,
 * the worker and the Learn area's view; a RunControl stops it between batches, with the
 * counts of the images classified so far.
 */
import { type LabeledData, sampleSize } from '../dataset';
import { predictClasses } from '../evaluate';
import type { SequentialNet } from '../nets/net';
import type { RunControl } from '../run-control';

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
  /** Test images classified: the whole set unless stopped. */
  total: number;
  errors: number;
  accuracy: number;
  /** Every wrong image, in test-set order. */
  wrong: MisclassifiedImage[];
  /** Pixels of the first `imageLimit` wrong images, [k, ...sampleShape] row-major. */
  images: Float32Array;
  sampleShape: number[];
  /** confusion[true][predicted]: counts over the images classified. */
  confusion: number[][];
  /** Stopped by its control before the end of the test set. */
  stopped: boolean;
}

export interface MisclassifiedOptions {
  /** Images whose pixels are returned (all wrong ones are listed). Default 100. */
  imageLimit?: number;
  batchSize?: number;
  /** Pauses or stops the pass between batches. */
  control?: RunControl;
  onProgress?: (done: number, total: number) => void;
}

export async function misclassified(
  net: SequentialNet,
  test: LabeledData,
  { imageLimit = 100, batchSize = 500, control, onProgress }: MisclassifiedOptions = {},
): Promise<MisclassifiedResult> {
  const size = sampleSize(test);
  const classes = net.config.outputSize;
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const wrong: MisclassifiedImage[] = [];
  let done = 0;
  let stopped = false;
  for (let start = 0; start < test.count; start += batchSize) {
    if (control && !(await control.checkpoint())) {
      stopped = true;
      break;
    }
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
    done = start + n;
    onProgress?.(done, test.count);
  }
  const shown = wrong.slice(0, Math.max(0, imageLimit));
  const images = new Float32Array(shown.length * size);
  shown.forEach((w, k) => {
    images.set(test.x.subarray(w.index * size, (w.index + 1) * size), k * size);
  });
  return {
    experiment: 'misclassified',
    total: done,
    errors: wrong.length,
    accuracy: done === 0 ? 0 : 1 - wrong.length / done,
    wrong,
    images,
    sampleShape: [...test.sampleShape],
    confusion,
    stopped,
  };
}
