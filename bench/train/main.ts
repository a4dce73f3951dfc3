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
import * as tf from '@tensorflow/tfjs-core';
import { loadMnistNode } from '../../src/data/mnist-node';
import { chooseBackend } from '../../src/nn/backend';
import {
  BATCH,
  ConvNetJsEngine,
  type Engine,
  type HostBatch,
  LR,
  makeHostBatches,
  missingTrainingKernels,
  OursEngine,
  TfjsLayersEngine,
} from './engines';
import { type BenchNet, trainFlopsPerSample } from './flops';

export type BenchBackend = 'wasm' | 'cpu';

export interface TrainBenchOptions {
  /** Timed optimizer steps per engine per round; by default see DEFAULT_STEPS. */
  steps?: number;
  nets: BenchNet[];
  backends: BenchBackend[];
  rounds: number;
  /** Untimed steps before the first round; 2 (MLP) and 1 (CNN) by default. */
  warmup?: number;
  /** Also run our im2col conv path on cpu (always on wasm); off by default (~2.5 s a step). */
  im2colOnCpu?: boolean;
}

export interface EngineResult {
  type: 'engine';
  net: BenchNet;
  backend: string;
  engine: string;
  steps: number;
  rounds: number;
  batch: number;
  optimizer: string;
  medianMsPerStep: number;
  samplesPerSecond: number;
  gflops: number;
  flopsPerSample: number;
  loss: number;
  /** Σ over the timed blocks of tf.memory().numTensors after − before (0: nothing leaks). */
  numTensorsDelta: number;
}

export interface ErrorResult {
  type: 'engine';
  net: BenchNet;
  backend: string;
  engine: string;
  error: string;
}

export interface RatioResult {
  type: 'ratio';
  net: BenchNet;
  backend: string;
  ours: string;
  peer: string;
  peerBackend: string;
  /** ours samples/s ÷ peer samples/s: above 1 means ours is faster. */
  ratio: number;
  /**
   * True when both ran in the same interleaved rounds; false for ConvNetJS against a later
   * backend's ours (ConvNetJS runs once, with the first backend's group).
   */
  interleaved: boolean;
}

export type BenchLine = EngineResult | ErrorResult | RatioResult;

/**
 * Defaults sized so that `npm run bench -- train` ends in under 2 minutes on 2 cores: a
 * tfjs-layers CNN step on cpu takes ~15 s, ours ~2.5 s.
 */
