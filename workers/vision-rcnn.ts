/**
 * What the vision worker holds under a name: a vision net (grid detector or FCN), or the book's
 * R-CNN flow (src/vision/rcnn: region proposals, each crop classified by a book CNN). The
 * R-CNN flow works on the frame scaled so its longer side is at most RCNN_SIDE pixels
 * (proposals cost grows with the pixels; digits stay well above the classifier's 28x28).
 */
import { letterbox } from '../src/vision/frame';
import { RcnnDetector } from '../src/vision/rcnn/rcnn-detector';
import type { VisionNet } from '../src/vision/train/vision-tasks';
import type { PredictOptions, VisionModelInfo, VisionResult } from './vision-api';
import { detectionArrays, emptyResult, type FramePixels } from './vision-predict';

/** The longest side, in pixels, of the image the R-CNN flow looks at. */
export const RCNN_SIDE = 320;

export class RcnnSlot {
  readonly kind = 'rcnn';

  private constructor(private readonly detector: RcnnDetector) {}

  static async load(bytes: Uint8Array): Promise<RcnnSlot> {
    try {
      return new RcnnSlot(RcnnDetector.load(bytes));
    } catch (e) {
      throw new Error(`R-CNN classifier: ${(e as Error).message}`);
    }
  }

  info(): Omit<VisionModelInfo, 'name'> {
    return {
      kind: 'rcnn',
      inputSize: [RCNN_SIDE, RCNN_SIDE],
      parameterCount: this.detector.classifier.parameterCount,
    };
  }

  async predict(
    name: string,
    frame: FramePixels,
    opts: PredictOptions,
    readMs: number,
  ): Promise<VisionResult> {
    const t0 = performance.now();
    const k = Math.min(1, RCNN_SIDE / Math.max(frame.width, frame.height));
    const w = Math.max(1, Math.round(frame.width * k));
    const h = Math.max(1, Math.round(frame.height * k));
    const { rgb, box } = letterbox(frame.pixels, frame.width, frame.height, frame.channels, w, h);
    const t1 = performance.now();
    const detections = this.detector.detect(rgb, w, h, {
      scoreThreshold: opts.scoreThreshold ?? 0.5,
    });
    const t2 = performance.now();
    const result = emptyResult(name, 'rcnn', frame, {
      preprocess: readMs + t1 - t0,
      forward: t2 - t1,
      decode: 0,
    });
    Object.assign(result, detectionArrays(detections, box));
    result.timings.decode = performance.now() - t2;
    return result;
  }

  dispose(): void {
    this.detector.dispose();
  }
}

export type ModelSlot = { kind: 'grid-detector' | 'fcn'; net: VisionNet } | RcnnSlot;
