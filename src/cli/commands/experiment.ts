import cliProgress from 'cli-progress';
import { loadMnistNode } from '../../data/mnist-node';
import { readRegularFile } from '../../data/node-files';
import { chooseBackend } from '../../nn/backend';
import { head } from '../../nn/dataset';
import { evaluate } from '../../nn/evaluate';
import { convFiltersExperiment } from '../../nn/experiments/conv-filters';
import { halfPrecision } from '../../nn/experiments/half-precision';
import { misclassified } from '../../nn/experiments/misclassified';
import { optimizerPaths } from '../../nn/experiments/optimizer-paths';
import { weightInitActivations } from '../../nn/experiments/weight-init-activations';
import { createNet, type SequentialNet } from '../../nn/nets';
import { defaultConfig } from '../../nn/nets/config';
import { createOptimizer } from '../../nn/optimizers';
import { RunControl } from '../../nn/run-control';
import { loadModel, MAX_MODEL_FILE_BYTES, ModelFileError } from '../../nn/serialize';
import { Trainer } from '../../nn/trainer';
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
import { backendOption } from '../options';
import { trainingBar } from '../progress';
import {
  accuracy,
  curves,
  hyperparameterSearch,
  type TrainingRunOptions,
} from './experiment-training';

/** Experiments of the book, each one function shared with the Learn area. */
const EXPERIMENTS = {
  'optimizer-paths': {
    about: 'SGD, Momentum, AdaGrad, Adam on x²/20 + y² from (-7, 2) (fig. 6-8)',
    run: async (_o: RunOptions) => {
      const r = optimizerPaths();
      for (const p of r.paths)
        console.error(
          `${p.optimizer.padEnd(9)} lr ${p.lr}: f after ${r.steps} steps = ${p.finalValue.toExponential(3)}`,
        );
      return r;
    },
  },
  'weight-init-activations': {
    about: 'activation histograms of 5 layers x 100 units for each init scale (figs. 6-10 to 6-14)',
    run: async ({ seed }: RunOptions) => {
      const r = weightInitActivations({ seed });
      for (const c of r.cases) {
        console.error(
          `${c.label.padEnd(18)} layer std: ${c.histograms.map((h) => h.std.toFixed(3)).join('  ')}`,
        );
      }
      return r;
    },
  },
  'optimizer-compare': {
    about:
      'loss curves of SGD/Momentum/Nesterov/AdaGrad/RMSProp/Adam, 5-layer ReLU net on MNIST, batch 128 (fig. 6-9)',
    run: (o: RunOptions) => curves('optimizer-compare', o),
  },
  'weight-init-compare': {
    about: 'loss curves for std 0.01 vs Xavier vs He, 5-layer ReLU net on MNIST, SGD (fig. 6-15)',
    run: (o: RunOptions) => curves('weight-init-compare', o),
  },
  'batch-norm': {
    about: 'train accuracy with vs without batch norm for 16 initial weight scales (fig. 6-19)',
    run: (o: RunOptions) => accuracy('batch-norm', o),
  },
  overfit: {
    about:
      '300 images, 7-layer net, 200 epochs: plain vs weight decay 0.1 vs dropout 0.2 (figs. 6-20..6-23)',
    run: (o: RunOptions) => accuracy('overfit', o),
  },
  'hyperparameter-search': {
    about:
      'random search of lr (1e-6..1e-2) and weight decay (1e-8..1e-4) on a validation split of 500 images, 784-100x6-10 net, SGD, 50 epochs, best 5 as the book (fig. 6-24)',
    run: (o: RunOptions) => hyperparameterSearch(o),
  },
  'conv-filters': {
    about:
      "SimpleConvNet's first-layer filters before and after training, and the feature maps of one test image (fig. 7-24)",
    run: (o: RunOptions) => convFilters(o),
  },
  misclassified: {
    about:
      'the test images a trained net gets wrong, with true and predicted labels (fig. 8-3); --model (models/deep-conv.gam)',
    run: (o: RunOptions) => misclassifiedImages(o),
  },
  'half-precision': {
    about:
      "a trained net's test accuracy with its weights rounded to float16 beside float32 (ch. 8.3.4); --model (models/deep-conv.gam)",
    run: (o: RunOptions) => halfPrecisionRun(o),
  },
} as const;

/** The trained DeepConvNet shipped with the app (models/README.md says how it was made). */
const DEFAULT_MODEL = 'models/deep-conv.gam';

