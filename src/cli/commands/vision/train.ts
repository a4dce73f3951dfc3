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
import type { GridDetector } from '../../../vision/detector/grid-detector';
import { createVisionModel, loadVisionModel, saveVisionModel } from '../../../vision/model-file';
import { trainDetector } from '../../../vision/train/detector-training';
import { heldOutScenes } from '../../../vision/train/held-out';
import { UsageError } from '../../errors';
import { backendOption, intOption, numberOption } from '../../options';

export const visionTrainUsage = `vision train --task detect [--steps N] [--batch N] [--lr N] [--lr-decay cosine]
      [--seed N] [--paper-share 0..1] [--eval-scenes N] [--eval-every N] [--from FILE.gav]
      [--out FILE.gav] [--backend wasm|cpu|auto]
    Trains the grid detector (default 2000 steps of 16 scenes, Adam lr 0.002) on generated
    scenes of MNIST training digits, half in the paper look; scores COCO mAP on --eval-scenes
    (200) held-out scenes of test digits every --eval-every (500) steps; Ctrl-C stops after
    the current step, still scores and saves. Ends with one JSON line.`;

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
      'eval-scenes': { type: 'string' },
      'eval-every': { type: 'string' },
      from: { type: 'string' },
      out: { type: 'string' },
      backend: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.task !== 'detect')
    throw new UsageError(`--task must be detect, got ${JSON.stringify(values.task)}`);
  const steps = intOption(values.steps, 'steps', 2000);
  const batchSize = intOption(values.batch, 'batch', 16);
  if (steps > 10_000_000) throw new UsageError(`--steps must be at most 10000000, got ${steps}`);
  if (batchSize > 256) throw new UsageError(`--batch must be at most 256, got ${batchSize}`);
  const lr = numberOption(values.lr, 'lr', 0.002, (n) => n > 0 && n <= 1, 'a number in (0, 1]');
  if (values['lr-decay'] !== undefined && values['lr-decay'] !== 'cosine')
    throw new UsageError(`--lr-decay must be cosine, got "${values['lr-decay']}"`);
  const seed = intOption(values.seed, 'seed', 0, 0);
  const paperShare = numberOption(
    values['paper-share'],
    'paper-share',
    0.5,
    (n) => n >= 0 && n <= 1,
    'a number in 0..1',
  );
  const evalCount = intOption(values['eval-scenes'], 'eval-scenes', 200, 0);
  if (evalCount > 10_000)
    throw new UsageError(`--eval-scenes must be at most 10000, got ${evalCount}`);
  const evalEvery = intOption(values['eval-every'], 'eval-every', 500);
  const request = backendOption(values.backend);

  const backend = await chooseBackend({ request });
  let net: GridDetector;
  if (values.from) {
    const loaded = loadVisionModel(await readRegularFile(values.from, MAX_MODEL_BYTES));
    net = loaded.model;
  } else {
    net = createVisionModel(DEFAULT_GRID_DETECTOR, seed);
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
          format:
            'detect |{bar}| {value}/{total} | loss {loss} | mAP@.5 {map50} | {ips} img/s | ETA {eta_formatted}',
          fps: 5,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(steps, 0, { loss: '-', map50: '-', ips: '-' });
  let lastMap = '-';
  const meta = {
    task: 'detect',
    seed,
    steps,
    batch: batchSize,
    lr,
    paperShare,
    from: values.from ?? null,
  };
  const save = async (extra: Record<string, number | string | boolean | null>) => {
    if (values.out)
      await writeFileAtomic(values.out, await saveVisionModel(net, { ...meta, ...extra }));
  };
  let result: Awaited<ReturnType<typeof trainDetector>>;
  try {
    result = await trainDetector(net, train, {
      steps,
      batchSize,
      lr,
      lrDecay: values['lr-decay'] === 'cosine' ? 'cosine' : 'none',
      seed,
      scenes: { paperShare },
      evalScenes,
      evalEvery,
      control,
      onStep: (p) =>
        bar?.update(p.step, {
          loss: p.loss.toFixed(3),
          map50: lastMap,
          ips: p.imagesPerSecond.toFixed(1),
        }),
      onEval: async (e) => {
        lastMap = e.map50.toFixed(3);
        if (!bar)
          process.stderr.write(
            `step ${e.step}: mAP@.5 ${e.map50.toFixed(4)}, mAP@[.5:.95] ${e.map.toFixed(4)}\n`,
          );
        await save({ stepsDone: e.step, map50: e.map50, map: e.map });
      },
    });
  } finally {
    bar?.stop();
    process.off('SIGINT', stop);
  }
  const last = result.evaluations.at(-1);
  await save({
    stepsDone: result.steps,
    map50: last?.map50 ?? null,
    map: last?.map ?? null,
    reason: result.reason,
  });
  net.dispose();
  if (result.reason === 'diverged')
    throw new Error(`${result.message}${values.out ? `; saved to ${values.out}` : ''}`);
  console.log(
    JSON.stringify({
      task: 'detect',
      steps: result.steps,
      reason: result.reason,
      map50: last?.map50 ?? null,
      map: last?.map ?? null,
      map75: last?.result.map75 ?? null,
      evalScenes: evalScenes.length,
      imagesPerSecond: Math.round(result.imagesPerSecond * 10) / 10,
      seconds: Math.round(result.seconds),
      backend: backend.backend,
      out: values.out ?? null,
    }),
  );
}
