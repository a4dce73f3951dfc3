/**
 * `npm run bench -- train [--steps N] [--nets mlp,cnn] [--backends wasm,cpu] [--rounds 3]`
 *
 * Trains the same 784-100-10 MLP and the same SimpleConvNet with our hand-written engine and
 * with peers (tfjs-layers, ConvNetJS), SGD lr 0.1, batch 100, real MNIST; rounds interleave
 * the engines (ours, peer, ours, peer, ...) and each engine's time is the median of its rounds.
 * Prints one JSON line per (net, backend, engine) and one ratio line per (net, backend, ours
 * engine, peer).
 */
import { parseArgs } from 'node:util';
import { loadMnistNode } from '../../src/data/mnist-node';
import { chooseBackend } from '../../src/nn/backend';
import { type BenchLine, message, runBench, type TrainBenchOptions } from './core';
import { BATCH, makeHostBatches } from './engines';

export type {
  BenchBackend,
  BenchLine,
  EngineResult,
  ErrorResult,
  RatioResult,
  TrainBenchOptions,
} from './core';

export function parseTrainBenchArgs(argv: string[]): TrainBenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      steps: { type: 'string' },
      nets: { type: 'string', default: 'mlp,cnn' },
      backends: { type: 'string', default: 'wasm,cpu' },
      rounds: { type: 'string', default: '3' },
      warmup: { type: 'string' },
      'im2col-on-cpu': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const positive = (name: string, s: string, min: number): number => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}`);
    return n;
  };
  const list = <T extends string>(name: string, s: string, allowed: readonly T[]): T[] => {
    const items = s.split(',').map((x) => x.trim());
    for (const x of items)
      if (!(allowed as readonly string[]).includes(x))
        throw new Error(`--${name}: "${x}" is not one of ${allowed.join(', ')}`);
    return items as T[];
  };
  return {
    steps: values.steps === undefined ? undefined : positive('steps', values.steps, 1),
    nets: list('nets', values.nets, ['mlp', 'cnn'] as const),
    backends: list('backends', values.backends, ['wasm', 'cpu'] as const),
    rounds: positive('rounds', values.rounds, 1),
    warmup: values.warmup === undefined ? undefined : positive('warmup', values.warmup, 0),
    im2colOnCpu: values['im2col-on-cpu'],
  };
}

/** Run the bench; every line goes to `emit` (stdout as JSON by default). */
export async function runTrainBench(
  opts: TrainBenchOptions,
  emit: (line: BenchLine) => void = (l) => process.stdout.write(`${JSON.stringify(l)}\n`),
): Promise<void> {
  const trainSize = 2000;
  const [flat, images] = await Promise.all([
    opts.nets.includes('mlp') ? loadMnistNode({ trainSize, testSize: 1 }) : null,
    opts.nets.includes('cnn') ? loadMnistNode({ trainSize, testSize: 1, flatten: false }) : null,
  ]);
  await runBench(
    opts,
    async (net) => makeHostBatches((net === 'mlp' ? flat! : images!).train, trainSize / BATCH),
    {
      useBackend: async (backend) => {
        await chooseBackend({ request: backend });
      },
      emit,
      warn: (text) => process.stderr.write(`${text}\n`),
    },
  );
}

/** Entry point: `bench train [options]`. Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [what, ...rest] = argv;
  if (what !== 'train') {
    process.stderr.write(
      'usage: npm run bench -- train [--steps N] [--nets mlp,cnn] [--backends wasm,cpu] [--rounds 3] [--warmup N] [--im2col-on-cpu]\n',
    );
    return 2;
  }
  let opts: TrainBenchOptions;
  try {
    opts = parseTrainBenchArgs(rest);
  } catch (e) {
    process.stderr.write(`error: ${message(e)}\n`);
    return 2;
  }
  await runTrainBench(opts);
  return 0;
}

const isEntry = process.argv[1]?.replace(/\\/g, '/').endsWith('bench/train/main.ts');
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`error: ${message(e)}\n`);
      process.exitCode = 1;
    },
  );
}
