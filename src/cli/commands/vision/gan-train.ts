/**
 * `vision gan train`: trains a DCGAN (or, with --conditional, a conditional one) on MNIST's
 * training digits, writes the GAN file (and the fixed-noise sample grid) at every sample step
 * and at the end, then scores it with the shipped classifier against the test digits.
 */
import cliProgress from 'cli-progress';
import { loadMnistNode } from '../../../data/mnist-node';
import { encodeRgbPng } from '../../../data/png';
import { chooseBackend } from '../../../nn/backend';
import type { SequentialNet } from '../../../nn/nets/net';
import { LR_DECAYS, type LrDecay } from '../../../nn/optimizers/schedule';
import { RunControl } from '../../../nn/run-control';
import type { GaussianStats } from '../../../vision/gan/frechet';
import { DEFAULT_GAN, describeGan, type GanConfig } from '../../../vision/gan/gan-config';
import { scoreGan } from '../../../vision/gan/gan-evaluation';
import { saveGan } from '../../../vision/gan/gan-file';
import { Gan } from '../../../vision/gan/gan-model';
import { drawSamples, type GanStepReport, trainGan } from '../../../vision/gan/gan-training';
import { fixedNoise } from '../../../vision/gan/latent';
import { sampleGrid } from '../../../vision/gan/sample-grid';
import type { GanScores } from '../../../vision/gan/scores';
import { UsageError } from '../../errors';
import {
  type FlagTable,
  flagUsage,
  MAX_SEED,
  MNIST_TRAIN_COUNT,
  parseCommandArgs,
  parseFlags,
} from '../../flags';
import { checkOutputs, saveFile, stopOnCtrlC } from '../../interrupt';
import { backendOption } from '../../options';
import {
  channelPairOption,
  checkScorable,
  readClassifier,
  readGanFile,
  scoreFields,
  testStats,
} from './gan-common';
import { SHIPPED_CLASSIFIER } from './shipped';

export const GAN_TRAIN_FLAGS: FlagTable = [
  {
    name: 'steps',
    integer: true,
    min: 1,
    max: 10_000_000,
    fallback: '2000',
    meaning: 'training steps (one D and one G update each)',
  },
  {
    name: 'batch',
    integer: true,
    min: 1,
    max: 1024,
    fallback: '64',
    meaning: 'real and fake images per step, each',
  },
  {
    name: 'lr',
    integer: false,
    min: 0,
    minExclusive: true,
    max: 1,
    fallback: '0.0002',
    meaning: "Adam's learning rate (both nets)",
  },
  {
    name: 'beta1',
    integer: false,
    min: 0,
    max: 1,
    maxExclusive: true,
    fallback: '0.5',
    meaning: "Adam's β1",
  },
  {
    name: 'beta2',
    integer: false,
    min: 0,
    max: 1,
    maxExclusive: true,
    fallback: '0.999',
    meaning: "Adam's β2",
  },
  {
    name: 'average',
    integer: false,
    min: 0,
    minExclusive: true,
    max: 1,
    maxExclusive: true,
    fallback: 'none',
    meaning:
      "decay of a moving average of G's weights, e.g. 0.999: samples, scores and the file are the average's",
  },
  {
    name: 'latent',
    integer: true,
    min: 1,
    max: 1024,
    fallback: String(DEFAULT_GAN.latent),
    meaning: 'length of the noise z',
  },
  {
    name: 'codes',
    integer: true,
    min: 1,
    max: 100,
    fallback: 'none',
    meaning:
      "InfoGAN: a categorical code of N values joins the noise, and D's Q outputs learn to read it back (unconditional; 10 for MNIST's digits)",
  },
  {
    name: 'seed',
    integer: true,
    min: 0,
    max: MAX_SEED,
    fallback: '0',
    meaning: 'seed of the weights, batches and noise',
  },
  {
    name: 'train-size',
    integer: true,
    min: 1,
    max: MNIST_TRAIN_COUNT,
    fallback: '60,000',
    meaning: 'train on the first N digits',
  },
  {
    name: 'sample-every',
    integer: true,
    min: 1,
    max: 10_000_000,
    fallback: '100',
    meaning: 'draw the fixed-noise grid, check for collapse and save every N steps',
  },
  {
    name: 'score-samples',
    integer: true,
    min: 0,
    max: 100_000,
    fallback: '1000; 0: no scores',
    meaning: 'samples scored at the end (and at each --score-every)',
  },
  {
    name: 'score-every',
    integer: true,
    min: 1,
    max: 10_000_000,
    fallback: 'only at the end',
    meaning: 'also score every N steps (a multiple of --sample-every): the curve of the scores',
  },
];

