/**
 * Browser benchmark: per-step time of a TwoLayerNet and a SimpleConvNet training step
 * (batch 100) in the trainer worker on webgpu, wasm and cpu, in one page run; the first step
 * (shader compilation on webgpu) apart; and the main thread's frame times while training.
 * Results: JSON lines in the page and on window.__bench (read by scripts/bench-browser.ts).
 * Query: ?backends=webgpu,wasm,cpu&nets=two-layer,simple-conv&steps=20
 */

import { Comlink, startTrainerWorker } from '../../src/app/trainer-client';
import type { BackendName } from '../../src/nn/backend-names';
import { defaultConfig, type NetKind } from '../../src/nn/nets/config';

interface BenchLine {
  net: NetKind;
  backend: string;
  requested: BackendName;
  firstStepMs: number;
  msPerStep: number;
  samplesPerSecond: number;
  frameMsMedian: number;
  frameMsP95: number;
  longFrames: number;
}

declare global {
  interface Window {
    __bench?: { done: boolean; lines: BenchLine[]; error?: string };
  }
}

const params = new URLSearchParams(location.search);
const backends = (params.get('backends') ?? 'webgpu,wasm,cpu').split(',') as BackendName[];
const steps = Number(params.get('steps') ?? 20);
const nets = (params.get('nets') ?? 'two-layer,simple-conv').split(',') as NetKind[];
const out = document.getElementById('out')!;
window.__bench = { done: false, lines: [] };

/** Frame intervals on the main thread while `work` runs. */
async function withFrameTimes<T>(work: () => Promise<T>): Promise<{ result: T; frames: number[] }> {
  const frames: number[] = [];
  let last = performance.now();
  let running = true;
  const tick = (t: number) => {
    frames.push(t - last);
    last = t;
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  try {
    return { result: await work(), frames };
  } finally {
    running = false;
  }
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : 0;
};

async function run(): Promise<void> {
  for (const net of nets) {
    for (const requested of backends) {
      const worker = startTrainerWorker();
      try {
        const choice = await worker.api.init(requested);
        await worker.api.loadMnist(new URL('/mnist/', location.href).href);
        await worker.api.createNet(defaultConfig(net), 0);
        const settings = {
          optimizer: 'adam' as const,
          lr: 0.001,
          batchSize: 100,
          epochs: 1,
          trainSize: 10000,
          evalSamples: 100,
          seed: 0,
          lossEvery: steps,
        };
        const noop = Comlink.proxy(() => {});
        const t0 = performance.now();
        await worker.api.train({ ...settings, iterations: 1 }, noop);
        const firstStepMs = performance.now() - t0;
        const { result, frames } = await withFrameTimes(() =>
          worker.api.train({ ...settings, iterations: steps }, noop),
        );
        const line: BenchLine = {
          net,
          backend: choice.backend,
          requested,
          firstStepMs: Math.round(firstStepMs),
          msPerStep: Number(((result.seconds * 1000) / result.iterations).toFixed(1)),
          samplesPerSecond: Math.round(result.samplesPerSecond),
          frameMsMedian: Number(quantile(frames, 0.5).toFixed(1)),
          frameMsP95: Number(quantile(frames, 0.95).toFixed(1)),
          longFrames: frames.filter((f) => f > 50).length,
        };
        window.__bench!.lines.push(line);
        out.textContent = window.__bench!.lines.map((l) => JSON.stringify(l)).join('\n');
      } finally {
        worker.terminate();
      }
    }
  }
}

run().then(
  () => {
    window.__bench!.done = true;
  },
  (e: unknown) => {
    window.__bench!.error = (e as Error).message;
    window.__bench!.done = true;
    out.textContent += `\nerror: ${(e as Error).message}`;
  },
);
