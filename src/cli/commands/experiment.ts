import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadMnistNode } from '../../data/mnist-node';
import { chooseBackend } from '../../nn/backend';
import { accuracyCurves } from '../../nn/experiments/accuracy-curves';
import { optimizerPaths } from '../../nn/experiments/optimizer-paths';
import { trainingCurves } from '../../nn/experiments/training-curves';
import { weightInitActivations } from '../../nn/experiments/weight-init-activations';
import { UsageError } from '../errors';
import { backendOption, intOption } from '../options';
import { trainingBar } from '../progress';

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
} as const;

interface RunOptions {
  seed: number;
  iterations: number;
  /** Overrides an accuracy experiment's epochs (the book's by default). */
  epochs?: number;
}

async function accuracy(name: 'batch-norm' | 'overfit', { seed, epochs }: RunOptions) {
  const { train, test } = await loadMnistNode();
  let bar: ReturnType<typeof trainingBar> | null = null;
  const r = await accuracyCurves(name, train, test, {
    seed,
    epochs,
    onProgress: (p) => {
      bar ??= trainingBar(p.total);
      bar.update(p.done, { loss: p.variant, acc: '-', sps: '-' });
    },
  });
  (bar as ReturnType<typeof trainingBar> | null)?.stop();
  const last = (a: number[]) => `${((a[a.length - 1] ?? 0) * 100).toFixed(1)}%`;
  for (const v of r.variants) {
    const blewUp = v.diverged === null ? '' : `  (loss became NaN at step ${v.diverged})`;
    console.error(
      `${v.label.padEnd(26)} final train ${last(v.trainAccuracy)}  test ${last(v.testAccuracy)}${blewUp}`,
    );
  }
  return r;
}

async function curves(
  name: 'optimizer-compare' | 'weight-init-compare',
  { seed, iterations }: RunOptions,
) {
  const { train, test } = await loadMnistNode();
  let bar: ReturnType<typeof trainingBar> | null = null;
  const r = await trainingCurves(name, train, test, {
    seed,
    iterations,
    onProgress: (p) => {
      bar ??= trainingBar(p.total);
      bar.update(p.done, { loss: `${p.variant} ${p.loss.toFixed(3)}`, acc: '-', sps: '-' });
    },
  });
  (bar as ReturnType<typeof trainingBar> | null)?.stop();
  for (const v of r.variants) {
    const tail = v.losses.slice(-100);
    const mean = tail.reduce((a, b) => a + b, 0) / tail.length;
    console.error(
      `${v.label.padEnd(9)} loss (last 100 steps) ${mean.toFixed(4)}  test accuracy ${(v.testAccuracy * 100).toFixed(2)}%`,
    );
  }
  return r;
}

type ExperimentName = keyof typeof EXPERIMENTS;

export const experimentUsage = `experiment <name> [--seed N] [--iterations N (2000)] [--epochs N (the book's)] [--out FILE.json] [--backend wasm|cpu]
    ${Object.entries(EXPERIMENTS)
      .map(([name, e]) => `${name}: ${e.about}`)
      .join('\n    ')}
    Writes the result as JSON (to --out, or experiment-<name>.json).`;

export async function experiment(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      seed: { type: 'string' },
      iterations: { type: 'string' },
      epochs: { type: 'string' },
      out: { type: 'string' },
      backend: { type: 'string' },
    },
    strict: true,
    allowPositionals: true,
  });
  const name = positionals[0];
  if (!name) throw new UsageError('which experiment? give its name');
  if (positionals.length > 1)
    throw new UsageError(`one experiment at a time, got ${positionals.join(' ')}`);
  if (!(name in EXPERIMENTS))
    throw new UsageError(
      `unknown experiment "${name}" (known: ${Object.keys(EXPERIMENTS).join(', ')})`,
    );
  const seed = intOption(values.seed, 'seed', 0, 0);
  const backend = await chooseBackend({ request: backendOption(values.backend) });
  const started = performance.now();
  const iterations = intOption(values.iterations, 'iterations', 2000);
  const epochs = values.epochs === undefined ? undefined : intOption(values.epochs, 'epochs', 1);
  const result = await EXPERIMENTS[name as ExperimentName].run({ seed, iterations, epochs });
  const out = values.out ?? `experiment-${name}.json`;
  await writeFile(out, `${JSON.stringify(result)}\n`);
  console.log(
    JSON.stringify({
      experiment: name,
      out,
      seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
      backend: backend.backend,
    }),
  );
}