const DEFAULT_STEPS: Record<BenchNet, Record<BenchBackend, number>> = {
  mlp: { wasm: 20, cpu: 10 },
  cnn: { wasm: 2, cpu: 1 },
};
const DEFAULT_WARMUP: Record<BenchNet, number> = { mlp: 2, cnn: 1 };

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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function message(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

interface Slot {
  engine: Engine;
  times: number[];
  loss: number;
  /** Σ over timed blocks of numTensors after − before. */
  tensorsDelta: number;
}

/** Run one (net, backend) group: build, warm up, interleave rounds, report, dispose. */
async function runGroup(
  net: BenchNet,
  backend: BenchBackend,
  host: HostBatch[],
  opts: TrainBenchOptions,
  /** ConvNetJS's result from an earlier group: runs it here when null. */
  convNetJs: EngineResult | null,
  emit: (line: BenchLine) => void,
): Promise<EngineResult[]> {
  const withConvNetJs = net === 'cnn' && convNetJs === null;
  await chooseBackend({ request: backend });
  if (tf.getBackend() !== backend) throw new Error(`could not start the ${backend} backend`);
  const groupBefore = tf.memory().numTensors;
  const layers = await import('@tensorflow/tfjs-layers');
  const steps = opts.steps ?? DEFAULT_STEPS[net][backend];
  const warmup = opts.warmup ?? DEFAULT_WARMUP[net];
  const flopsPerSample = trainFlopsPerSample(net);

  const makers: { label: string; backend: string; make: () => Engine }[] = [];
  if (net === 'mlp')
    makers.push({ label: 'ours', backend, make: () => new OursEngine(net, backend, host) });
  else {
    const paths = backend === 'wasm' || opts.im2colOnCpu ? ['kernels', 'im2col'] : ['kernels'];
    for (const path of paths as ('kernels' | 'im2col')[])
      makers.push({
        label: `ours-${path}`,
        backend,
        make: () => new OursEngine(net, backend, host, path),
      });
  }
  makers.push({
    label: 'tfjs-layers',
    backend,
    make: () => new TfjsLayersEngine(layers, net, backend, host),
  });
  if (withConvNetJs)
    makers.push({ label: 'convnetjs', backend: 'js', make: () => new ConvNetJsEngine(host) });

  const slots: Slot[] = [];
  for (const m of makers) {
    const before = tf.memory().numTensors;
    let engine: Engine | null = null;
    try {
      if (m.label === 'tfjs-layers') {
        const missing = missingTrainingKernels(net, backend);
        if (missing.length > 0)
          throw new Error(
            `tfjs-layers cannot train this net on ${backend}: kernel${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not registered for backend '${backend}'`,
          );
      }
      engine = m.make();
      if (warmup > 0) await engine.run(warmup);
      slots.push({ engine, times: [], loss: Number.NaN, tensorsDelta: 0 });
    } catch (e) {
      engine?.dispose();
      emit({ type: 'engine', net, backend: m.backend, engine: m.label, error: message(e) });
      // A kernel that throws mid-step may leave tensors behind; say so rather than hide it.
      const left = tf.memory().numTensors - before;
      if (left !== 0)
        process.stderr.write(`${m.label} on ${backend}: ${left} tensors left after its error\n`);
    }
  }

  for (let r = 0; r < opts.rounds; r++) {
    for (const slot of slots) {
      const n0 = tf.memory().numTensors;
      const t0 = performance.now();
      slot.loss = await slot.engine.run(steps);
      slot.times.push(performance.now() - t0);
      slot.tensorsDelta += tf.memory().numTensors - n0;
    }
  }

  const results: EngineResult[] = [];
  for (const slot of slots) {
    const ms = median(slot.times);
    const samplesPerSecond = (steps * BATCH) / (ms / 1000);
    const result: EngineResult = {
      type: 'engine',
      net,
      backend: slot.engine.backend,
      engine: slot.engine.label,
      steps,
      rounds: opts.rounds,
      batch: BATCH,
      optimizer: `sgd lr ${LR}`,
      medianMsPerStep: ms / steps,
      samplesPerSecond,
      gflops: (samplesPerSecond * flopsPerSample) / 1e9,
      flopsPerSample,
      loss: slot.loss,
      numTensorsDelta: slot.tensorsDelta,
    };
    results.push(result);
    emit(result);
    slot.engine.dispose();
  }

  const ours = results.filter((r) => r.engine.startsWith('ours'));
  const peers = results.filter((r) => !r.engine.startsWith('ours'));
  for (const o of ours)
    for (const p of peers)
      emit({
        type: 'ratio',
        net,
        backend,
        ours: o.engine,
        peer: p.engine,
        peerBackend: p.backend,
        ratio: o.samplesPerSecond / p.samplesPerSecond,
        interleaved: true,
      });
  if (convNetJs)
    for (const o of ours)
      emit({
        type: 'ratio',
        net,
        backend,
        ours: o.engine,
        peer: convNetJs.engine,
        peerBackend: convNetJs.backend,
        ratio: o.samplesPerSecond / convNetJs.samplesPerSecond,
        interleaved: false,
      });
  const left = tf.memory().numTensors - groupBefore;
  if (left !== 0) process.stderr.write(`${net} on ${backend}: ${left} tensors not disposed\n`);
  return results;
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
  for (const net of opts.nets) {
    const data = net === 'mlp' ? flat! : images!;
    const host = makeHostBatches(data.train, trainSize / BATCH);
    let convNetJs: EngineResult | null = null;
    for (const backend of opts.backends) {
      // ConvNetJS needs no backend: it runs once, interleaved with the first backend's group.
      const results = await runGroup(net, backend, host, opts, convNetJs, emit);
      convNetJs ??= results.find((r) => r.engine === 'convnetjs') ?? null;
    }
  }
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
