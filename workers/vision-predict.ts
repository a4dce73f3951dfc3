/**
 * One frame through one vision net, stage by stage with its timings: the frame read (an
 * ImageBitmap drawn on an OffscreenCanvas, or RGB bytes as they are), letterboxed and
 * standardised (src/vision/frame.ts, image-input.ts); the forward pass; then boxes decoded with
 * NMS (src/vision/detector/decode.ts) or the class map cut to the frame. Answers in frame
 * pixels, as fresh typed arrays the service transfers.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  ensembleBatch,
  ensembleDetections,
  passShifts,
} from '../src/vision/detector/shift-ensemble';
import { boxToFrame, type Letterbox, letterbox, maskToFrame } from '../src/vision/frame';
import { standardizeGrey } from '../src/vision/image-input';
import type { Detection } from '../src/vision/metrics/boxes';
import type { VisionNet } from '../src/vision/train/vision-tasks';
import type {
  PredictOptions,
  StageTimings,
  VisionFrame,
  VisionModelKind,
  VisionResult,
} from './vision-api';

/** A frame's pixels as they arrived: RGB, or RGBA read back from a canvas. */
export interface FramePixels {
  pixels: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  channels: 3 | 4;
}

const FRAME_SHAPE = 'a frame is { bitmap: ImageBitmap } or { rgb: Uint8Array, width, height }';

let canvas: OffscreenCanvas | null = null;

function readBitmap(bitmap: ImageBitmap): FramePixels {
  const { width, height } = bitmap;
  if (width < 1 || height < 1) throw new Error('frame: the ImageBitmap is empty (or was closed)');
  if (typeof OffscreenCanvas === 'undefined')
    throw new Error('frame: ImageBitmap frames need OffscreenCanvas (send RGB bytes instead)');
  if (!canvas || canvas.width !== width || canvas.height !== height)
    canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('frame: no 2D context to read the ImageBitmap');
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return { pixels: ctx.getImageData(0, 0, width, height).data, width, height, channels: 4 };
}

/** Checks a frame and reads its pixels; says exactly what is wrong with a bad one. */
export function readFrame(frame: VisionFrame): FramePixels {
  if (typeof frame !== 'object' || frame === null) throw new Error(FRAME_SHAPE);
  if ('bitmap' in frame) {
    if (typeof ImageBitmap === 'undefined' || !(frame.bitmap instanceof ImageBitmap))
      throw new Error(`${FRAME_SHAPE}: bitmap is not an ImageBitmap`);
    return readBitmap(frame.bitmap);
  }
  const { rgb, width, height } = frame as { rgb: unknown; width: unknown; height: unknown };
  if (!(rgb instanceof Uint8Array)) throw new Error(`${FRAME_SHAPE}: rgb is not a Uint8Array`);
  if (
    typeof width !== 'number' ||
    typeof height !== 'number' ||
    !Number.isInteger(width) ||
    !Number.isInteger(height) ||
    width < 1 ||
    height < 1 ||
    width > 8192 ||
    height > 8192
  )
    throw new Error(
      `frame: width and height must be integers in 1..8192, got ${String(width)}x${String(height)}`,
    );
  if (rgb.length !== width * height * 3)
    throw new Error(
      `frame: ${width}x${height} RGB needs ${width * height * 3} bytes, got ${rgb.length}`,
    );
  return { pixels: rgb, width, height, channels: 3 };
}

/** Detections (input pixels) as the result's arrays, in frame pixels. */
export function detectionArrays(
  detections: readonly Detection[],
  box: Letterbox | null,
): Pick<VisionResult, 'boxes' | 'categories' | 'scores'> {
  const boxes = new Float32Array(detections.length * 4);
  const categories = new Uint8Array(detections.length);
  const scores = new Float32Array(detections.length);
  detections.forEach((d, i) => {
    boxes.set(box ? boxToFrame(d.bbox, box) : d.bbox, i * 4);
    categories[i] = d.categoryId;
    scores[i] = d.score;
  });
  return { boxes, categories, scores };
}

/** The arrays of a result, for Comlink.transfer. */
export function resultBuffers(r: VisionResult): ArrayBuffer[] {
  const buffers = [r.boxes.buffer, r.categories.buffer, r.scores.buffer];
  if (r.mask) buffers.push(r.mask.labels.buffer);
  return buffers as ArrayBuffer[];
}

export function emptyResult(
  model: string,
  kind: VisionModelKind,
  frame: Pick<FramePixels, 'width' | 'height'>,
  timings: StageTimings,
): VisionResult {
  return {
    model,
    kind,
    width: frame.width,
    height: frame.height,
    boxes: new Float32Array(0),
    categories: new Uint8Array(0),
    scores: new Float32Array(0),
    mask: null,
    timings,
  };
}

/** One frame through a grid detector or an FCN. */
export async function predictWithNet(
  name: string,
  net: VisionNet,
  frame: FramePixels,
  opts: PredictOptions,
  readMs = 0,
): Promise<VisionResult> {
  const t0 = performance.now();
  const [h, w] = net.config.inputSize;
  const { rgb, box } = letterbox(frame.pixels, frame.width, frame.height, frame.channels, w, h);
  const input = new Float32Array(w * h);
  standardizeGrey(rgb, w * h, input);
  const shifts =
    net.config.kind === 'grid-detector' ? passShifts(net.config, opts.passes ?? 1) : [];
  const batch = shifts.length > 1 ? ensembleBatch(input, h, w, shifts) : input;
  const n = Math.max(1, shifts.length);
  const t1 = performance.now();
  const out = tf.tidy(() => {
    const y = net.predict(tf.tensor4d(batch, [n, h, w, 1]));
    return net.config.kind === 'fcn' ? tf.argMax(y, 3) : y;
  });
  const values = await out.data();
  out.dispose();
  const t2 = performance.now();
  const result = emptyResult(name, net.config.kind, frame, {
    preprocess: readMs + t1 - t0,
    forward: t2 - t1,
    decode: 0,
  });
  if (net.config.kind === 'grid-detector') {
    const detections = ensembleDetections(net.config, values as Float32Array, shifts, {
      scoreThreshold: opts.scoreThreshold ?? 0.3,
      iouThreshold: opts.iouThreshold ?? 0.5,
    });
    Object.assign(result, detectionArrays(detections, box));
  } else {
    result.mask = maskToFrame(Uint8Array.from(values), box);
  }
  result.timings.decode = performance.now() - t2;
  return result;
}
