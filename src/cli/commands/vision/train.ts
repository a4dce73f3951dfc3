/**
 * `vision train --task detect`: trains the grid detector on freshly generated scenes from
 * MNIST's training digits, scores it on held-out scenes of MNIST's test digits, and writes a
 * vision model file (after every evaluation too, so a stopped run keeps its progress).
 */
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { readRegularFile, writeFileAtomic } from '../../../data/node-files';
import { loadDigitSourceNode } from '../../../data/scenes/digit-source-node';
import { chooseBackend } from '../../../nn/backend';
import { RunControl } from '../../../nn/run-control';
import { DEFAULT_GRID_DETECTOR } from '../../../vision/detector/grid-config';
import { createVisionModel, loadVisionModel, saveVisionModel } from '../../../vision/model-file';
import { DEFAULT_FCN } from '../../../vision/segmenter/fcn-config';
import { heldOutScenes } from '../../../vision/train/held-out';
import {
  headline,
  taskFor,
  type VisionEvaluation,
  type VisionNet,
} from '../../../vision/train/vision-tasks';
import { trainVision } from '../../../vision/train/vision-training';
import { UsageError } from '../../errors';
import { backendOption, intOption, numberOption, shareOption } from '../../options';

export const visionTrainUsage = `vision train --task detect|segment [--steps N] [--batch N] [--lr N]
      [--lr-decay cosine] [--seed N] [--paper-share 0..1] [--min-digits N] [--max-digits N]
      [--clutter 0..1] [--thin-ink 0..1] [--eval-scenes N] [--eval-every N] [--from FILE.gav] [--out FILE.gav] [--backend wasm|cpu|auto]
    Trains the grid detector (detect) or the FCN (segment) on generated scenes of MNIST
    training digits (--min-digits 1 to --max-digits 6 a scene, --clutter 0.3 of strokes and
    fragments, as the held-out ones; --thin-ink 0 of the digits written with a thin pen),
    --paper-share (0.5) of them in the paper look: --steps (2000) of --batch
    (16 detect, 8 segment) scenes, Adam --lr (0.002). Scores held-out scenes of test digits
    (--eval-scenes 200) every --eval-every (500) steps: COCO mAP, or mean IoU; the model file
    is rewritten at each. Ctrl-C stops after the current step, still scores and saves.
    Ends with one JSON line.`;

const MAX_MODEL_BYTES = 256 * 1024 * 1024;