export const ganTrainUsage = `vision gan train [--conditional | --codes N] [options] [--out FILE.gan] [--samples GRID.png]
${flagUsage(GAN_TRAIN_FLAGS, '      ')}
      --g-channels A,B (${DEFAULT_GAN.generator.join(',')})   --d-channels A,B (${DEFAULT_GAN.discriminator.join(',')})
      --lr-decay cosine|none (none: DCGAN's constant rate; cosine: down to lr/100 over the run)
      --from FILE.gan (go on from it; its nets' shape)   --stop-on-failure   --backend wasm|cpu|auto
    Trains a DCGAN on MNIST's training digits (a conditional GAN with --conditional: ask it
    for a digit; an InfoGAN with --codes 10: no labels, a code it learns to use), Adam at DCGAN's lr 0.0002 and β1 0.5. Says when the discriminator wins or
    the samples collapse (--stop-on-failure stops there); a non-finite step stops the run
    with the last good weights. Ctrl-C stops after the current step and still saves and
    scores. Ends with one JSON line: losses, D(x), D(G(z)) and the scores against the test
    digits (Fréchet distance of the shipped classifier's features, confident share,
    coverage, agreement), and with --score-every their curve over the training time.`;

const OPTIONS = {
  conditional: { type: 'boolean' },
  steps: { type: 'string' },
  batch: { type: 'string' },
  lr: { type: 'string' },
  beta1: { type: 'string' },
  beta2: { type: 'string' },
  'lr-decay': { type: 'string' },
  average: { type: 'string' },
  latent: { type: 'string' },
  codes: { type: 'string' },
  seed: { type: 'string' },
  'train-size': { type: 'string' },
  'sample-every': { type: 'string' },
  'score-samples': { type: 'string' },
  'score-every': { type: 'string' },
  'g-channels': { type: 'string' },
  'd-channels': { type: 'string' },
  'stop-on-failure': { type: 'boolean' },
  from: { type: 'string' },
  out: { type: 'string' },
  samples: { type: 'string' },
  backend: { type: 'string' },
} as const;

/** Everything `vision gan train` needs from its arguments, checked; nothing read or written. */
export function parseGanTrainArgs(argv: readonly string[]) {
  const { values } = parseCommandArgs(argv, OPTIONS);
  const flags = parseFlags(GAN_TRAIN_FLAGS, values);
  const shape = {
    conditional: values.conditional === true,
    latent: flags.latent,
    codes: flags.codes,
    generator: channelPairOption(values['g-channels'], 'g-channels'),
    discriminator: channelPairOption(values['d-channels'], 'd-channels'),
  };
  if (values.from) {
    const given = Object.entries({
      conditional: values.conditional,
      latent: flags.latent,
      codes: flags.codes,
      'g-channels': shape.generator,
      'd-channels': shape.discriminator,
    })
      .filter(([, v]) => v !== undefined)
      .map(([k]) => `--${k}`);
    if (given.length > 0)
      throw new UsageError(`--from takes the nets' shape from the file: drop ${given.join(', ')}`);
  }
  if (shape.conditional && shape.codes !== undefined)
    throw new UsageError(
      '--conditional and --codes exclude each other: labels ask for a digit, a code finds its own kinds',
    );
  const config: GanConfig = {
    ...DEFAULT_GAN,
    classes: shape.conditional ? 10 : 0,
    codes: shape.codes ?? 0,
    latent: shape.latent ?? DEFAULT_GAN.latent,
    generator: shape.generator ?? DEFAULT_GAN.generator,
    discriminator: shape.discriminator ?? DEFAULT_GAN.discriminator,
  };
  const batchSize = flags.batch ?? 64;
  const trainSize = flags['train-size'] ?? MNIST_TRAIN_COUNT;
  if (batchSize > trainSize)
    throw new UsageError(
      `--batch ${batchSize} is larger than the ${trainSize} training digits (--train-size)`,
    );
  const sampleEvery = flags['sample-every'] ?? 100;
  const scoreSamples = flags['score-samples'] ?? 1000;
  const scoreEvery = flags['score-every'];
  if (scoreEvery !== undefined && scoreEvery % sampleEvery !== 0)
    throw new UsageError(
      `--score-every ${scoreEvery} must be a multiple of --sample-every ${sampleEvery} (scores are taken at sample steps)`,
    );
  if (scoreEvery !== undefined && scoreSamples === 0)
    throw new UsageError('--score-every needs samples to score: --score-samples must be >= 2');
  if (scoreSamples === 1)
    throw new UsageError(
      '--score-samples must be 0 (no scores) or at least 2 (a covariance needs two)',
    );
  const lrDecay = values['lr-decay'] ?? 'none';
  if (!(LR_DECAYS as readonly string[]).includes(lrDecay))
    throw new UsageError(`--lr-decay must be cosine or none, got ${JSON.stringify(lrDecay)}`);
  return {
    config,
    lrDecay: lrDecay as LrDecay,
    average: flags.average,
    steps: flags.steps ?? 2000,
    batchSize,
    lr: flags.lr ?? 2e-4,
    beta1: flags.beta1 ?? 0.5,
    beta2: flags.beta2 ?? 0.999,
    seed: flags.seed ?? 0,
    trainSize,
    sampleEvery,
    scoreSamples,
    scoreEvery,
    stopOnFailure: values['stop-on-failure'] === true,
    from: values.from,
    out: values.out,
    samples: values.samples,
    backend: backendOption(values.backend),
  };
}

