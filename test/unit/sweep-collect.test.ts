/**
 * `sweep collect`'s merge: result lines among any other output, ranked as the search ranks
 * them or summed up over RL seeds; failed, retried and missing runs listed, never fatal;
 * results of two sweeps never merged.
 */
import { describe, expect, it } from 'vitest';
import { summaryTable } from '../../src/cli/commands/sweep';
import { collect, stats } from '../../src/cli/commands/sweep-collect';
import { planRlSeeds, planSearch } from '../../src/cli/commands/sweep-plan';
import type { TrialLine } from '../../src/cli/commands/sweep-trial';
import { bestLine, sampleTrial } from '../../src/nn/experiments/hyperparameter-search';

const SEED = 4;
const PLAN_ARGS = ['--trials', '6', '--seed', String(SEED), '--epochs', '2', '--train-size', '100'];
const plan = () =>
  `${planSearch(PLAN_ARGS)
    .map((r) => r.line)
    .join('\n')}\n`;

function trialLine(trial: number, finalValAccuracy: number, over: Partial<TrialLine> = {}) {
  const s = sampleTrial(SEED, trial);
  const line: TrialLine = {
    sweep: 'search-trial',
    seed: SEED,
    trial,
    epochs: 2,
    trainSize: 100,
    trainImages: 80,
    validationImages: 20,
    lr: s.lr,
    weightDecay: s.weightDecay,
    finalValAccuracy,
    valAccuracy: [0.1, finalValAccuracy],
    trainAccuracy: [0.1, 0.2],
    diverged: null,
    seconds: 1,
    backend: 'wasm',
    ...over,
  };
  return JSON.stringify(line);
}

/** A joblog as GNU parallel writes it (tab-separated, a header). */
function joblog(rows: Array<[seq: number, exit: number, signal: number, command: string]>) {
  const header = 'Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand';
  return [
    header,
    ...rows.map(
      ([seq, exit, signal, cmd]) => `${seq}\t:\t1.0\t 2.0\t0\t300\t${exit}\t${signal}\t${cmd}`,
    ),
  ].join('\n');
}

