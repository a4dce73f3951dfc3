/**
 * The train bench's measuring loop, shared by Node (bench/train/main.ts) and the browser bench
 * worker (bench/browser/bench.worker.ts): per (net, backend) it builds ours and the peers,
 * warms them up, runs interleaved rounds (ours, peer, ours, peer, ...), and emits one line per
 * engine and one ratio line per (ours, peer). No Node modules: the host supplies the data, the
 * backend switch and where warnings go.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ConvPath } from '../../src/nn/nets';
import {
  BATCH,
  ConvNetJsEngine,
  type Engine,
  type HostBatch,
  LR,
  loadConvNetJs,
  missingTrainingKernels,
  OursEngine,
  TfjsLayersEngine,
} from './engines';
import { type BenchNet, trainFlopsPerSample } from './flops';

export type BenchBackend = 'wasm' | 'cpu' | 'webgpu';

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
  /** wasm threads (browser, cross-origin isolated); 1 by default. */
  wasmThreads?: number;
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

/** What the host provides: the backend switch, and where lines and warnings go. */
export interface BenchHost {
  /** Make `backend` the active tfjs backend (or throw). */
  useBackend(backend: BenchBackend): Promise<void>;
  emit(line: BenchLine): void;
  warn(text: string): void;
  /**
   * Called around each engine's timed block, outside the timing (the browser page attributes
   * its frame times to the engine that runs).
   */
  onBlock?(event: BlockEvent): void | Promise<void>;
}

export interface BlockEvent {
  phase: 'start' | 'end';
  net: BenchNet;
  backend: string;
  engine: string;
}

/**
 * Defaults sized so that `npm run bench -- train` ends in under 2 minutes on 2 cores: a
 * tfjs-layers CNN step on cpu takes ~15 s, ours ~2.5 s. WebGPU here is SwiftShader (software):
 * an MLP step takes ~0.3 s, so few steps there too.
 */
export const DEFAULT_STEPS: Record<BenchNet, Record<BenchBackend, number>> = {
  mlp: { wasm: 20, cpu: 10, webgpu: 5 },
  cnn: { wasm: 2, cpu: 1, webgpu: 1 },
};
export const DEFAULT_WARMUP: Record<BenchNet, number> = { mlp: 2, cnn: 1 };

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function message(e: unknown): string {
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
export async function runGroup(
  net: BenchNet,
  backend: BenchBackend,
  host: HostBatch[],
  opts: TrainBenchOptions,
  /** ConvNetJS's result from an earlier group: runs it here when null. */
  convNetJs: EngineResult | null,
  io: BenchHost,
): Promise<EngineResult[]> {
  const withConvNetJs = convNetJs === null;
  await io.useBackend(backend);
  if (tf.getBackend() !== backend) throw new Error(`could not start the ${backend} backend`);
  const groupBefore = tf.memory().numTensors;
  const layers = await import('@tensorflow/tfjs-layers');
  const cnj = withConvNetJs ? await loadConvNetJs() : null;
  const steps = opts.steps ?? DEFAULT_STEPS[net][backend];
  const warmup = opts.warmup ?? DEFAULT_WARMUP[net];
  const flopsPerSample = trainFlopsPerSample(net);

  const makers: { label: string; backend: string; make: () => Engine }[] = [];
  if (net === 'mlp')
    makers.push({ label: 'ours', backend, make: () => new OursEngine(net, backend, host) });
  else {
    const paths: ConvPath[] =
      backend === 'wasm' || opts.im2colOnCpu ? ['kernels', 'im2col'] : ['kernels'];
    for (const path of paths)
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
  if (cnj)
    makers.push({
      label: 'convnetjs',
      backend: 'js',
      make: () => new ConvNetJsEngine(cnj, net, host),
    });

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
      io.emit({ type: 'engine', net, backend: m.backend, engine: m.label, error: message(e) });
      // A kernel that throws mid-step may leave tensors behind; say so rather than hide it.
      const left = tf.memory().numTensors - before;
      if (left !== 0) io.warn(`${m.label} on ${backend}: ${left} tensors left after its error`);
    }
  }

  for (let r = 0; r < opts.rounds; r++) {
    for (const slot of slots) {
      const block: Omit<BlockEvent, 'phase'> = {
        net,
        backend: slot.engine.backend,
        engine: slot.engine.label,
      };
      await io.onBlock?.({ phase: 'start', ...block });
      const n0 = tf.memory().numTensors;
      const t0 = performance.now();
      slot.loss = await slot.engine.run(steps);
      slot.times.push(performance.now() - t0);
      slot.tensorsDelta += tf.memory().numTensors - n0;
      await io.onBlock?.({ phase: 'end', ...block });
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
    io.emit(result);
    slot.engine.dispose();
  }

  const ours = results.filter((r) => r.engine.startsWith('ours'));
  const peers = results.filter((r) => !r.engine.startsWith('ours'));
  for (const o of ours)
    for (const p of peers)
      io.emit({
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
      io.emit({
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
  if (left !== 0) io.warn(`${net} on ${backend}: ${left} tensors not disposed`);
  return results;
}

/**
 * Every (net, backend) group in turn. `hostBatches(net)` gives the net's MNIST batches
 * (flat 784 for the MLP, 1×28×28 for the CNN). ConvNetJS needs no backend: it runs once per
 * net, interleaved with the first backend's group.
 */
export async function runBench(
  opts: TrainBenchOptions,
  hostBatches: (net: BenchNet) => Promise<HostBatch[]>,
  io: BenchHost,
): Promise<void> {
  for (const net of opts.nets) {
    const host = await hostBatches(net);
    let convNetJs: EngineResult | null = null;
    for (const backend of opts.backends) {
      const results = await runGroup(net, backend, host, opts, convNetJs, io);
      convNetJs ??= results.find((r) => r.engine === 'convnetjs') ?? null;
    }
  }
}
