/**
 * `vision gan score`: a GAN file's scores with the shipped classifier (issue 14's measures):
 * the Fréchet distance of its samples' penultimate features to the test digits', beside the
 * same distance between training and test digits for scale; the confident share; class
 * coverage; for a conditional GAN the agreement with the asked digit.
 */
import { loadMnistNode } from '../../../data/mnist-node';
import { chooseBackend } from '../../../nn/backend';
import { realVsReal, scoreGan } from '../../../vision/gan/gan-evaluation';
import { UsageError } from '../../errors';
import {
  type FlagTable,
  flagUsage,
  MAX_SEED,
  MNIST_TRAIN_COUNT,
  parseCommandArgs,
  parseFlags,
} from '../../flags';
import { backendOption } from '../../options';
import { checkScorable, readClassifier, readGanFile, scoreFields, testStats } from './gan-common';
import { SHIPPED_CLASSIFIER } from './shipped';

export const GAN_SCORE_FLAGS: FlagTable = [
  {
    name: 'samples',
    integer: true,
    min: 2,
    max: 100_000,
    fallback: '10,000',
    meaning: 'generated images scored',
  },
  {
    name: 'real',
    integer: true,
    min: 2,
    max: MNIST_TRAIN_COUNT,
    fallback: 'as many as --samples',
    meaning: 'training digits for the real-vs-real distance',
  },
  {
    name: 'seed',
    integer: true,
    min: 0,
    max: MAX_SEED,
    fallback: '0',
    meaning: 'seed of the noise',
  },
  {
    name: 'keep',
    integer: false,
    min: 0,
    minExclusive: true,
    max: 1,
    fallback: '1',
    meaning: 'discriminator rejection sampling: draw samples / keep, score the most real',
  },
];

export const ganScoreUsage = `vision gan score --model FILE.gan [options] [--classifier FILE.gam]
${flagUsage(GAN_SCORE_FLAGS, '      ')}
      --backend wasm|cpu|auto
    Scores a GAN's samples with the shipped digit classifier (or --classifier, a book net
    trained on MNIST) against the 10,000 test digits: the Fréchet distance of the
    penultimate features, with training vs test digits' for scale; the share read with
    confidence >= 0.9; class coverage (entropy / ln 10); for a conditional GAN, agreement
    with the digit asked for. --keep 0.25 scores the discriminator's best quarter of four
    times as many samples (rejection sampling, Azadi et al. 2019). Ends with one JSON line.`;

const OPTIONS = {
  model: { type: 'string' },
  samples: { type: 'string' },
  real: { type: 'string' },
  seed: { type: 'string' },
  keep: { type: 'string' },
  classifier: { type: 'string' },
  backend: { type: 'string' },
} as const;

export async function ganScore(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs(argv, OPTIONS);
  const flags = parseFlags(GAN_SCORE_FLAGS, values);
  if (!values.model) throw new UsageError('--model FILE.gan is required');
  const samples = flags.samples ?? 10_000;
  const real = flags.real ?? Math.min(samples, MNIST_TRAIN_COUNT);
  const started = performance.now();
  const backend = await chooseBackend({ request: backendOption(values.backend) });
  const { gan, meta } = await readGanFile(values.model);
  const classifierPath = values.classifier ?? SHIPPED_CLASSIFIER;
  let classifier: Awaited<ReturnType<typeof readClassifier>> | null = null;
  try {
    checkScorable(gan, values.model);
    classifier = await readClassifier(classifierPath);
    const { train, test } = await loadMnistNode({ trainSize: real });
    console.error(`reading the ${test.count} test digits and ${train.count} training digits...`);
    const reference = await testStats(classifier, test);
    const realFrechet = await realVsReal(classifier, train, reference);
    console.error(`scoring ${samples} samples...`);
    const scores = await scoreGan(gan, classifier, reference, {
      count: samples,
      seed: flags.seed ?? 0,
      keep: flags.keep ?? 1,
    });
    console.log(
      JSON.stringify({
        model: values.model,
        conditional: gan.conditional,
        ...(gan.config.codes > 0 ? { codes: gan.config.codes } : {}),
        stepsDone: meta.stepsDone ?? null,
        samples,
        keep: flags.keep ?? 1,
        ...scoreFields(scores),
        frechetRealVsReal: Number(realFrechet.toFixed(3)),
        realSamples: train.count,
        histogram: scores.histogram,
        classifier: values.classifier ?? 'shipped deep-conv-augmented.gam',
        backend: backend.backend,
        seconds: Math.round((performance.now() - started) / 1000),
      }),
    );
  } finally {
    gan.dispose();
    classifier?.dispose();
  }
}
