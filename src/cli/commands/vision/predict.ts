/**
 * `vision predict`: one image through a detector, the FCN or the R-CNN flow; writes the image
 * with the boxes (or the mask) drawn on it and prints the detections (COCO results format,
 * in the image's pixels) or the per-class pixel counts as one JSON line.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { readRegularFile, writeFileAtomic } from '../../../data/node-files';
import { decodeRgbPng, encodeRgbPng } from '../../../data/png';
import { chooseBackend } from '../../../nn/backend';
import { GridDetector } from '../../../vision/detector/grid-detector';
import { drawDetections, drawMask } from '../../../vision/draw-overlay';
import { boxToFrame, letterbox, maskToFrame } from '../../../vision/frame';
import { standardizeGrey } from '../../../vision/image-input';
import type { Detection } from '../../../vision/metrics/boxes';
import { loadVisionModel } from '../../../vision/model-file';
import { RcnnDetector } from '../../../vision/rcnn/rcnn-detector';
import { detect } from '../../../vision/train/detector-evaluation';
import { segment } from '../../../vision/train/segmenter-evaluation';
import { UsageError } from '../../errors';
import { backendOption, passesOption, shareOption } from '../../options';
import { SHIPPED_CLASSIFIER } from './shipped';

export const visionPredictUsage = `vision predict (--model FILE.gav | --rcnn) --image FILE.png [--out OVERLAY.png]
      [--score-threshold 0..1] [--passes 1|2|4] [--backend wasm|cpu|auto]
    Runs one PNG of any size (scaled to the model's input, aspect kept) through a detector,
    the FCN or the R-CNN flow; --out writes it with the boxes or the mask drawn on; prints the
    detections (COCO results, image pixels) or the pixels of each class as one JSON line.
    --passes 2 or 4: the grid detector also looks at the picture shifted by half a cell and
    merges what it saw (steadier boxes, one forward pass each).`;

const MAX_BYTES = 256 * 1024 * 1024;

export async function visionPredict(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string' },
      rcnn: { type: 'boolean' },
      image: { type: 'string' },
      out: { type: 'string' },
      'score-threshold': { type: 'string' },
      passes: { type: 'string' },
      backend: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  if ((values.model === undefined) === (values.rcnn === undefined))
    throw new UsageError('give exactly one of --model, --rcnn');
  if (!values.image) throw new UsageError('--image FILE.png is required');
  const threshold = shareOption(values['score-threshold'], 'score-threshold', 0.3);
  const passes = passesOption(values.passes);
  await chooseBackend({ request: backendOption(values.backend) });
  const image = decodeRgbPng(await readRegularFile(values.image, MAX_BYTES), values.image);
  const canvas = { rgb: image.data.slice(), width: image.width, height: image.height };
  let report: Record<string, unknown>;
  if (values.rcnn) {
    const rcnn = RcnnDetector.load(await readRegularFile(SHIPPED_CLASSIFIER, MAX_BYTES));
    const dets = rcnn.detect(image.data, image.width, image.height, { scoreThreshold: threshold });
    rcnn.dispose();
    drawDetections(canvas, dets);
    report = { detections: results(dets) };
  } else {
    const net = loadVisionModel(await readRegularFile(values.model as string, MAX_BYTES)).model;
    const [h, w] = net.config.inputSize;
    const { rgb, box } = letterbox(image.data, image.width, image.height, 3, w, h);
    const input = new Float32Array(w * h);
    standardizeGrey(rgb, w * h, input);
    if (net instanceof GridDetector) {
      const [dets] = await detect(net, input, 1, { scoreThreshold: threshold, passes });
      const inFrame = dets.map((d) => ({ ...d, bbox: boxToFrame(d.bbox, box) }));
      drawDetections(canvas, inFrame);
      report = { detections: results(inFrame) };
    } else {
      const [map] = await segment(net, input, 1);
      const { labels, width, height } = maskToFrame(map, box);
      drawMask(canvas, labels, width, height);
      const counts = new Array<number>(net.config.classes).fill(0);
      for (const k of labels) counts[k]++;
      report = {
        pixelsPerClass: Object.fromEntries(
          counts.map((n, k) => [k === 0 ? 'background' : String(k - 1), n]),
        ),
      };
    }
    net.dispose();
  }
  if (values.out)
    await writeFileAtomic(
      values.out,
      encodeRgbPng({ width: canvas.width, height: canvas.height, data: canvas.rgb }),
    );
  console.log(
    JSON.stringify({
      image: values.image,
      width: image.width,
      height: image.height,
      ...report,
      out: values.out ?? null,
      tensors: tf.memory().numTensors,
    }),
  );
}

/** COCO results entries (image_id 0), boxes rounded to 0.1 px. */
function results(dets: readonly Detection[]) {
  return dets.map((d) => ({
    image_id: 0,
    category_id: d.categoryId,
    digit: d.categoryId - 1,
    bbox: d.bbox.map((v) => Math.round(v * 10) / 10),
    score: Math.round(d.score * 1000) / 1000,
  }));
}
