/**
 * The train bench (bench/train) with tiny settings: the JSON lines' structure, not speed
 * (speed targets belong to benchmark runs, not tests).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { missingTrainingKernels } from '../../bench/train/engines';
import { trainFlopsPerSample } from '../../bench/train/flops';
import {
  type BenchLine,
  type EngineResult,
  parseTrainBenchArgs,
  type RatioResult,
  runTrainBench,
} from '../../bench/train/main';
import { ENGINE_KEYS } from './engine-keys';

function checkMlpLines(lines: BenchLine[]): void {
  const engines = lines.filter((l): l is EngineResult => l.type === 'engine');
  expect(engines.map((e) => e.engine).sort()).toEqual(['convnetjs', 'ours', 'tfjs-layers']);
  for (const e of engines) {
    expect(Object.keys(e).sort()).toEqual(ENGINE_KEYS);
    expect(e).toMatchObject({ net: 'mlp', steps: 2, rounds: 1, batch: 100 });
    // ConvNetJS is plain JavaScript: no tfjs backend.
    expect(e.backend).toBe(e.engine === 'convnetjs' ? 'js' : 'wasm');
    expect(e.optimizer).toBe('sgd lr 0.1');
    for (const k of ['medianMsPerStep', 'samplesPerSecond', 'gflops', 'loss'] as const) {
      expect(Number.isFinite(e[k]) && e[k] > 0, `${e.engine} ${k} = ${e[k]}`).toBe(true);
    }
    expect(e.flopsPerSample).toBe(trainFlopsPerSample('mlp'));
    expect(e.gflops).toBeCloseTo((e.samplesPerSecond * e.flopsPerSample) / 1e9, 6);
    expect(e.numTensorsDelta).toBe(0);
  }
  const ratios = lines.filter((l): l is RatioResult => l.type === 'ratio');
  expect(ratios.map((r) => r.peer)).toEqual(['tfjs-layers', 'convnetjs']);
  const ours = engines.find((e) => e.engine === 'ours')!;
  for (const r of ratios) {
    expect(r).toMatchObject({ net: 'mlp', backend: 'wasm', ours: 'ours', interleaved: true });
    const peer = engines.find((e) => e.engine === r.peer)!;
    expect(r.peerBackend).toBe(peer.backend);
    expect(r.ratio).toBeCloseTo(ours.samplesPerSecond / peer.samplesPerSecond, 9);
  }
}

describe('bench train', () => {
  it('counts FLOPs analytically (2·M·N·K per product, x3)', () => {
    expect(trainFlopsPerSample('mlp')).toBe(3 * 2 * (784 * 100 + 100 * 10));
    expect(trainFlopsPerSample('cnn')).toBe(3 * 2 * (576 * 25 * 30 + 4320 * 100 + 100 * 10));
  });

  it('parses its options', () => {
    expect(parseTrainBenchArgs([])).toMatchObject({
      nets: ['mlp', 'cnn'],
      backends: ['wasm', 'cpu'],
      rounds: 3,
    });
    expect(
      parseTrainBenchArgs(['--steps', '4', '--nets', 'cnn', '--backends', 'cpu']),
    ).toMatchObject({ steps: 4, nets: ['cnn'], backends: ['cpu'] });
    expect(() => parseTrainBenchArgs(['--nets', 'rnn'])).toThrow(/rnn/);
    expect(() => parseTrainBenchArgs(['--steps', '0'])).toThrow(/steps/);
  });

  it('sees that tfjs-layers cannot train a CNN on wasm', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(missingTrainingKernels('cnn', 'wasm')).toContain('Conv2DBackpropFilter');
    expect(missingTrainingKernels('mlp', 'wasm')).toEqual([]);
  });

  it('prints one line per engine and the ratio (in-process)', async () => {
    const lines: BenchLine[] = [];
    const before = tf.memory().numTensors;
    await runTrainBench(
      { steps: 2, rounds: 1, warmup: 1, nets: ['mlp'], backends: ['wasm'] },
      (l) => lines.push(l),
    );
    checkMlpLines(lines);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('prints only JSON lines on stdout (npm run bench -- train)', async () => {
    const { stdout } = await promisify(execFile)(
      'npx',
      [
        'tsx',
        'bench/train/main.ts',
        'train',
        '--steps',
        '2',
        '--rounds',
        '1',
        '--warmup',
        '1',
        '--nets',
        'mlp',
        '--backends',
        'wasm',
      ],
      { timeout: 90_000 },
    );
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as BenchLine);
    checkMlpLines(lines);
  });
});