describe('sweep collect: a search', () => {
  it('ranks the trials by validation accuracy as the search does, skipping other lines', () => {
    const output = [
      'trial 1: epoch 1/2, val acc 0.100',
      '',
      trialLine(2, 0.5),
      '{broken json',
      trialLine(0, 0.8),
      '{"experiment":"overfit","out":"x.json"}',
      '[1, 2]',
      trialLine(1, 0.5),
    ].join('\n');
    const s = collect({ results: [output, `${trialLine(3, 0.9, { diverged: 40 })}\n`] });
    if (s.sweep !== 'search') throw new Error('not a search');
    expect(s).toMatchObject({ seed: SEED, epochs: 2, trainSize: 100 });
    // Ties keep the earlier trial first, as bestTrials does.
    expect(s.ranked.map((r) => r.trial)).toEqual([3, 0, 1, 2]);
    expect(s.ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
    expect(s.ranked[0]).toMatchObject({ finalValAccuracy: 0.9, diverged: 40 });
    expect(s.ranked[1]?.line).toBe(
      bestLine(
        {
          ...sampleTrial(SEED, 0),
          finalValAccuracy: 0.8,
          valAccuracy: [],
          trainAccuracy: [],
          diverged: null,
        },
        2,
      ),
    );
    expect(s.ranked[1]?.line).toMatch(
      /^Best-2 \(val acc:0\.8\) \| lr:[\d.e+-]+, weight decay:[\d.e+-]+$/,
    );
    expect(s.runs).toEqual({
      expected: null,
      reported: 4,
      failed: [],
      retried: 0,
      duplicates: 0,
      nonJsonLines: 2,
      otherJsonLines: 2,
    });
    const table = summaryTable(s);
    expect(table[0]).toMatch(
      /Hyper-Parameter Optimization Result \(4 trials, seed 4, 2 epochs, 100 images\)/,
    );
    expect(table[1]).toMatch(/^Best-1 \(val acc:0\.9\) .* \(trial 3, diverged\)$/);
    expect(table).toContain('2 non-JSON lines and 2 other JSON lines skipped');
  });

  it('lists failed, retried and missing runs from the plan, the joblog and pods, and goes on', () => {
    const lines = plan().trim().split('\n');
    const log = joblog([
      [1, 0, 0, lines[0] as string],
      [2, 1, 0, lines[1] as string],
      [3, 0, 0, lines[2] as string],
      [4, -1, 9, lines[3] as string],
    ]);
    const results = [
      trialLine(0, 0.3),
      trialLine(2, 0.4),
      trialLine(2, 0.4),
      // Pod 4 failed once, then its retry reported; pod 5 failed on every try.
      '{"sweepRunFailed":true,"index":4,"exitCode":137}',
      trialLine(4, 0.6),
      '{"sweepRunFailed":true,"index":5,"exitCode":1}',
      '{"sweepRunFailed":true,"index":5,"exitCode":1}',
    ].join('\n');
    const s = collect({ results: [results], plan: plan(), joblog: log });
    if (s.sweep !== 'search') throw new Error('not a search');
    expect(s.ranked.map((r) => r.trial)).toEqual([4, 2, 0]);
    expect(s.runs).toMatchObject({ expected: 6, reported: 3, retried: 1, duplicates: 1 });
    expect(s.runs.failed).toEqual([
      { run: 'trial 1', index: 1, reason: 'exit 1' },
      { run: 'trial 3', index: 3, reason: 'signal 9' },
      { run: 'trial 5', index: 5, reason: 'exit 1' },
    ]);
    const table = summaryTable(s);
    expect(table).toContain('3 of 6 runs reported; 3 failed or missing');
    expect(table).toContain('  failed: trial 3 (plan line 4): signal 9');
  });

  it('with a plan, counts a run with no line and no failure as missing', () => {
    const s = collect({ results: [trialLine(1, 0.2)], plan: plan() });
    expect(s.runs.expected).toBe(6);
    expect(s.runs.failed.map((f) => `${f.run}: ${f.reason}`)).toEqual(
      [0, 2, 3, 4, 5].map((t) => `trial ${t}: no result line`),
    );
  });

  it('with a plan and no result at all, still says which runs failed', () => {
    const s = collect({ results: ['error: something\n'], plan: plan() });
    expect(s.runs).toMatchObject({ expected: 6, reported: 0, nonJsonLines: 1 });
    expect(s.runs.failed).toHaveLength(6);
  });

  it('refuses to merge two sweeps, or results of another plan', () => {
    expect(() =>
      collect({ results: [`${trialLine(0, 0.2)}\n${trialLine(1, 0.3, { epochs: 5 })}`] }),
    ).toThrow(
      /runs of two sweeps: search seed 4, 2 epochs, 100 images and search seed 4, 5 epochs, 100 images/,
    );
    const rl = JSON.stringify({
      env: 'catch',
      algo: 'dqn',
      seed: 0,
      evalMeanReturn: 1,
      randomMeanReturn: 0,
      stepsPerSecond: 100,
    });
    expect(() => collect({ results: [`${trialLine(0, 0.2)}\n${rl}`] })).toThrow(
      /runs of two sweeps/,
    );
    expect(() => collect({ results: [trialLine(0, 0.2, { seed: 5 })], plan: plan() })).toThrow(
      /\(the first is the plan\)/,
    );
    const mixedPlan = `${plan()}${planRlSeeds(['--env', 'catch', '--seeds', '1'])[0]?.line}\n`;
    expect(() => collect({ results: [], plan: mixedPlan })).toThrow(
      /plan line 7: catch dqn after search/,
    );
  });

  it('says so when there is nothing to collect, or a file is not what it should be', () => {
    expect(() => collect({ results: ['progress\n', ''] })).toThrow(
      /no run's JSON line in the input \(1 other lines\)/,
    );
    expect(() => collect({ results: [], plan: 'echo hi\n' })).toThrow(
      /plan line 1: not a line of sweep plan/,
    );
    expect(() => collect({ results: [trialLine(0, 1)], joblog: 'not\ta joblog' })).toThrow(
      /not a GNU parallel joblog line/,
    );
  });
});

describe('sweep collect: RL seeds', () => {
  const run = (seed: number, evalMeanReturn: number, over: Record<string, unknown> = {}) =>
    JSON.stringify({
      env: 'catch',
      algo: 'dqn',
      steps: 300,
      evalMeanReturn,
      evalStdReturn: 0.5,
      evalEpisodes: 5,
      evalSeed: 10_000 + seed,
      randomMeanReturn: -0.6,
      seconds: 2,
      stepsPerSecond: 150 + seed,
      episodes: 33,
      bestPeriodicEval: null,
      stopped: false,
      seed,
      numEnvs: 1,
      backend: 'wasm',
      ...over,
    });

  it('gives the per-seed figures and their mean, std, min and max', () => {
    const planText = planRlSeeds(['--env', 'catch', '--steps', '300', '--seeds', '4'])
      .map((r) => r.line)
      .join('\n');
    const s = collect({
      results: [`backend: wasm\n${run(2, 1)}\n${run(0, -1)}\nevaluating...\n${run(1, 0.4)}\n`],
      plan: planText,
    });
    if (s.sweep !== 'rl-seeds') throw new Error('not rl-seeds');
    expect(s).toMatchObject({ env: 'catch', algo: 'dqn' });
    expect(s.seeds.map((x) => [x.seed, x.evalMeanReturn])).toEqual([
      [0, -1],
      [1, 0.4],
      [2, 1],
    ]);
    expect(s.stats?.evalMeanReturn.mean).toBeCloseTo(0.4 / 3, 12);
    expect(s.stats?.evalMeanReturn).toMatchObject({ min: -1, max: 1 });
    expect(s.stats?.evalMeanReturn.std).toBeCloseTo(stats([-1, 0.4, 1]).std as number, 12);
    expect(s.stats?.stepsPerSecond).toMatchObject({ mean: 151, std: 1, min: 150, max: 152 });
    expect(s.runs).toMatchObject({ expected: 4, reported: 3, nonJsonLines: 2 });
    expect(s.runs.failed).toEqual([{ run: 'seed 3', index: 3, reason: 'no result line' }]);
    const table = summaryTable(s);
    expect(table[0]).toBe('catch dqn: 3 seeds');
    expect(table).toContain('greedy mean over seeds: mean 0.13, std 1.03, min -1.00, max 1.00');
  });

  it('sample std: [1, 2, 3] has std 1; one value has none', () => {
    expect(stats([1, 2, 3])).toEqual({ mean: 2, std: 1, min: 1, max: 3 });
    expect(stats([5])).toEqual({ mean: 5, std: null, min: 5, max: 5 });
  });
});
