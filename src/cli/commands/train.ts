import { loadMnistNode } from '../../data/mnist-node';
import { readRegularFile } from '../../data/node-files';
import { imageAugmenter } from '../../nn/augment';
import { chooseBackend } from '../../nn/backend';
import { evaluate } from '../../nn/evaluate';
import { parseInitScheme } from '../../nn/init';
import { createNet, defaultConfig, NET_KINDS, type NetConfig } from '../../nn/nets';
import { createOptimizer, DEFAULT_LR, isOptimizerName, OPTIMIZER_NAMES } from '../../nn/optimizers';
import { cosineDecay } from '../../nn/optimizers/schedule';
import {
  assignWeights,
  MAX_MODEL_FILE_BYTES,
  ModelFileError,
  parseModelFile,
  saveModel,
} from '../../nn/serialize';
import { Trainer, TrainingDiverged } from '../../nn/trainer';
import { UsageError } from '../errors';
import {
  type FlagTable,
  flagUsage,
  MAX_SEED,
  MNIST_TRAIN_COUNT,
  parseCommandArgs,
  parseFlags,
} from '../flags';
import { checkOutputs, saveFile, stopOnCtrlC } from '../interrupt';
import { backendOption, netKindOption, withConvPathOption } from '../options';
import { trainingBar } from '../progress';

/** The numeric flags of `train`, their ranges and defaults (parsing and usage both read it). */
export const TRAIN_FLAGS: FlagTable = [
  {
    name: 'lr',
    integer: false,
    min: 0,
    minExclusive: true,
    max: 10,
    fallback: "the optimizer's book value",
    meaning: 'learning rate',
  },
  {
    name: 'batch',
    integer: true,
    min: 1,
    max: 10_000,
    fallback: '100; at most --train-size',
    meaning: 'mini-batch size',
  },
  {
    name: 'epochs',
    integer: true,
    min: 1,
    max: 1000,
    fallback: '1',
    meaning: 'passes over the training set',
  },
  {
    name: 'iters',
    integer: true,
    min: 1,
    max: 10_000_000,
    meaning: 'total steps; overrides --epochs',
  },
  {
    name: 'train-size',
    integer: true,
    min: 1,
    max: MNIST_TRAIN_COUNT,
    fallback: '60,000',
    meaning: 'train on the first N images',
  },
  {
    name: 'eval-samples',
    integer: true,
    min: 1,
    max: MNIST_TRAIN_COUNT,
    fallback: 'all',
    meaning: 'per-epoch accuracy on at most N samples',
  },
  {
    name: 'weight-decay',
    integer: false,
    min: 0,
    max: 10,
    fallback: '0',
    meaning: 'L2 weight decay λ (not two-layer)',
  },
  {
    name: 'dropout',
    integer: false,
    min: 0,
    max: 1,
    maxExclusive: true,
    fallback: "the net's",
    meaning: 'dropout ratio (multi-layer-extend, deep-conv)',
  },
  {
    name: 'seed',
    integer: true,
    min: 0,
    max: MAX_SEED,
    fallback: '0',
    meaning: 'seed of the init and the batch order',
  },
  {
    name: 'start-epoch',
    integer: true,
    min: 0,
    max: 999,
    fallback: '0',
    meaning:
      'with --from: go on from the checkpoint of epoch K of the same run (same batch order and schedule up to --epochs; the optimizer moments start afresh)',
  },
];

export const trainUsage = `train --net ${NET_KINDS.join('|')} [options]
    --optimizer ${OPTIMIZER_NAMES.join('|')} (sgd)
${flagUsage(TRAIN_FLAGS)}
    --batch-norm (multi-layer-extend)   --init he|xavier|STD   --backend wasm|cpu|webgpu|auto
    --out FILE.gam (written after every epoch too, so a stopped run keeps its last epoch)
    --from FILE.gam (start from these weights; the net settings must match the file's)
    --augment (random shifts ±2 px, rotations ±10°, scales ±10% of training images; conv nets)
    --lr-decay cosine (learning rate falls from --lr to --lr/100 along a cosine over the run)
    --conv-path kernels|im2col (kernels: the backend's conv2d; im2col: the book's reference path)`;

type Flags = Record<string, number | undefined>;

