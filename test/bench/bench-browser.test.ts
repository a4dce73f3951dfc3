/**
 * The browser train bench (`npm run bench:browser`: Vite + Debian's Chromium) with tiny
 * settings: the JSON lines' structure, not speed. MLP and SimpleConvNet on wasm, the MLP on
 * webgpu (SwiftShader here), one step, one round: ours, tfjs-layers and ConvNetJS
 * interleaved in the bench worker, the page's frame times on every engine line.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { PageLine } from '../../bench/browser/bench';
import type { RatioResult } from '../../bench/train/core';
import { trainFlopsPerSample } from '../../bench/train/flops';
import { BROWSER_ENGINE_KEYS as ENGINE_KEYS } from './engine-keys';

async function benchBrowser(args: string[]): Promise<PageLine[]> {
  const { stdout } = await promisify(execFile)(
    'npx',
    ['tsx', 'scripts/bench-browser.ts', ...args, '--timeout', '100'],
    { timeout: 120_000 },
  );
  return stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as PageLine);
}

describe('bench browser', () => {
  it('prints the env, one line per engine with frame times, and the ratios', async () => {
    const lines = await benchBrowser([
      '--nets',
      'mlp,cnn',
      '--backends',
      'wasm',
      '--steps',
      '1',
      '--rounds',
      '1',
      '--warmup',
      '1',
    ]);
    const env = lines.filter((l) => l.type === 'env');
    expect(env).toHaveLength(1);
    expect(env[0]).toMatchObject({ crossOriginIsolated: true, wasmThreads: 1 });
    expect(typeof env[0].wasmThreadsSupported).toBe('boolean');
    // One line when wasm started (each net's group starts it): one thread asked, one running.
    const threads = lines.filter((l) => l.type === 'wasm-threads');
    expect(threads.length).toBeGreaterThanOrEqual(1);
    for (const t of threads) expect(t).toMatchObject({ asked: 1, reported: 1 });

    const engines = lines.filter((l) => l.type === 'engine');
    const names = engines.map((e) => `${e.net}/${e.backend}/${e.engine}`).sort();
    expect(names).toEqual([
      'cnn/js/convnetjs',
      'cnn/wasm/ours-im2col',
      'cnn/wasm/ours-kernels',
      'cnn/wasm/tfjs-layers',
      'mlp/js/convnetjs',
      'mlp/wasm/ours',
      'mlp/wasm/tfjs-layers',
    ]);
    for (const e of engines) {
      if ('error' in e) {
        // tfjs-layers 4.22 cannot train a CNN on wasm: said, not thrown.
        expect(`${e.net}/${e.engine}`).toBe('cnn/tfjs-layers');
        expect(e.error).toMatch(/Conv2DBackpropFilter/);
        continue;
      }
      expect(Object.keys(e).sort()).toEqual(ENGINE_KEYS);
      expect(e).toMatchObject({ steps: 1, rounds: 1, batch: 100, optimizer: 'sgd lr 0.1' });
      for (const k of ['medianMsPerStep', 'samplesPerSecond', 'gflops', 'loss'] as const)
        expect(Number.isFinite(e[k]) && e[k] > 0, `${e.engine} ${k} = ${e[k]}`).toBe(true);
      expect(e.flopsPerSample).toBe(trainFlopsPerSample(e.net));
      expect(e.gflops).toBeCloseTo((e.samplesPerSecond * e.flopsPerSample) / 1e9, 6);
      // After one warm-up step (lazily built state is in place): nothing leaks per step.
      expect(e.numTensorsDelta).toBe(0);
      expect(e.frames).toBeGreaterThanOrEqual(0);
      expect(e.longFrames).toBeLessThanOrEqual(e.frames);
    }

    const ratios = lines.filter((l): l is RatioResult => l.type === 'ratio');
    expect(ratios.map((r) => `${r.net}/${r.ours}/${r.peer}`).sort()).toEqual([
      'cnn/ours-im2col/convnetjs',
      'cnn/ours-kernels/convnetjs',
      'mlp/ours/convnetjs',
      'mlp/ours/tfjs-layers',
    ]);
    for (const r of ratios) {
      expect(r.interleaved).toBe(true);
      const sps = (engine: string, backend: string) => {
        const e = engines.find(
          (x) => x.net === r.net && x.engine === engine && x.backend === backend,
        );
        return e && 'samplesPerSecond' in e ? e.samplesPerSecond : Number.NaN;
      };
      expect(r.ratio).toBeCloseTo(sps(r.ours, r.backend) / sps(r.peer, r.peerBackend), 9);
    }
  });

  it('trains the MLP on webgpu too (SwiftShader here): ours and tfjs-layers', async () => {
    const lines = await benchBrowser([
      '--nets',
      'mlp',
      '--backends',
      'webgpu',
      '--steps',
      '1',
      '--rounds',
      '1',
      '--warmup',
      '0',
    ]);
    const env = lines.find((l) => l.type === 'env');
    expect(env && 'adapter' in env && env.adapter).toBeTruthy();
    const engines = lines.filter((l) => l.type === 'engine');
    expect(engines.map((e) => `${e.backend}/${e.engine}`).sort()).toEqual([
      'js/convnetjs',
      'webgpu/ours',
      'webgpu/tfjs-layers',
    ]);
    for (const e of engines) {
      expect('error' in e, JSON.stringify(e)).toBe(false);
      if ('samplesPerSecond' in e) expect(e.samplesPerSecond).toBeGreaterThan(0);
    }
    const ratios = lines.filter((l): l is RatioResult => l.type === 'ratio');
    expect(ratios.map((r) => `${r.backend}/${r.peer}`).sort()).toEqual([
      'webgpu/convnetjs',
      'webgpu/tfjs-layers',
    ]);
  });
});
