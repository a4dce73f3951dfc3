/**
 * `vision eval`: scores a detector or a segmenter on a COCO/VOC data set folder or on
 * generated held-out scenes, or scores any detector's COCO results file against a folder.
 * One JSON line: the COCO APs (and per class) or mean IoU, pixel accuracy (and per class) and
 * the confusion matrix.
 */

import { parseArgs } from 'node:util';
import { parseCocoResults } from '../../../data/coco';
import { readRegularFile } from '../../../data/node-files';
import { readSceneDataset, type SceneDataset } from '../../../data/scene-dataset-node';
import { loadDigitSourceNode } from '../../../data/scenes/digit-source-node';
import { SCENE_DEFAULTS } from '../../../data/scenes/scene-generator';
import { chooseBackend } from '../../../nn/backend';
import { GridDetector } from '../../../vision/detector/grid-detector';
import { standardizeGrey } from '../../../vision/image-input';
import type { Detection } from '../../../vision/metrics/boxes';
import { type CocoEvalResult, evaluateDetections } from '../../../vision/metrics/coco-eval';
import { ConfusionMatrix } from '../../../vision/metrics/segmentation';
import { loadVisionModel } from '../../../vision/model-file';
import { RcnnDetector } from '../../../vision/rcnn/rcnn-detector';
import { detect, EVALUATION_DECODE } from '../../../vision/train/detector-evaluation';
import { heldOutScenes } from '../../../vision/train/held-out';
import { segment } from '../../../vision/train/segmenter-evaluation';
import type { VisionNet } from '../../../vision/train/vision-tasks';
import { UsageError } from '../../errors';
import { backendOption, intOption, passesOption, shareOption } from '../../options';
import { SHIPPED_CLASSIFIER } from './shipped';

export const visionEvalUsage = `vision eval --task detect|segment (--model FILE.gav | --rcnn | --predictions FILE.json)
      (--data DIR | --scenes N [--paper-share 0..1] [--clutter 0..1] [--thin-ink 0..1])
      [--passes 1|2|4]
      [--backend wasm|cpu|auto]
    Scores a model on a COCO/VOC data set folder (--data, e.g. from vision scenes) or on N
    generated held-out scenes of MNIST test digits (--scenes, default 1000, all clean unless
    --paper-share; --clutter: strokes and digit fragments, 0.3 as in training; --thin-ink: the
    share of digits written with a thin pen, 0 unless given). Detections
    are scored with up to 3 classes a box and merge NMS, as COCO scores multi-label
    detectors; --passes 2 or 4 adds the shift ensemble (the picture also shifted by half a
    cell, boxes merged; one forward pass each). --rcnn scores the R-CNN flow (its classifier: the shipped
    models/deep-conv-augmented.gam); --predictions scores a COCO results file of any detector.`;

const MAX_MODEL_BYTES = 256 * 1024 * 1024;
const MAX_RESULTS_BYTES = 512 * 1024 * 1024;

/** Images, truth and (for segmentation) label maps, from a folder or from generated scenes. */
async function dataFor(
  values: Record<string, string | boolean | undefined>,
  size: [number, number],
): Promise<SceneDataset> {
  if (typeof values.data === 'string')
    return readSceneDataset(values.data, { requireMasks: values.task === 'segment' });
  const count = intOption(values.scenes as string | undefined, 'scenes', 1000);
  if (count > 20_000) throw new UsageError(`--scenes must be at most 20000, got ${count}`);
  const share = shareOption(values['paper-share'] as string | undefined, 'paper-share', 0);
  const clutter = shareOption(
    values.clutter as string | undefined,
    'clutter',
    SCENE_DEFAULTS.clutter,
  );
  const thinInk = shareOption(values['thin-ink'] as string | undefined, 'thin-ink', 0);
  const scenes = heldOutScenes(await loadDigitSourceNode('test'), count, share, size, {
    clutter,
    thinInk,
  });
  return {
    hasMasks: true,
    coco: { images: [], annotations: [], categories: [] },
    samples: scenes.map((s, i) => ({
      imageId: i,
      name: `scene-${i}`,
      image: { width: s.width, height: s.height, data: s.image },
      annotations: s.objects.map((o, k) => ({
        id: k + 1,
        image_id: i,
        category_id: o.categoryId,
        bbox: o.bbox,
        area: o.area,
        iscrowd: 0,
      })),
      labels: s.labels,
    })),
  };
}

function checkSizes(set: SceneDataset, size: [number, number]): void {
  const bad = set.samples.find((s) => s.image.height !== size[0] || s.image.width !== size[1]);
  if (bad)
    throw new Error(
      `${bad.name} is ${bad.image.width}x${bad.image.height}; this model takes ${size[1]}x${size[0]} images`,
    );
}

function apReport(r: CocoEvalResult) {
  return {
    map50: r.map50,
    map75: r.map75,
    map: r.map,
    perClassAp50: Object.fromEntries(r.categories.map((c) => [String(c.categoryId - 1), c.ap[0]])),
  };
}