async function readModel(path: string): Promise<SequentialNet> {
  const bytes = await readRegularFile(path, MAX_MODEL_FILE_BYTES);
  try {
    return loadModel(bytes).net;
  } catch (e) {
    if (e instanceof ModelFileError) throw new Error(`${path}: ${e.message}`);
    throw e;
  }
}

async function misclassifiedImages({ model = DEFAULT_MODEL }: RunOptions) {
  const net = await readModel(model);
  try {
    const { test } = await loadMnistNode({ trainSize: 1 });
    const bar = new cliProgress.SingleBar(
      { format: 'misclassified [{bar}] {value}/{total} images', stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    bar.start(test.count, 0);
    const control = new RunControl();
    const undo = stopOnCtrlC(control, 'the images classified so far');
    let r: Awaited<ReturnType<typeof misclassified>>;
    try {
      r = await misclassified(net, test, { control, onProgress: (done) => bar.update(done) });
    } finally {
      undo();
      bar.stop();
    }
    console.error(
      `${model}: ${r.stopped ? 'stopped: ' : ''}${r.errors} of ${r.total} test images wrong (accuracy ${(r.accuracy * 100).toFixed(2)}%)`,
    );
    for (const w of r.wrong.slice(0, 20))
      console.error(
        `  #${w.index}: true ${w.label}, predicted ${w.predicted} (${(w.confidence * 100).toFixed(1)}%)`,
      );
    return { ...r, model };
  } finally {
    net.dispose();
  }
}

async function halfPrecisionRun({ model = DEFAULT_MODEL }: RunOptions) {
  const net = await readModel(model);
  try {
    const { test } = await loadMnistNode({ trainSize: 1 });
    const r = await halfPrecision(net, test);
    const pct = (a: number) => `${(a * 100).toFixed(2)}%`;
    console.error(
      `${model}: float32 ${pct(r.float32Accuracy)}, float16 weights ${pct(r.float16Accuracy)} ` +
        `(${r.accuracyChangeImages >= 0 ? '+' : ''}${r.accuracyChangeImages} images); largest relative weight change ${r.maxRelativeChange.toExponential(2)}; ` +
        `${r.subnormal} subnormal, ${r.flushedToZero} flushed to zero, ${r.overflowed} overflowed; ${r.bytesFloat32} -> ${r.bytesFloat16} bytes`,
    );
    return { ...r, model };
  } finally {
    net.dispose();
  }
}

interface RunOptions extends TrainingRunOptions {
  /** conv-filters: a trained model file instead of training one; misclassified, half-precision: the net. */
  model?: string;
}

/** Fig. 7-24: a SimpleConvNet trained here (or read from --model) beside its initial filters. */
async function convFilters({ seed, iterations = 1000, trainSize, model }: RunOptions) {
  const { train, test } = await loadMnistNode();
  let fresh: SequentialNet;
  let trained: SequentialNet;
  let steps: number | null = null;
  let stopped = false;
  if (model) {
    trained = await readModel(model);
    fresh = createNet(trained.config, seed);
  } else {
    const config = defaultConfig('simple-conv');
    // Same seed: "before" is exactly where the trained net started.
    fresh = createNet(config, seed);
    trained = createNet(config, seed);
    const optimizer = createOptimizer('adam', 0.001);
    const data = trainSize === undefined ? train : head(train, trainSize);
    const bar = trainingBar(iterations);
    // Ctrl-C ends the training at a step boundary and compares the filters it got to.
    const control = new RunControl();
    const undo = stopOnCtrlC(control, 'the filters trained so far');
    const trainer = new Trainer(trained, optimizer, data, head(test, 1000), {
      batchSize: 100,
      iterations,
      seed,
      evalSamples: 1000,
      control,
      onProgress: (e) => {
        if (e.type === 'step')
          bar.update(e.iteration, {
            loss: e.loss.toFixed(3),
            acc: '-',
            sps: e.samplesPerSecond.toFixed(0),
          });
      },
    });
    try {
      ({ iterations: steps, stopped } = await trainer.run());
    } finally {
      undo();
      bar.stop();
      optimizer.dispose();
    }
  }
  try {
    const image = test.x.slice(0, 784);
    const r = await convFiltersExperiment(fresh, trained, image);
    const { accuracy } = await evaluate(trained, head(test, 1000));
    const std = (v: Float32Array) => {
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
    };
    console.error(
      `filters [${r.after.shape.join(', ')}]: std before ${std(r.before.values).toFixed(4)}, after ${std(r.after.values).toFixed(4)}; ` +
        `feature maps [${r.maps.shape.join(', ')}] of test image 0 (label ${test.labels[0]}); test accuracy (1,000 images) ${(accuracy * 100).toFixed(2)}%`,
    );
    return {
      ...r,
      testAccuracy: accuracy,
      iterations: steps,
      model: model ?? null,
      stopped,
    };
  } finally {
    fresh.dispose();
    trained.dispose();
  }
}

type ExperimentName = keyof typeof EXPERIMENTS;

/** The numeric flags of `experiment` (parsing and usage both read it). */
export const EXPERIMENT_FLAGS: FlagTable = [
  {
    name: 'seed',
    integer: true,
    min: 0,
    max: MAX_SEED,
    fallback: '0',
    meaning: 'seed of the nets and the data order',
  },
  {
    name: 'iterations',
    integer: true,
    min: 1,
    max: 1_000_000,
    fallback: '2000; conv-filters 1000',
    meaning: 'training steps',
  },
  {
    name: 'epochs',
    integer: true,
    min: 1,
    max: 1000,
    fallback: "the book's",
    meaning: 'epochs (overfit, batch-norm)',
  },
  {
    name: 'trials',
    integer: true,
    min: 1,
    max: 10_000,
    fallback: '100',
    meaning: 'hyperparameter-search trials',
  },
  {
    name: 'workers',
    integer: true,
    min: 1,
    max: 64,
    fallback: 'one per core',
    meaning: 'hyperparameter-search worker threads',
  },
  {
    name: 'train-size',
    integer: true,
    min: 2,
    max: MNIST_TRAIN_COUNT,
    fallback: "the experiment's",
    meaning: 'training images (hyperparameter-search, conv-filters)',
  },
];

export const experimentUsage = `experiment <name> [--out FILE.json] [--backend wasm|cpu|webgpu|auto] [--model FILE.gam] (conv-filters, misclassified, half-precision)
${flagUsage(EXPERIMENT_FLAGS)}
    ${Object.entries(EXPERIMENTS)
      .map(([name, e]) => `${name}: ${e.about}`)
      .join('\n    ')}
    Writes the result as JSON (to --out, or experiment-<name>.json).`;

export async function experiment(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      seed: { type: 'string' },
      iterations: { type: 'string' },
      epochs: { type: 'string' },
      out: { type: 'string' },
      backend: { type: 'string' },
      trials: { type: 'string' },
      workers: { type: 'string' },
      'train-size': { type: 'string' },
      model: { type: 'string' },
    },
    true,
  );
  const flags = parseFlags(EXPERIMENT_FLAGS, values);
  const name = positionals[0];
  if (!name) throw new UsageError('which experiment? give its name');
  if (positionals.length > 1)
    throw new UsageError(`one experiment at a time, got ${positionals.join(' ')}`);
  if (!(name in EXPERIMENTS))
    throw new UsageError(
      `unknown experiment "${name}" (known: ${Object.keys(EXPERIMENTS).join(', ')})`,
    );
  const seed = flags.seed ?? 0;
  const request = backendOption(values.backend);
  const options: RunOptions = {
    seed,
    backend: request,
    iterations: flags.iterations,
    epochs: flags.epochs,
    trials: flags.trials,
    workers: flags.workers,
    trainSize: flags['train-size'],
    model: values.model,
  };
  const out = values.out ?? `experiment-${name}.json`;
  // Before the work: an --out that cannot be written fails now, not after minutes.
  await checkOutputs([out]);
  const backend = await chooseBackend({ request });
  const started = performance.now();
  const result = await EXPERIMENTS[name as ExperimentName].run(options);
  // Typed arrays (filters, feature maps) are written as plain number arrays.
  const json = JSON.stringify(result, (_key, v: unknown) =>
    v instanceof Float32Array ? Array.from(v) : v,
  );
  await saveFile(out, `${json}\n`);
  // A run stopped by Ctrl-C says so on its last line too (its JSON holds `stopped: true`).
  const stopped = 'stopped' in result && result.stopped === true;
  console.log(
    JSON.stringify({
      experiment: name,
      out,
      seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
      backend: backend.backend,
      ...(stopped ? { stopped } : {}),
    }),
  );
}
