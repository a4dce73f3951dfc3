/**
 * The book's R-CNN flow (ch. 8.4.1, fig. 8-18): propose regions, warp each to the classifier's
 * input, classify it with a CNN, keep the confident ones. Our CNN is the DeepConvNet we
 * trained and ship (99.51 % on MNIST); a region becomes an MNIST-like 28x28 image the way the
 * digit pad's drawings do (cropped to the ink, longest side 20 px, centred by mass).
 */
import * as tf from '@tensorflow/tfjs-core';
import { MNIST_SIZE, preprocessDigit } from '../../data/mnist-preprocess';
import type { SequentialNet } from '../../nn/nets/net';
import { loadModel } from '../../nn/serialize';
import type { Detection } from '../metrics/boxes';
import { nonMaxSuppression } from '../metrics/nms';
import { inkField, type ProposalOptions, proposeRegions } from './proposals';

export interface RcnnOptions extends ProposalOptions {
  /** Regions whose best class scores below this are not digits (default 0.5). */
  scoreThreshold?: number;
}

export class RcnnDetector {
  private constructor(readonly classifier: SequentialNet) {}

  /** From a model file of a book net trained on MNIST (".gam"). */
  static load(modelBytes: Uint8Array): RcnnDetector {
    return new RcnnDetector(loadModel(modelBytes).net);
  }

  /** Boxes with classes (category id = digit + 1) and scores, for an RGB image. */
  detect(rgb: Uint8Array, width: number, height: number, opts: RcnnOptions = {}): Detection[] {
    if (rgb.length !== width * height * 3)
      throw new Error(`R-CNN: ${rgb.length} bytes for a ${width}x${height} RGB image`);
    const field = inkField(rgb, width, height);
    const proposals = proposeRegions(field, opts);
    if (proposals.length === 0) return [];
    const crops = new Float32Array(proposals.length * MNIST_SIZE * MNIST_SIZE);
    proposals.forEach((p, k) => {
      const [x0, y0, w, h] = p.bbox;
      const crop = new Float32Array(w * h);
      let max = 0;
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          const v = field.ink[(y0 + y) * width + x0 + x];
          crop[y * w + x] = v;
          if (v > max) max = v;
        }
      // MNIST's ink runs to 1: stretch the crop's strongest ink to it.
      if (max > 0)
        for (let i = 0; i < crop.length; i++) crop[i] = Math.min(1, crop[i] / (0.8 * max));
      crops.set(preprocessDigit(crop, w, h, { minBoxFraction: 0 }), k * MNIST_SIZE * MNIST_SIZE);
    });
    const probs = tf.tidy(() =>
      this.classifier.predictProbabilities(
        tf.tensor2d(crops, [proposals.length, MNIST_SIZE * MNIST_SIZE]),
      ),
    );
    const p = probs.dataSync();
    probs.dispose();
    const threshold = opts.scoreThreshold ?? 0.5;
    const dets: Detection[] = [];
    proposals.forEach((prop, k) => {
      let best = 0;
      for (let c = 1; c < 10; c++) if (p[k * 10 + c] > p[k * 10 + best]) best = c;
      const score = p[k * 10 + best];
      if (score >= threshold) dets.push({ bbox: prop.bbox, categoryId: best + 1, score });
    });
    return nonMaxSuppression(dets, { iouThreshold: 0.5 });
  }

  dispose(): void {
    this.classifier.dispose();
  }
}
