import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnistNode } from '../../src/data/mnist-node';
import type { LabeledData } from '../../src/nn/dataset';
import {
  BOOK_SEARCH,
  bestLine,
  bestTrials,
  formatG3,
  runTrial,
  sampleTrial,
  splitForSearch,
  type TrialResult,
} from '../../src/nn/experiments/hyperparameter-search';
import {
  runSearch,
  searchOnWorkers,
  type TrialRunner,
  type TrialWorker,
} from '../../src/nn/experiments/trial-pool';
import { RunControl } from '../../src/nn/run-control';
import { pauseAfterFirstTrial, TINY_SEARCH } from '../helpers/search';

describe('hyperparameter search: trial sampling', () => {
  it('draws lr in 1e-6..1e-2 and weight decay in 1e-8..1e-4', () => {
    for (let t = 0; t < 500; t++) {
      const s = sampleTrial(0, t);
      expect(s.trial).toBe(t);
      expect(s.lr).toBeGreaterThanOrEqual(1e-6);
      expect(s.lr).toBeLessThan(1e-2);
      expect(s.weightDecay).toBeGreaterThanOrEqual(1e-8);
      expect(s.weightDecay).toBeLessThan(1e-4);
    }
  });

  it('is log-uniform: each decade gets about a quarter of the draws', () => {
    const n = 4000;
    const lrDecades = [0, 0, 0, 0];
    const wdDecades = [0, 0, 0, 0];
    for (let t = 0; t < n; t++) {
      const s = sampleTrial(7, t);
      lrDecades[Math.floor(Math.log10(s.lr) + 6)]++;
      wdDecades[Math.floor(Math.log10(s.weightDecay) + 8)]++;
    }
    for (const c of [...lrDecades, ...wdDecades]) expect(Math.abs(c / n - 0.25)).toBeLessThan(0.03);
  });

  it('is a function of (seed, trial) only', () => {
    expect(sampleTrial(3, 17)).toEqual(sampleTrial(3, 17));
    expect(sampleTrial(3, 17)).not.toEqual(sampleTrial(3, 18));
    expect(sampleTrial(3, 17)).not.toEqual(sampleTrial(4, 17));
    // Trials are independent of the order they are drawn in.
    const forward = [0, 1, 2, 3].map((t) => sampleTrial(1, t));
    const backward = [3, 2, 1, 0].map((t) => sampleTrial(1, t)).reverse();
    expect(backward).toEqual(forward);
  });

  it('prints as the book does (%.3g)', () => {
    expect(formatG3(0.0092)).toBe('0.0092');
    expect(formatG3(3.8612e-7)).toBe('3.86e-07');
    expect(formatG3(0.83)).toBe('0.83');
    expect(formatG3(0.00956123)).toBe('0.00956');
    expect(formatG3(1.4299e-5)).toBe('1.43e-05');
    expect(formatG3(1)).toBe('1');
    const t: TrialResult = {
      trial: 0,
      lr: 0.0092,
      weightDecay: 3.86e-7,
      valAccuracy: [0.5, 0.83],
      trainAccuracy: [0.5, 0.9],
      finalValAccuracy: 0.83,
      diverged: null,
    };
    expect(bestLine(t, 1)).toBe('Best-1 (val acc:0.83) | lr:0.0092, weight decay:3.86e-07');
  });

  it('ranks by final validation accuracy, earlier trial first on ties', () => {
    const mk = (trial: number, acc: number): TrialResult => ({
      trial,
      lr: 1e-3,
      weightDecay: 1e-6,
      valAccuracy: [acc],
      trainAccuracy: [acc],
      finalValAccuracy: acc,
      diverged: null,
    });
    const ranked = bestTrials([mk(0, 0.5), mk(1, 0.9), mk(2, 0.7), mk(3, 0.9)], 3);
    expect(ranked.map((t) => t.trial)).toEqual([1, 3, 2]);
  });
});

/** A stand-in result for `trial` (no training): the scheduling tests only need the index. */
function fakeResult(trial: number): TrialResult {
  const acc = (trial % 7) / 10;
  return {
    ...sampleTrial(0, trial),
    valAccuracy: [acc],
    trainAccuracy: [acc],
    finalValAccuracy: acc,
    diverged: null,
  };
}

/** Let pending promise callbacks (the search's loops) run. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A runner whose trials end when the test says so: the trials it started, and `finish`. */
function manualRunner(): {
  run: TrialRunner;
  started: number[];
  finish: (t: number) => Promise<void>;
} {
  const started: number[] = [];
  const pending = new Map<number, () => void>();
  const run: TrialRunner = (trial) => {
    started.push(trial);
    return new Promise((resolve) => pending.set(trial, () => resolve(fakeResult(trial))));
  };
  const finish = async (trial: number) => {
    const end = pending.get(trial);
    if (!end) throw new Error(`trial ${trial} is not running`);
    pending.delete(trial);
    end();
    await settle();
  };
  return { run, started, finish };
}