const fixed = (x: number) => x.toFixed(3);

export async function ganTrain(argv: string[]): Promise<void> {
  const args = parseGanTrainArgs(argv);
  await checkOutputs([args.out, args.samples]);
  const backend = await chooseBackend({ request: args.backend });
  console.error(`backend: ${backend.backend} (${backend.reason})`);
  const fromFile = args.from ? await readGanFile(args.from) : null;
  const gan = fromFile?.gan ?? new Gan(args.config, args.seed);
  const classifier = args.scoreSamples > 0 ? await readClassifier(SHIPPED_CLASSIFIER) : null;
  let undoCtrlC = () => {};
  try {
    if (classifier) checkScorable(gan, args.from ?? 'the GAN');
    const { train, test } = await loadMnistNode({ trainSize: args.trainSize });
    console.error(
      `${describeGan(gan.config)}: G ${gan.generator.parameterCount.toLocaleString('en')} and D ${gan.discriminator.parameterCount.toLocaleString('en')} parameters; ${args.steps} steps of ${args.batchSize}, Adam lr ${args.lr}${args.lrDecay === 'cosine' ? ' (cosine decay)' : ''} β1 ${args.beta1}`,
    );
    const stepsBefore = Number(fromFile?.meta.stepsDone ?? 0) || 0;
    const meta = {
      seed: args.seed,
      batch: args.batchSize,
      lr: args.lr,
      beta1: args.beta1,
      beta2: args.beta2,
      lrDecay: args.lrDecay,
      average: args.average ?? null,
      trainSize: args.trainSize,
      from: args.from ?? null,
    };
    const noiseSeed = args.seed + 1;
    const save = async (
      stepsDone: number,
      extra: Record<string, number | string | boolean | null>,
    ) => {
      if (args.out)
        await saveFile(
          args.out,
          await saveGan(gan, { ...meta, stepsDone: stepsBefore + stepsDone, ...extra }),
        );
    };
    const saveGrid = async (images: Float32Array) => {
      if (args.samples)
        await saveFile(
          args.samples,
          encodeRgbPng(sampleGrid(images, gan.config.imageSize, noise, 2)),
        );
    };
    const noise = fixedNoise(gan.config, noiseSeed);
    // The test digits' statistics, read once; the curve of the scores over the run.
    const reference = classifier ? await testStats(classifier, test) : null;
    const curve: Array<Record<string, number>> = [];
    const started = performance.now();
    /** Time spent scoring, left out of the curve's training seconds. */
    let scoringMs = 0;
    let lastScored: { step: number; scores: GanScores } | null = null;
    const control = new RunControl();
    const bar = process.stderr.isTTY
      ? new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: `gan |{bar}| {value}/{total} | D {d} G {g}${gan.config.codes > 0 ? ' Q {q}' : ''} | D(x) {dx} D(G(z)) {dgz} | {ips} img/s | ETA {eta_formatted}`,
            fps: 5,
            etaBuffer: 50,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
    let lastStep: GanStepReport | null = null;
    let fields: Record<string, string> = { d: '-', g: '-', q: '-', dx: '-', dgz: '-', ips: '-' };
    bar?.start(args.steps, 0, fields);
    /** A line above the bar: stop it, print, start it again where it was. */
    const say = (line: string) => {
      bar?.stop();
      console.error(line);
      bar?.start(args.steps, lastStep?.step ?? 0, fields);
    };
    undoCtrlC = stopOnCtrlC(control, 'the GAN trained so far, then scoring it');
    const score = (): Promise<GanScores> =>
      scoreGan(gan, classifier as SequentialNet, reference as GaussianStats, {
        count: args.scoreSamples,
        seed: args.seed + 2,
      });
    const scoreAt = async (step: number): Promise<GanScores | null> => {
      if (!classifier || !args.scoreEvery || step % args.scoreEvery !== 0) return null;
      const t = performance.now();
      const s = await score();
      const point = {
        step: stepsBefore + step,
        trainingSeconds: Math.round((t - started - scoringMs) / 1000),
        ...scoreFields(s),
      };
      scoringMs += performance.now() - t;
      lastScored = { step, scores: s };
      curve.push(point);
      say(`scores at step ${point.step}: ${JSON.stringify(point)}`);
      return s;
    };
    let result: Awaited<ReturnType<typeof trainGan>>;
    try {
      result = await trainGan(gan, train, {
        steps: args.steps,
        batchSize: args.batchSize,
        lr: args.lr,
        beta1: args.beta1,
        beta2: args.beta2,
        lrDecay: args.lrDecay,
        average: args.average,
        seed: args.seed + stepsBefore,
        noiseSeed,
        sampleEvery: args.sampleEvery,
        stopOnFailure: args.stopOnFailure,
        control,
        onStep: (s) => {
          lastStep = s;
          fields = {
            d: fixed(s.discriminatorLoss),
            g: fixed(s.generatorLoss),
            q: s.infoLoss === undefined ? '-' : fixed(s.infoLoss),
            dx: fixed(s.realness),
            dgz: fixed(s.fakeness),
            ips: s.imagesPerSecond.toFixed(0),
          };
          bar?.update(s.step, fields);
        },
        onSamples: async (s) => {
          if (!bar && lastStep)
            console.error(
              `step ${s.step}: D loss ${fixed(lastStep.discriminatorLoss)}, G loss ${fixed(lastStep.generatorLoss)}${lastStep.infoLoss === undefined ? '' : `, Q loss ${fixed(lastStep.infoLoss)}`}, D(x) ${fixed(lastStep.realness)}, D(G(z)) ${fixed(lastStep.fakeness)}, sample diversity ${s.diversity.toFixed(2)} (real digits ${s.realDiversity.toFixed(2)}), ${lastStep.imagesPerSecond.toFixed(0)} img/s`,
            );
          const scored = await scoreAt(s.step);
          await save(s.step, { checkpoint: true, ...(scored ? scoreFields(scored) : {}) });
          await saveGrid(s.images);
        },
        onWarning: (w) => say(`warning at step ${w.step}: ${w.message}`),
      });
    } finally {
      bar?.stop();
    }
    const last = result.last;
    await save(result.steps, { reason: result.reason });
    await saveGrid(await drawSamples(gan, noise));
    if (result.reason === 'diverged')
      throw new Error(`${result.message}${args.out ? `; saved to ${args.out}` : ''}`);
    if (result.message) console.error(result.message);
    let scores: GanScores | null = null;
    if (classifier && result.steps > 0) {
      console.error(
        `scoring ${args.scoreSamples} samples against the ${test.count} test digits...`,
      );
      // The curve's last point may already be this step's scores (same samples).
      // (A cast: TypeScript does not see the assignment inside scoreAt.)
      const atEnd = lastScored as { step: number; scores: GanScores } | null;
      scores = atEnd?.step === result.steps ? atEnd.scores : await score();
      await save(result.steps, { reason: result.reason, ...scoreFields(scores) });
    }
    console.log(
      JSON.stringify({
        gan: 'dcgan',
        conditional: gan.conditional,
        ...(gan.config.codes > 0 ? { codes: gan.config.codes } : {}),
        steps: result.steps,
        stepsDone: stepsBefore + result.steps,
        reason: result.reason,
        ...(last
          ? {
              discriminatorLoss: Number(fixed(last.discriminatorLoss)),
              generatorLoss: Number(fixed(last.generatorLoss)),
              realness: Number(fixed(last.realness)),
              fakeness: Number(fixed(last.fakeness)),
            }
          : {}),
        warnings: result.warnings.map((w) => `${w.kind} at step ${w.step}`),
        ...(scores ? { scoreSamples: scores.samples, ...scoreFields(scores) } : {}),
        ...(curve.length > 0 ? { curve } : {}),
        imagesPerSecond: Math.round(result.imagesPerSecond),
        seconds: Math.round(result.seconds),
        backend: backend.backend,
        out: args.out ?? null,
      }),
    );
  } finally {
    undoCtrlC();
    gan.dispose();
    classifier?.dispose();
  }
}