/** Apply the command-line settings to the net's book configuration, refusing ones it lacks. */
function configure(
  kind: NetConfig['kind'],
  values: Record<string, string | boolean | undefined>,
  flags: Flags,
): NetConfig {
  const config = defaultConfig(kind);
  const wd = flags['weight-decay'];
  if (wd !== undefined) {
    if (config.kind === 'two-layer')
      throw new UsageError('--weight-decay does not apply to two-layer (use multi-layer)');
    config.weightDecay = wd;
  }
  const dropout = flags.dropout;
  if (dropout !== undefined) {
    if (config.kind !== 'multi-layer-extend' && config.kind !== 'deep-conv') {
      throw new UsageError('--dropout applies to multi-layer-extend and deep-conv');
    }
    config.dropoutRatio = dropout;
  }
  if (values['batch-norm'] !== undefined) {
    if (config.kind !== 'multi-layer-extend')
      throw new UsageError('--batch-norm applies to multi-layer-extend');
    config.batchNorm = true;
  }
  if (values.init !== undefined) {
    if (config.kind === 'deep-conv')
      throw new UsageError(
        '--init does not apply to deep-conv (He initialisation, as in the book)',
      );
    try {
      config.init = parseInitScheme(values.init as string);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  return withConvPathOption(config, values['conv-path'] as string | undefined);
}

const TRAIN_OPTIONS = {
  net: { type: 'string' },
  optimizer: { type: 'string' },
  lr: { type: 'string' },
  batch: { type: 'string' },
  epochs: { type: 'string' },
  iters: { type: 'string' },
  'train-size': { type: 'string' },
  'eval-samples': { type: 'string' },
  'weight-decay': { type: 'string' },
  dropout: { type: 'string' },
  'batch-norm': { type: 'boolean' },
  init: { type: 'string' },
  backend: { type: 'string' },
  'conv-path': { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  from: { type: 'string' },
  augment: { type: 'boolean' },
  'lr-decay': { type: 'string' },
  'start-epoch': { type: 'string' },
} as const;

/** Everything `train` needs from its arguments, checked; no file is read or written here. */
export function parseTrainArgs(argv: readonly string[]) {
  const { values } = parseCommandArgs(argv, TRAIN_OPTIONS);
  const flags = parseFlags(TRAIN_FLAGS, values);
  const kind = netKindOption(values.net);
  const optimizerName = values.optimizer ?? 'sgd';
  if (!isOptimizerName(optimizerName))
    throw new UsageError(
      `--optimizer must be one of ${OPTIMIZER_NAMES.join(', ')}, got "${optimizerName}"`,
    );
  const lr = flags.lr ?? DEFAULT_LR[optimizerName];
  const batchSize = flags.batch ?? 100;
  const epochs = flags.epochs ?? 1;
  const iterations = flags.iters;
  const trainSize = flags['train-size'] ?? MNIST_TRAIN_COUNT;
  if (batchSize > trainSize)
    throw new UsageError(
      `--batch ${batchSize} is larger than the ${trainSize} training images (--train-size)`,
    );
  const evalSamples = flags['eval-samples'];
  const seed = flags.seed ?? 0;
  const config = configure(kind, values, flags);
  const lrDecay = values['lr-decay'];
  if (lrDecay !== undefined && lrDecay !== 'cosine')
    throw new UsageError(`--lr-decay must be "cosine", got "${lrDecay}"`);
  if (values.augment && kind !== 'simple-conv' && kind !== 'deep-conv')
    throw new UsageError('--augment applies to the image nets (simple-conv, deep-conv)');
  const startEpoch = flags['start-epoch'] ?? 0;
  if (startEpoch > 0 && !values.from)
    throw new UsageError('--start-epoch needs --from (the checkpoint of that epoch)');
  if (startEpoch > 0 && iterations !== undefined)
    throw new UsageError('--start-epoch counts epochs: use --epochs, not --iters');
  if (startEpoch >= epochs && startEpoch > 0)
    throw new UsageError(
      `--start-epoch ${startEpoch} leaves nothing to do with --epochs ${epochs}`,
    );
  return {
    config,
    optimizerName,
    lr,
    batchSize,
    epochs,
    iterations,
    trainSize,
    evalSamples,
    seed,
    lrDecay,
    augment: values.augment === true,
    startEpoch,
    backend: backendOption(values.backend),
    out: values.out,
    from: values.from,
  };
}

export async function train(argv: string[]): Promise<void> {
  const args = parseTrainArgs(argv);
  const { config, optimizerName, lr, batchSize, seed, lrDecay, out } = args;
  // Before any work: an --out that cannot be written fails now, not after the training.
  await checkOutputs([out]);
  let fromBytes: Uint8Array | null = null;
  let parsedFrom: ReturnType<typeof parseModelFile> | null = null;
  if (args.from) {
    fromBytes = await readRegularFile(args.from, MAX_MODEL_FILE_BYTES);
    try {
      parsedFrom = parseModelFile(fromBytes);
    } catch (e) {
      if (e instanceof ModelFileError) throw new Error(`${args.from}: ${e.message}`);
      throw e;
    }
  }
  const backend = await chooseBackend({ request: args.backend });
  console.error(`backend: ${backend.backend} (${backend.reason})`);

  const { train: trainSet, test } = await loadMnistNode({ trainSize: args.trainSize });
  const net = createNet(config, seed);
  if (parsedFrom && args.from) {
    try {
      assignWeights(net, parsedFrom);
    } catch (e) {
      net.dispose();
      if (e instanceof ModelFileError) throw new Error(`${args.from}: ${e.message}`);
      throw e;
    }
  }
  const optimizer = createOptimizer(optimizerName, lr);
  const meta = {
    optimizer: optimizerName,
    lr,
    batchSize,
    seed,
    augment: args.augment,
    lrDecay: lrDecay ?? null,
    from: args.from ?? null,
  };
  const trainer: Trainer = new Trainer(net, optimizer, trainSet, test, {
    batchSize,
    epochs: args.epochs,
    iterations: args.iterations,
    seed,
    evalSamples: args.evalSamples,
    startIteration:
      args.startEpoch > 0 ? args.startEpoch * Math.ceil(trainSet.count / batchSize) : undefined,
    augment: args.augment ? imageAugmenter(net.inputShape, seed + 1) : undefined,
    learningRate:
      lrDecay === 'cosine'
        ? (it: number): number => cosineDecay(lr, it, trainer.totalIterations)
        : undefined,
    // A checkpoint per epoch: a long run stopped by anything keeps its last finished epoch.
    afterEpoch: out
      ? async (r) =>
          saveFile(
            out,
            await saveModel(net, {
              ...meta,
              iterations: r.iteration,
              epoch: r.epoch,
              checkpoint: true,
              testAccuracy: r.testAccuracy,
            }),
          )
      : undefined,
  });
  console.error(
    `${config.kind}: ${net.parameterCount.toLocaleString('en')} parameters, ${trainer.totalIterations} steps of ${batchSize} ` +
      `(${trainer.itersPerEpoch} per epoch), ${optimizerName} lr ${lr}`,
  );
  const bar = trainingBar(trainer.totalIterations);
  let lastAcc = '-';
  trainer.options.onProgress = (e) => {
    if (e.type === 'epoch') {
      lastAcc = `${(e.test.accuracy * 100).toFixed(2)}%`;
      bar.stop();
      console.error(
        `epoch ${e.epoch}/${e.totalEpochs}: train acc ${(e.train.accuracy * 100).toFixed(2)}%  test acc ${lastAcc}  test loss ${e.test.loss.toFixed(4)}`,
      );
      if (e.iteration < trainer.totalIterations) {
        Object.assign(bar, trainingBar(trainer.totalIterations));
        bar.update(e.iteration, { loss: '-', acc: lastAcc, sps: '-' });
      }
    } else {
      bar.update(e.iteration, {
        loss: e.loss.toFixed(4),
        acc: lastAcc,
        sps: Math.round(e.samplesPerSecond).toString(),
      });
    }
  };
  // Held until the report and the save are done: a Ctrl-C during the final evaluation
  // still reports and saves (the next one quits, after any save in progress).
  const undoCtrlC = stopOnCtrlC(trainer.control, 'the model trained so far');
  try {
    let result: Awaited<ReturnType<Trainer['run']>>;
    try {
      result = await trainer.run();
    } catch (e) {
      bar.stop();
      if (e instanceof TrainingDiverged && out) {
        await saveFile(out, await saveModel(net, { diverged: true, iteration: e.iteration - 1 }));
        throw new Error(`${e.message} Last good weights saved to ${out}.`);
      }
      throw e;
    }
    bar.stop();
    console.error(
      `final evaluation on ${trainSet.count} training and ${test.count} test images...`,
    );
    const finalTrain = await evaluate(net, trainSet);
    const finalTest = await evaluate(net, test);
    if (out) {
      await saveFile(
        out,
        await saveModel(net, {
          ...meta,
          iterations: result.iterations,
          trainAccuracy: finalTrain.accuracy,
          testAccuracy: finalTest.accuracy,
          savedAt: new Date().toISOString(),
        }),
      );
      console.error(`saved ${out}`);
    }
    console.log(
      JSON.stringify({
        net: config.kind,
        trainAccuracy: finalTrain.accuracy,
        testAccuracy: finalTest.accuracy,
        seconds: Number(result.seconds.toFixed(2)),
        samplesPerSecond: Math.round(result.samplesPerSecond),
        backend: backend.backend,
        iterations: result.iterations,
        stopped: result.stopped,
      }),
    );
  } finally {
    undoCtrlC();
    net.dispose();
    optimizer.dispose();
  }
}