export async function visionTrain(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      task: { type: 'string' },
      steps: { type: 'string' },
      batch: { type: 'string' },
      lr: { type: 'string' },
      'lr-decay': { type: 'string' },
      seed: { type: 'string' },
      'paper-share': { type: 'string' },
      'min-digits': { type: 'string' },
      'max-digits': { type: 'string' },
      clutter: { type: 'string' },
      'thin-ink': { type: 'string' },
      'eval-scenes': { type: 'string' },
      'eval-every': { type: 'string' },
      from: { type: 'string' },
      out: { type: 'string' },
      backend: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const task = values.task;
  if (task !== 'detect' && task !== 'segment')
    throw new UsageError(`--task must be detect or segment, got ${JSON.stringify(task)}`);
  const steps = intOption(values.steps, 'steps', 2000);
  const batchSize = intOption(values.batch, 'batch', task === 'detect' ? 16 : 8);
  if (steps > 10_000_000) throw new UsageError(`--steps must be at most 10000000, got ${steps}`);
  if (batchSize > 256) throw new UsageError(`--batch must be at most 256, got ${batchSize}`);
  const lr = numberOption(values.lr, 'lr', 0.002, (n) => n > 0 && n <= 1, 'a number in (0, 1]');
  if (values['lr-decay'] !== undefined && values['lr-decay'] !== 'cosine')
    throw new UsageError(`--lr-decay must be cosine, got "${values['lr-decay']}"`);
  const seed = intOption(values.seed, 'seed', 0, 0);
  const paperShare = shareOption(values['paper-share'], 'paper-share', 0.5);
  const minDigits = intOption(values['min-digits'], 'min-digits', 1, 0);
  const maxDigits = intOption(values['max-digits'], 'max-digits', Math.max(6, minDigits), 1);
  if (minDigits > maxDigits || maxDigits > 64)
    throw new UsageError(
      `--min-digits and --max-digits must satisfy 0 <= min <= max <= 64, got ${minDigits} and ${maxDigits}`,
    );
  const clutter = shareOption(values.clutter, 'clutter', 0.3);
  const thinInk = shareOption(values['thin-ink'], 'thin-ink', 0);
  const evalCount = intOption(values['eval-scenes'], 'eval-scenes', 200, 0);
  if (evalCount > 10_000)
    throw new UsageError(`--eval-scenes must be at most 10000, got ${evalCount}`);
  const evalEvery = intOption(values['eval-every'], 'eval-every', 500);
  const request = backendOption(values.backend);

  const backend = await chooseBackend({ request });
  let net: VisionNet;
  if (values.from) {
    net = loadVisionModel(await readRegularFile(values.from, MAX_MODEL_BYTES)).model;
    const kind = task === 'detect' ? 'grid-detector' : 'fcn';
    if (net.config.kind !== kind) {
      net.dispose();
      throw new UsageError(
        `--from ${values.from} holds a ${net.config.kind}, --task ${task} trains a ${kind}`,
      );
    }
  } else {
    net = createVisionModel(task === 'detect' ? DEFAULT_GRID_DETECTOR : DEFAULT_FCN, seed);
  }
  const train = await loadDigitSourceNode('train');
  const evalScenes =
    evalCount > 0
      ? heldOutScenes(
          await loadDigitSourceNode('test'),
          evalCount,
          paperShare,
          net.config.inputSize,
        )
      : [];
  const control = new RunControl();
  const stop = () => {
    process.stderr.write('\nstopping after this step; the model is still scored and saved\n');
    control.stop();
  };
  process.on('SIGINT', stop);
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: `${task} |{bar}| {value}/{total} | loss {loss} | ${task === 'detect' ? 'mAP@.5' : 'mIoU'} {score} | {ips} img/s | ETA {eta_formatted}`,
          fps: 5,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(steps, 0, { loss: '-', score: '-', ips: '-' });
  let lastScore = '-';
  const meta = {
    task,
    seed,
    steps,
    batch: batchSize,
    lr,
    paperShare,
    minDigits,
    maxDigits,
    clutter,
    thinInk,
    from: values.from ?? null,
  };
  const save = async (extra: Record<string, number | string | boolean | null>) => {
    if (values.out)
      await writeFileAtomic(values.out, await saveVisionModel(net, { ...meta, ...extra }));
  };
  let result: Awaited<ReturnType<typeof trainVision>>;
  try {
    result = await trainVision(net, taskFor(net), train, {
      steps,
      batchSize,
      lr,
      lrDecay: values['lr-decay'] === 'cosine' ? 'cosine' : 'none',
      seed,
      scenes: { paperShare, minDigits, maxDigits, clutter, thinInk },
      evalScenes,
      evalEvery,
      control,
      onStep: (p) =>
        bar?.update(p.step, {
          loss: p.loss.toFixed(3),
          score: lastScore,
          ips: p.imagesPerSecond.toFixed(1),
        }),
      onEval: async (e) => {
        lastScore = headline(e).toFixed(3);
        if (!bar) process.stderr.write(`step ${e.step}: ${describe(e)}\n`);
        await save({ stepsDone: e.step, ...scores(e) });
      },
    });
  } finally {
    bar?.stop();
    process.off('SIGINT', stop);
  }
  const last = result.evaluations.at(-1);
  await save({ stepsDone: result.steps, ...(last ? scores(last) : {}), reason: result.reason });
  net.dispose();
  if (result.reason === 'diverged')
    throw new Error(`${result.message}${values.out ? `; saved to ${values.out}` : ''}`);
  console.log(
    JSON.stringify({
      task,
      steps: result.steps,
      reason: result.reason,
      ...(last ? scores(last) : {}),
      evalScenes: evalScenes.length,
      imagesPerSecond: Math.round(result.imagesPerSecond * 10) / 10,
      seconds: Math.round(result.seconds),
      backend: backend.backend,
      out: values.out ?? null,
    }),
  );
}

/** The figures of an evaluation, as saved in the model file and printed. */
function scores(e: VisionEvaluation): Record<string, number> {
  return e.task === 'detect'
    ? { map50: e.map50, map75: e.result.map75, map: e.map }
    : { meanIou: e.meanIou, pixelAccuracy: e.pixelAccuracy };
}

function describe(e: VisionEvaluation): string {
  return e.task === 'detect'
    ? `mAP@.5 ${e.map50.toFixed(4)}, mAP@[.5:.95] ${e.map.toFixed(4)}`
    : `mean IoU ${e.meanIou.toFixed(4)}, pixel accuracy ${e.pixelAccuracy.toFixed(4)}`;
}
