import { readFile, rename, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadMnistNode } from '../../data/mnist-node';
import { imageAugmenter } from '../../nn/augment';
import { chooseBackend } from '../../nn/backend';
import { evaluate } from '../../nn/evaluate';
import { parseInitScheme } from '../../nn/init';
import { createNet, defaultConfig, NET_KINDS, type NetConfig } from '../../nn/nets';
import { createOptimizer, DEFAULT_LR, isOptimizerName, OPTIMIZER_NAMES } from '../../nn/optimizers';
import { assignWeights, ModelFileError, parseModelFile, saveModel } from '../../nn/serialize';
import { Trainer, TrainingDiverged } from '../../nn/trainer';
import { UsageError } from '../errors';
import {
  backendOption,
  intOption,
  netKindOption,
  numberOption,
  withConvPathOption,
} from '../options';
import { trainingBar } from '../progress';

export const trainUsage = `train --net ${NET_KINDS.join('|')} [options]
    --optimizer ${OPTIMIZER_NAMES.join('|')} (sgd)   --lr N (the optimizer's book default)
    --batch N (100)   --epochs N (1)   --iters N (total steps; overrides --epochs)
    --train-size N (60000)   --eval-samples N (per-epoch accuracy on at most N samples; all)
    --weight-decay λ (0)   --dropout RATIO (multi-layer-extend, deep-conv)   --batch-norm (multi-layer-extend)
    --init he|xavier|STD   --backend wasm|cpu|auto   --seed N (0)
    --out FILE.gam (written after every epoch too, so a stopped run keeps its last epoch)
    --from FILE.gam (start from these weights; the net settings must match the file's)
    --start-epoch K (with --from: go on from a checkpoint of epoch K of the same run: same batch
      order and schedule from epoch K+1 to --epochs; the optimizer's moments start afresh)
    --augment (random shifts ±2 px, rotations ±10°, scales ±10% of training images; conv nets)
    --lr-decay cosine (learning rate falls from --lr to --lr/100 along a cosine over the run)
    --conv-path kernels|im2col (kernels: the backend's conv2d; im2col: the book's reference path)`;

