/**
 * The hyperparameter search's Node pool: real worker_threads (the worker kit's bootstrap) on wasm.
 * The numbers must not depend on how many workers run the trials, nor on a pause.
 */
import { describe, expect, it } from 'vitest';
import { loadMnistNode } from '../../src/data/mnist-node';
import { RunControl } from '../../src/nn/run-control';
import { searchWithThreads } from '../../workers/hyperparameter-pool-node';
import { pauseAfterFirstTrial, TINY_SEARCH } from '../helpers/search';

describe('hyperparameter search on worker_threads', () => {
  it('1 worker and 2 workers give the same result', async () => {
    const { train } = await loadMnistNode({ trainSize: 100 });
    const base = {
      seed: 5,
      trials: 4,
      settings: TINY_SEARCH,
      images: train.x,
      labels: train.labels,
    };
    const done: number[] = [];
    const one = await searchWithThreads({ ...base, workers: 1 });
    const two = await searchWithThreads({ ...base, workers: 2, onTrial: (_r, n) => done.push(n) });
    expect(done).toEqual([1, 2, 3, 4]);
    expect(one.trials).toHaveLength(4);
    expect(one.stopped).toBe(false);
    expect(two).toEqual(one);
    expect(new Set(one.trials.map((t) => t.lr)).size).toBe(4);
  }, 60_000);

  it('a pause holds the workers between trials and changes no number', async () => {
    const { train } = await loadMnistNode({ trainSize: 100 });
    const base = {
      seed: 6,
      trials: 4,
      settings: TINY_SEARCH,
      images: train.x,
      labels: train.labels,
    };
    const plain = await searchWithThreads({ ...base, workers: 2 });
    const control = new RunControl();
    // A second: longer than a tiny trial, so that one started while paused would show.
    const { events, onTrial, onPaused } = pauseAfterFirstTrial(control, 1000);
    const paused = await searchWithThreads({ ...base, workers: 2, control, onTrial, onPaused });
    expect(events).toEqual(['trial 1', 'trial 2', 'paused 2', 'resume', 'trial 3', 'trial 4']);
    expect(paused).toEqual(plain);
  }, 60_000);
});