describe('hyperparameter search: pause and resume', () => {
  it('starts no trial while paused, still reports the running ones, and resumes with the next', async () => {
    const { run, started, finish } = manualRunner();
    const control = new RunControl();
    const reported: number[] = [];
    const paused: Array<[number, number]> = [];
    const search = runSearch([run, run], {
      seed: 0,
      trials: 5,
      control,
      onTrial: (t) => reported.push(t.trial),
      onPaused: (done, total) => paused.push([done, total]),
    });
    await settle();
    expect(started).toEqual([0, 1]);

    control.pause();
    expect(paused).toEqual([]); // two trials still running
    await finish(1);
    expect(reported).toEqual([1]);
    expect(started).toEqual([0, 1]);
    expect(paused).toEqual([]);
    await finish(0);
    expect(reported).toEqual([1, 0]);
    expect(paused).toEqual([[2, 5]]); // the pause holds once the last running trial is back
    control.pause(); // already paused: nothing new
    await settle();
    expect(started).toEqual([0, 1]);
    expect(paused).toEqual([[2, 5]]);

    // Paused again before the held runners wake: still held, and said at once.
    control.resume();
    control.pause();
    await settle();
    expect(started).toEqual([0, 1]);
    expect(paused).toEqual([
      [2, 5],
      [2, 5],
    ]);

    control.resume();
    await settle();
    expect(started).toEqual([0, 1, 2, 3]);
    await finish(3);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    await finish(2);
    await finish(4);
    const r = await search;
    expect(r.stopped).toBe(false);
    expect(r.trials.map((t) => t.trial)).toEqual([0, 1, 2, 3, 4]);
    expect(paused).toHaveLength(2);
  });

  it('a pause before the start holds the first trial; Stop still ends a paused search', async () => {
    const { run, started, finish } = manualRunner();
    const control = new RunControl();
    control.pause();
    const paused: number[] = [];
    const search = runSearch([run, run], {
      seed: 0,
      trials: 4,
      control,
      onPaused: (done) => paused.push(done),
    });
    await settle();
    expect(started).toEqual([]);
    expect(paused).toEqual([0]);
    control.resume();
    await settle();
    expect(started).toEqual([0, 1]);
    control.pause();
    await finish(0);
    await finish(1);
    expect(paused).toEqual([0, 2]);
    control.stop();
    const r = await search;
    expect(r.stopped).toBe(true);
    expect(r.trials.map((t) => t.trial)).toEqual([0, 1]);
    expect(started).toEqual([0, 1]);
  });

  it('does not say paused when no trial is left to start: the search just finishes', async () => {
    const { run, finish } = manualRunner();
    const control = new RunControl();
    const paused: number[] = [];
    const search = runSearch([run, run], {
      seed: 0,
      trials: 2,
      control,
      onPaused: (done) => paused.push(done),
    });
    await settle();
    control.pause();
    await finish(0);
    await finish(1);
    const r = await search;
    expect(r.stopped).toBe(false);
    expect(r.trials).toHaveLength(2);
    expect(paused).toEqual([]);
  });
});

describe('the trial pool on workers', () => {
  /** Workers whose init and trials end when the test says so; counts their terminations. */
  function fakeWorkers() {
    const { run, started, finish } = manualRunner();
    let ready = () => {};
    const inits = new Promise<void>((resolve) => {
      ready = resolve;
    });
    const terminated: number[] = [];
    let spawned = 0;
    const spawn = (): TrialWorker => {
      const id = spawned++;
      return {
        api: {
          init: async () => {
            await inits;
            return { backend: 'cpu', reason: 'test', forced: true, adapter: null };
          },
          hyperparameterTrial: (request) => run(request.trial),
        },
        terminate: () => {
          terminated.push(id);
        },
      };
    };
    return { spawn, started, finish, ready: () => ready(), terminated };
  }
  const data = { images: new Float32Array(784 * 10), labels: new Uint8Array(10) };

  it('ends every worker once when the search finishes', async () => {
    const w = fakeWorkers();
    const search = searchOnWorkers(w.spawn, { seed: 0, trials: 2, workers: 3, ...data });
    w.ready();
    await settle();
    expect(w.started).toEqual([0, 1]);
    await w.finish(0);
    expect(w.terminated).toEqual([]);
    await w.finish(1);
    const r = await search;
    expect(r.trials).toHaveLength(2);
    // Two trials: two workers, not three.
    expect(w.terminated).toEqual([0, 1]);
  });

  it('a stop resolves with the finished trials and ends the workers, running trials abandoned', async () => {
    const w = fakeWorkers();
    const control = new RunControl();
    const search = searchOnWorkers(w.spawn, { seed: 0, trials: 5, workers: 2, control, ...data });
    w.ready();
    await settle();
    await w.finish(1);
    control.stop();
    const r = await search;
    expect(r).toMatchObject({ stopped: true, trialsRequested: 5 });
    expect(r.trials.map((t) => t.trial)).toEqual([1]);
    expect(w.terminated).toEqual([0, 1]);
  });

  it('a stop while the workers start (they may never answer) ends them with no trial', async () => {
    const w = fakeWorkers();
    const control = new RunControl();
    const search = searchOnWorkers(w.spawn, { seed: 0, trials: 5, workers: 2, control, ...data });
    await settle();
    control.stop();
    const r = await search;
    expect(r).toMatchObject({ stopped: true, trials: [] });
    expect(w.started).toEqual([]);
    expect(w.terminated).toEqual([0, 1]);
  });
});