/** Apply the command-line settings to the net's book configuration, refusing ones it lacks. */
function configure(
  kind: NetConfig['kind'],
  values: Record<string, string | boolean | undefined>,
): NetConfig {
  const config = defaultConfig(kind);
  if (values['weight-decay'] !== undefined) {
    const wd = numberOption(
      values['weight-decay'] as string,
      'weight-decay',
      0,
      (n) => n >= 0,
      'a number >= 0',
    );
    if (config.kind === 'two-layer')
      throw new UsageError('--weight-decay does not apply to two-layer (use multi-layer)');
    config.weightDecay = wd;
  }
  if (values.dropout !== undefined) {
    const r = numberOption(
      values.dropout as string,
      'dropout',
      0,
      (n) => n >= 0 && n < 1,
      'a ratio in [0, 1)',
    );
    if (config.kind !== 'multi-layer-extend' && config.kind !== 'deep-conv') {
      throw new UsageError('--dropout applies to multi-layer-extend and deep-conv');
    }
    config.dropoutRatio = r;
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

export async function train(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
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
    },
    strict: true,
    allowPositionals: false,
  });
  const kind = netKindOption(values.net);
  const optimizerName = values.optimizer ?? 'sgd';
  if (!isOptimizerName(optimizerName))
    throw new UsageError(
      `--optimizer must be one of ${OPTIMIZER_NAMES.join(', ')}, got "${optimizerName}"`,
    );
  const lr = numberOption(
    values.lr,
    'lr',
    DEFAULT_LR[optimizerName],
    (n) => n > 0,
    'a positive number',
  );
  const batchSize = intOption(values.batch, 'batch', 100);
  const epochs = intOption(values.epochs, 'epochs', 1);
  const iterations = values.iters === undefined ? undefined : intOption(values.iters, 'iters', 1);
  const trainSize = intOption(values['train-size'], 'train-size', 60000);
  const evalSamples =
    values['eval-samples'] === undefined
      ? undefined
      : intOption(values['eval-samples'], 'eval-samples', 1);
  const seed = intOption(values.seed, 'seed', 0, 0);
  const config = configure(kind, values);
  const lrDecay = values['lr-decay'];
  if (lrDecay !== undefined && lrDecay !== 'cosine')
    throw new UsageError(`--lr-decay must be "cosine", got "${lrDecay}"`);
  if (values.augment && kind !== 'simple-conv' && kind !== 'deep-conv')
    throw new UsageError('--augment applies to the image nets (simple-conv, deep-conv)');
  const startEpoch = intOption(values['start-epoch'], 'start-epoch', 0, 0);
  if (startEpoch > 0 && !values.from)
    throw new UsageError('--start-epoch needs --from (the checkpoint of that epoch)');
  if (startEpoch > 0 && iterations !== undefined)
    throw new UsageError('--start-epoch counts epochs: use --epochs, not --iters');
  if (startEpoch >= epochs && startEpoch > 0)
    throw new UsageError(
      `--start-epoch ${startEpoch} leaves nothing to do with --epochs ${epochs}`,
    );
  const fromBytes = values.from ? await readBytes(values.from) : null;
  const backend = await chooseBackend({ request: backendOption(values.backend) });
  console.error(`backend: ${backend.backend} (${backend.reason})`);

  const { train: trainSet, test } = await loadMnistNode({ trainSize });
  const net = createNet(config, seed);
  if (fromBytes && values.from) {
    try {
      assignWeights(net, parseModelFile(fromBytes));
    } catch (e) {
      net.dispose();
      if (e instanceof ModelFileError) throw new Error(`${values.from}: ${e.message}`);
      throw e;
    }
  }
  const optimizer = createOptimizer(optimizerName, lr);
  const meta = {
    optimizer: optimizerName,
    lr,
    batchSize,
    seed,
    augment: values.augment === true,
    lrDecay: lrDecay ?? null,
    from: values.from ?? null,
  };
  const out = values.out;
  const trainer: Trainer = new Trainer(net, optimizer, trainSet, test, {
    batchSize,
    epochs,
    iterations,
    seed,
    evalSamples,
    startIteration: startEpoch > 0 ? startEpoch * Math.ceil(trainSet.count / batchSize) : undefined,
    augment: values.augment ? imageAugmenter(net.inputShape, seed + 1) : undefined,
    learningRate:
      lrDecay === 'cosine'
        ? (it: number): number => cosineDecay(lr, it, trainer.totalIterations)
        : undefined,
    // A checkpoint per epoch: a long run stopped by anything keeps its last finished epoch.
    afterEpoch: out
      ? async (r) => {
          const tmp = `${out}.partial`;
          await writeFile(
            tmp,
            await saveModel(net, {
              ...meta,
              iterations: r.iteration,
              epoch: r.epoch,
              checkpoint: true,
              testAccuracy: r.testAccuracy,
            }),
          );
          await rename(tmp, out);
        }
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
  const stopOnSignal = () => trainer.control.stop();
  process.once('SIGINT', stopOnSignal);
  let result: Awaited<ReturnType<Trainer['run']>>;
  try {
    result = await trainer.run();
  } catch (e) {
    bar.stop();
    if (e instanceof TrainingDiverged && values.out) {
      await writeFile(
        values.out,
        await saveModel(net, { diverged: true, iteration: e.iteration - 1 }),
      );
      throw new Error(`${e.message} Last good weights saved to ${values.out}.`);
    }
    throw e;
  } finally {
    process.off('SIGINT', stopOnSignal);
  }
  bar.stop();
  const finalTrain = await evaluate(net, trainSet);
  const finalTest = await evaluate(net, test);
  if (values.out) {
    await writeFile(
      values.out,
      await saveModel(net, {
        ...meta,
        iterations: result.iterations,
        trainAccuracy: finalTrain.accuracy,
        testAccuracy: finalTest.accuracy,
        savedAt: new Date().toISOString(),
      }),
    );
    console.error(`saved ${values.out}`);
  }
  net.dispose();
  optimizer.dispose();
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
}

/** Cosine decay from lr to lr/100 over `total` steps. */
export function cosineDecay(lr: number, iteration: number, total: number): number {
  const floor = lr / 100;
  return floor + ((lr - floor) * (1 + Math.cos((Math.PI * iteration) / Math.max(total, 1)))) / 2;
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    throw new Error(
      `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}