export async function visionEval(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      task: { type: 'string' },
      model: { type: 'string' },
      rcnn: { type: 'boolean' },
      predictions: { type: 'string' },
      data: { type: 'string' },
      scenes: { type: 'string' },
      'paper-share': { type: 'string' },
      clutter: { type: 'string' },
      'thin-ink': { type: 'string' },
      passes: { type: 'string' },
      backend: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const task = values.task;
  if (task !== 'detect' && task !== 'segment')
    throw new UsageError(`--task must be detect or segment, got ${JSON.stringify(task)}`);
  const sources = [values.model, values.rcnn, values.predictions].filter(
    (v) => v !== undefined,
  ).length;
  if (sources !== 1) throw new UsageError('give exactly one of --model, --rcnn, --predictions');
  if (task === 'segment' && !values.model) throw new UsageError('--task segment scores a --model');
  if (values.predictions && !values.data)
    throw new UsageError('--predictions needs the --data folder it was made on');
  const passes = passesOption(values.passes as string | undefined);
  if (passes !== 1 && (task !== 'detect' || !values.model))
    throw new UsageError('--passes is for the grid detector: --task detect --model FILE.gav');
  const backend = await chooseBackend({ request: backendOption(values.backend) });
  const started = performance.now();

  let report: Record<string, unknown>;
  if (values.predictions) {
    const set = await readSceneDataset(values.data as string);
    const text = new TextDecoder().decode(
      await readRegularFile(values.predictions, MAX_RESULTS_BYTES),
    );
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new Error(`${values.predictions}: is not valid JSON (${(e as Error).message})`);
    }
    const results = parseCocoResults(json, set.coco, values.predictions);
    report = apReport(
      scoreDetections(set, (s) =>
        results
          .filter((r) => r.image_id === s.imageId)
          .map((r) => ({ bbox: r.bbox, categoryId: r.category_id, score: r.score })),
      ),
    );
  } else if (values.rcnn) {
    const set = await dataFor(values, [128, 128]);
    const rcnn = RcnnDetector.load(await readRegularFile(SHIPPED_CLASSIFIER, MAX_MODEL_BYTES));
    report = apReport(
      scoreDetections(set, (s) =>
        rcnn.detect(s.image.data, s.image.width, s.image.height, { scoreThreshold: 0.05 }),
      ),
    );
    rcnn.dispose();
  } else {
    const net: VisionNet = loadVisionModel(
      await readRegularFile(values.model as string, MAX_MODEL_BYTES),
    ).model;
    const want = task === 'detect' ? 'grid-detector' : 'fcn';
    if (net.config.kind !== want) {
      net.dispose();
      throw new UsageError(
        `${values.model} holds a ${net.config.kind}; --task ${task} needs a ${want}`,
      );
    }
    const size = net.config.inputSize;
    const set = await dataFor(values, size);
    checkSizes(set, size);
    const pixels = size[0] * size[1];
    const input = new Float32Array(set.samples.length * pixels);
    set.samples.forEach((s, i) => {
      standardizeGrey(s.image.data, pixels, input, i * pixels);
    });
    if (net instanceof GridDetector) {
      const dets = await detect(net, input, set.samples.length, { ...EVALUATION_DECODE, passes });
      report = apReport(scoreDetections(set, (_, i) => dets[i]));
    } else {
      const maps = await segment(net, input, set.samples.length);
      const confusion = new ConfusionMatrix(net.config.classes);
      set.samples.forEach((s, i) => {
        if (s.labels) confusion.add(s.labels, maps[i]);
      });
      const scores = confusion.scores();
      report = {
        meanIou: scores.meanIou,
        pixelAccuracy: scores.pixelAccuracy,
        perClassIou: Object.fromEntries(
          scores.iou.map((v, k) => [k === 0 ? 'background' : String(k - 1), v]),
        ),
        // Pixel counts, a row per true class and a column per predicted one, both in the
        // label maps' order (background, then digits 0..9): where the misread pixels went.
        confusion: Array.from({ length: confusion.classes }, (_, t) =>
          Array.from({ length: confusion.classes }, (_, p) => confusion.get(t, p)),
        ),
      };
    }
    net.dispose();
  }
  console.log(
    JSON.stringify({
      task,
      ...report,
      ...(passes !== 1 ? { passes } : {}),
      seconds: Math.round((performance.now() - started) / 100) / 10,
      backend: backend.backend,
    }),
  );
}

function scoreDetections(
  set: SceneDataset,
  detectionsOf: (sample: SceneDataset['samples'][number], index: number) => Detection[],
): CocoEvalResult {
  return evaluateDetections(
    set.samples.map((s, i) => ({
      imageId: s.imageId,
      groundTruth: s.annotations.map((a) => ({
        bbox: a.bbox,
        categoryId: a.category_id,
        iscrowd: a.iscrowd === 1,
      })),
      detections: detectionsOf(s, i),
    })),
    Array.from({ length: 10 }, (_, k) => k + 1),
  );
}