describe('hyperparameter search: split and one trial', () => {
  let train: LabeledData;
  beforeAll(async () => {
    ({ train } = await loadMnistNode({ trainSize: 500 }));
  });

  it('splits the first images into disjoint training and validation sets (book: 400 / 100)', () => {
    const s = splitForSearch(train, BOOK_SEARCH, 0);
    expect(s.train.count).toBe(400);
    expect(s.validation.count).toBe(100);
    expect(s.train.x).toHaveLength(400 * 784);
    // A shuffle, seeded: the same split for the same seed, another for another.
    expect(splitForSearch(train, BOOK_SEARCH, 0).validation.labels).toEqual(s.validation.labels);
    expect(splitForSearch(train, BOOK_SEARCH, 1).validation.x).not.toEqual(s.validation.x);
    expect(s.validation.x.subarray(0, 784)).not.toEqual(train.x.subarray(0, 784));
    // Every image lands in exactly one of the two sets.
    const counts = new Array(10).fill(0);
    for (const l of train.labels) counts[l]++;
    for (const l of [...s.train.labels, ...s.validation.labels]) counts[l]--;
    expect(counts).toEqual(new Array(10).fill(0));
  });

  it('trains one tiny trial: a curve per epoch, the same numbers twice', async () => {
    const split = splitForSearch(train, TINY_SEARCH, 0);
    const a = await runTrial(split, 0, 3, TINY_SEARCH);
    expect(a).toMatchObject(sampleTrial(0, 3));
    expect(a.valAccuracy).toHaveLength(2);
    expect(a.trainAccuracy).toHaveLength(2);
    expect(a.finalValAccuracy).toBe(a.valAccuracy[1]);
    for (const v of [...a.valAccuracy, ...a.trainAccuracy]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    expect(a.diverged).toBeNull();
    expect(await runTrial(split, 0, 3, TINY_SEARCH)).toEqual(a);
  });

  it('runSearch gathers trials by index whatever the pool size, and stops with its control', async () => {
    const split = splitForSearch(train, TINY_SEARCH, 2);
    const run = (trial: number) => runTrial(split, 2, trial, TINY_SEARCH);
    const one = await runSearch([run], { seed: 2, trials: 3, settings: TINY_SEARCH });
    const three = await runSearch([run, run, run], { seed: 2, trials: 3, settings: TINY_SEARCH });
    expect(three).toEqual(one);
    expect(one.trials.map((t) => t.trial)).toEqual([0, 1, 2]);
    expect(one.best).toHaveLength(3);
    expect(one.best[0].line).toMatch(/^Best-1 \(val acc:[\d.]+\) \| lr:[\d.e-]+, weight decay:/);
    expect(one).toMatchObject({ trainImages: 80, validationImages: 20, stopped: false });

    const control = new RunControl();
    const stopped = await runSearch([run], {
      seed: 2,
      trials: 50,
      settings: TINY_SEARCH,
      control,
      onTrial: (_r, done) => {
        if (done === 2) control.stop();
      },
    });
    expect(stopped.stopped).toBe(true);
    expect(stopped.trials.map((t) => t.trial)).toEqual([0, 1]);
    expect(stopped.trials).toEqual(one.trials.slice(0, 2));
  });

  it('a search paused and resumed mid-way gives exactly the results of one that was not', async () => {
    const split = splitForSearch(train, TINY_SEARCH, 4);
    const run = (trial: number) => runTrial(split, 4, trial, TINY_SEARCH);
    const plain = await runSearch([run, run], { seed: 4, trials: 4, settings: TINY_SEARCH });
    const control = new RunControl();
    const { events, onTrial, onPaused } = pauseAfterFirstTrial(control, 20);
    const paused = await runSearch([run, run], {
      seed: 4,
      trials: 4,
      settings: TINY_SEARCH,
      control,
      onTrial,
      onPaused,
    });
    // The trial running beside the first finished, then nothing until Resume.
    expect(events).toEqual(['trial 1', 'trial 2', 'paused 2', 'resume', 'trial 3', 'trial 4']);
    expect(paused).toEqual(plain);
    expect(paused.stopped).toBe(false);
  });
});
