/**
 * The browser bench's worker: runs the train bench's shared loop (bench/train/core.ts) with the
 * same engines as Node (bench/train/engines.ts) — ours, tfjs-layers, ConvNetJS — interleaved,
 * on MNIST fetched from the page's origin. The page stays free to measure its frame times;
 * lines and block start/end events come back through comlink callbacks.
 */
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import * as Comlink from 'comlink';
import { loadMnistBrowser } from '../../src/data/mnist-browser';
import { type AdapterReport, chooseBackend, probeAdapter } from '../../src/nn/backend';
import { wasmPaths } from '../../workers/kit/wasm-paths';
import { type BenchLine, type BlockEvent, runBench, type TrainBenchOptions } from '../train/core';
import { BATCH, makeHostBatches } from '../train/engines';

/** The first line of a browser run: where it ran. */
export interface EnvLine {
  type: 'env';
  userAgent: string;
  hardwareConcurrency: number;
  crossOriginIsolated: boolean;
  /** The wasm threads asked for (--threads). */
  wasmThreads: number;
  /** Whether this context can run threaded wasm (tfjs's own test: SharedArrayBuffer, atomics). */
  wasmThreadsSupported: boolean;
  /** The WebGPU adapter (SwiftShader here: isFallbackAdapter true), or null without WebGPU. */
  adapter: AdapterReport | null;
}

/**
 * The wasm threads asked for and what XNNPACK's pool reports once wasm runs (tfjs issue #6081:
 * it may say 1 while more run); the samples/s of --threads 1 and 2 are the real answer.
 */
export interface WasmThreadsLine {
  type: 'wasm-threads';
  asked: number;
  reported: number;
}

export type BrowserBenchLine = BenchLine | EnvLine | WasmThreadsLine;

export interface BenchWorkerApi {
  /** Run the bench; resolves with the warnings (tensors left behind), if any. */
  run(
    opts: TrainBenchOptions,
    mnistUrl: string,
    emit: (line: BrowserBenchLine) => void,
    onBlock: (event: BlockEvent) => void,
  ): Promise<string[]>;
}

const TRAIN_SIZE = 2000;

/** tfjs-backend-wasm's flag (registered by its import above), read before the backend starts. */
async function threadsSupported(): Promise<boolean> {
  return Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
}

interface GpuNavigator {
  gpu?: Parameters<typeof probeAdapter>[0];
}

const api: BenchWorkerApi = {
  async run(opts, mnistUrl, emit, onBlock) {
    const warnings: string[] = [];
    emit({
      type: 'env',
      userAgent: navigator.userAgent,
      hardwareConcurrency: navigator.hardwareConcurrency,
      crossOriginIsolated: self.crossOriginIsolated,
      wasmThreads: opts.wasmThreads ?? 1,
      wasmThreadsSupported: await threadsSupported(),
      adapter: await probeAdapter((navigator as GpuNavigator).gpu ?? null, 20_000),
    });
    await runBench(
      opts,
      async (net) => {
        const data = await loadMnistBrowser(mnistUrl, {
          trainSize: TRAIN_SIZE,
          testSize: 1,
          flatten: net === 'mlp',
        });
        return makeHostBatches(data.train, TRAIN_SIZE / BATCH);
      },
      {
        useBackend: async (backend) => {
          await chooseBackend({
            request: backend,
            wasmPaths,
            timeoutMs: 60_000,
            wasmThreads: opts.wasmThreads,
          });
          if (backend === 'wasm')
            emit({
              type: 'wasm-threads',
              asked: opts.wasmThreads ?? 1,
              reported: getThreadsCount(),
            });
        },
        emit,
        warn: (text) => warnings.push(text),
        onBlock,
      },
    );
    return warnings;
  },
};

Comlink.expose(api, self as unknown as Comlink.Endpoint);
