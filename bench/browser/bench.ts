/**
 * Browser train bench: the Node bench's comparison (bench/train) in one page run. A dedicated
 * worker trains the 784-100-10 MLP and SimpleConvNet with ours, tfjs-layers (trainOnBatch) and
 * ConvNetJS, same init, SGD lr 0.1, batch 100, same MNIST batches, interleaved rounds, per
 * backend (webgpu — SwiftShader here — and wasm; cpu on request). Meanwhile the page measures
 * its own frame times and attributes them to the engine whose timed block is running.
 * Results: JSON lines in the page and on window.__bench (read by scripts/bench-browser.ts).
 * Query: ?nets=mlp,cnn&backends=wasm,webgpu&steps=N&rounds=3&warmup=N
 */
import * as Comlink from 'comlink';
import type { BenchBackend, BenchLine, BlockEvent, EngineResult } from '../train/core';
import type { BenchNet } from '../train/flops';
import type { BenchWorkerApi, BrowserBenchLine, EnvLine, WasmThreadsLine } from './bench.worker';

/** An engine line plus the page's frame times while that engine's timed blocks ran. */
export type BrowserEngineResult = EngineResult & {
  frames: number;
  frameMsMedian: number;
  frameMsP95: number;
  /** Frames longer than 50 ms. */
  longFrames: number;
};

export type PageLine =
  | Exclude<BenchLine, EngineResult>
  | BrowserEngineResult
  | EnvLine
  | WasmThreadsLine;

declare global {
  interface Window {
    __bench?: { done: boolean; lines: PageLine[]; warnings: string[]; error?: string };
  }
}

const params = new URLSearchParams(location.search);
const out = document.getElementById('out')!;
window.__bench = { done: false, lines: [], warnings: [] };

function list<T extends string>(name: string, fallback: string, allowed: readonly T[]): T[] {
  const items = (params.get(name) ?? fallback).split(',').map((s) => s.trim());
  for (const x of items)
    if (!(allowed as readonly string[]).includes(x))
      throw new Error(`${name}: "${x}" is not one of ${allowed.join(', ')}`);
  return items as T[];
}

function int(name: string, min: number): number | undefined {
  const s = params.get(name);
  if (s === null) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}`);
  return n;
}

/** Frame intervals on the main thread, bucketed by the engine whose timed block runs. */
class FrameMeter {
  private readonly buckets = new Map<string, number[]>();
  private current: number[] | null = null;
  private last = performance.now();
  private running = true;

  constructor() {
    const tick = (t: number) => {
      this.current?.push(t - this.last);
      this.last = t;
      if (this.running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }

  static key(e: { net: BenchNet; backend: string; engine: string }): string {
    return `${e.net}|${e.backend}|${e.engine}`;
  }

  block(e: BlockEvent): void {
    if (e.phase === 'end') {
      this.current = null;
      return;
    }
    const k = FrameMeter.key(e);
    if (!this.buckets.has(k)) this.buckets.set(k, []);
    this.current = this.buckets.get(k)!;
    this.last = performance.now();
  }

  frames(e: EngineResult): number[] {
    return this.buckets.get(FrameMeter.key(e)) ?? [];
  }

  stop(): void {
    this.running = false;
  }
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : 0;
};

function withFrames(line: EngineResult, frames: number[]): BrowserEngineResult {
  return {
    ...line,
    frames: frames.length,
    frameMsMedian: Number(quantile(frames, 0.5).toFixed(1)),
    frameMsP95: Number(quantile(frames, 0.95).toFixed(1)),
    longFrames: frames.filter((f) => f > 50).length,
  };
}

async function run(): Promise<void> {
  const opts = {
    nets: list<BenchNet>('nets', 'mlp,cnn', ['mlp', 'cnn']),
    backends: list<BenchBackend>('backends', 'wasm,webgpu', ['webgpu', 'wasm', 'cpu']),
    steps: int('steps', 1),
    rounds: int('rounds', 1) ?? 3,
    warmup: int('warmup', 0),
    wasmThreads: int('threads', 1),
  };
  const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), {
    type: 'module',
    name: 'bench',
  });
  const api = Comlink.wrap<BenchWorkerApi>(worker);
  const meter = new FrameMeter();
  const push = (line: PageLine) => {
    window.__bench!.lines.push(line);
    out.textContent = window.__bench!.lines.map((l) => JSON.stringify(l)).join('\n');
  };
  try {
    const warnings = await api.run(
      opts,
      new URL('/mnist/', location.href).href,
      Comlink.proxy((line: BrowserBenchLine) => {
        push(
          line.type === 'engine' && 'samplesPerSecond' in line
            ? withFrames(line, meter.frames(line))
            : line,
        );
      }),
      Comlink.proxy((e: BlockEvent) => meter.block(e)),
    );
    window.__bench!.warnings.push(...warnings);
  } finally {
    meter.stop();
    api[Comlink.releaseProxy]();
    worker.terminate();
  }
}

run().then(
  () => {
    window.__bench!.done = true;
  },
  (e: unknown) => {
    window.__bench!.error = e instanceof Error ? e.message : String(e);
    window.__bench!.done = true;
    out.textContent += `\nerror: ${window.__bench!.error}`;
  },
);
