/**
 * `sweep collect`'s merge, without I/O: the JSON lines of a sweep's runs (GNU parallel's
 * output, or pods' logs concatenated, among any other output), with the plan and parallel's
 * joblog where given, become one summary: the search's trials ranked by validation accuracy
 * as the search shows them, or the RL seeds with their mean, std, min and max. A run that
 * failed or never reported is listed, never fatal; only merging two different sweeps is.
 */
import { bestLine, bestTrials, type TrialResult } from '../../nn/experiments/hyperparameter-search';
import { groupText, keyText, type RunKey, runOfLine, type SweepGroup } from './sweep-lines';
import type { TrialLine } from './sweep-trial';

type RunLine = ReturnType<typeof runOfLine>;

/** What a pod prints when its line fails (scripts/sweep/k8s-indexed-job.yaml). */
export interface PodFailure {
  sweepRunFailed: true;
  index: number;
  exitCode: number;
}

/** `rl train`'s JSON line, the fields a sweep reads. */
export interface RlLine {
  env: string;
  algo: string;
  seed: number;
  steps: number;
  evalMeanReturn: number;
  evalStdReturn: number;
  randomMeanReturn: number;
  bestPeriodicEval: number | null;
  stopped: boolean;
  seconds: number;
  stepsPerSecond: number;
}

type Result = { kind: 'search'; line: TrialLine } | { kind: 'rl-seeds'; line: RlLine };

export interface FailedRun {
  /** "trial 3", "seed 2", or "line 4" when the line itself could not be read. */
  run: string;
  /** Its line in the plan from 0 (the pod's JOB_COMPLETION_INDEX), when known. */
  index: number | null;
  reason: string;
}

export interface RunCounts {
  /** Runs the plan (else the joblog) holds; null when neither was given. */
  expected: number | null;
  reported: number;
  failed: FailedRun[];
  /** Runs that failed once and reported on a later try (a retried pod). */
  retried: number;
  /** Result lines for a run already reported (the last one is kept). */
  duplicates: number;
  /** Lines that are not JSON (progress, warnings, pods' stderr): skipped. */
  nonJsonLines: number;
  /** JSON lines of nothing a sweep runs: skipped. */
  otherJsonLines: number;
}

export interface Stats {
  mean: number;
  /** Sample standard deviation (n - 1); null for one value. */
  std: number | null;
  min: number;
  max: number;
}

export type SweepSummary =
  | ({ sweep: 'search'; runs: RunCounts } & Omit<
      Extract<SweepGroup, { kind: 'search' }>,
      'kind'
    > & {
        ranked: Array<{
          rank: number;
          trial: number;
          finalValAccuracy: number;
          lr: number;
          weightDecay: number;
          diverged: number | null;
          line: string;
        }>;
      })
  | {
      sweep: 'rl-seeds';
      env: string;
      algo: string;
      runs: RunCounts;
      seeds: RlLine[];
      /** Over the seeds that reported; null when none did. */
      stats: Record<'evalMeanReturn' | 'randomMeanReturn' | 'stepsPerSecond', Stats> | null;
    };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A result line, a pod's failure, some other JSON, or null for a line that is not JSON. */
function classify(text: string): Result | PodFailure | 'other' | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(v)) return 'other';
  if (v.sweepRunFailed === true && Number.isInteger(v.index) && Number.isInteger(v.exitCode))
    return v as unknown as PodFailure;
  if (
    v.sweep === 'search-trial' &&
    Number.isInteger(v.trial) &&
    [v.finalValAccuracy, v.lr, v.weightDecay].every(num)
  )
    return { kind: 'search', line: v as unknown as TrialLine };
  if (
    typeof v.env === 'string' &&
    typeof v.algo === 'string' &&
    Number.isInteger(v.seed) &&
    [v.evalMeanReturn, v.randomMeanReturn, v.stepsPerSecond].every(num)
  )
    return { kind: 'rl-seeds', line: v as unknown as RlLine };
  return 'other';
}

function keyOf(r: Result): RunKey {
  return r.kind === 'search'
    ? { kind: 'search', trial: r.line.trial }
    : { kind: 'rl-seeds', seed: r.line.seed };
}

function groupOf(r: Result): SweepGroup {
  return r.kind === 'search'
    ? { kind: 'search', seed: r.line.seed, epochs: r.line.epochs, trainSize: r.line.trainSize }
    : { kind: 'rl-seeds', env: r.line.env, algo: r.line.algo };
}

export function stats(values: readonly number[]): Stats {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = n < 2 ? null : Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return {
    mean,
    std,
    min: values.reduce((a, b) => Math.min(a, b)),
    max: values.reduce((a, b) => Math.max(a, b)),
  };
}

/** The runs of a plan, by line (blank lines skipped); every line must be of one sweep. */
function readPlan(text: string): RunLine[] {
  const runs = text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return runOfLine(l);
      } catch (e) {
        throw new Error(`plan line ${i + 1}: ${(e as Error).message.split('\n')[0]}`);
      }
    });
  const odd = runs.findIndex((r) => groupText(r.group) !== groupText((runs[0] as RunLine).group));
  if (odd >= 0)
    throw new Error(
      `plan line ${odd + 1}: ${groupText((runs[odd] as RunLine).group)} after ${groupText((runs[0] as RunLine).group)}`,
    );
  return runs;
}

/** GNU parallel's joblog: Seq Host Starttime JobRuntime Send Receive Exitval Signal Command. */
function readJoblog(text: string) {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('Seq\t'))
    .map((l) => {
      const cols = l.split('\t');
      if (cols.length < 9) throw new Error(`joblog: not a GNU parallel joblog line: ${l}`);
      return {
        seq: Number(cols[0]),
        exit: Number(cols[6]),
        signal: Number(cols[7]),
        command: cols.slice(8).join('\t'),
      };
    });
}

export interface CollectInput {
  /** The texts holding the results (files, stdin). */
  results: readonly string[];
  plan?: string;
  joblog?: string;
}

export function collect(input: CollectInput): SweepSummary {
  const plan = input.plan === undefined ? null : readPlan(input.plan);
  const counts: RunCounts = {
    expected: null,
    reported: 0,
    failed: [],
    retried: 0,
    duplicates: 0,
    nonJsonLines: 0,
    otherJsonLines: 0,
  };
  const reported = new Map<string, Result>();
  const podFailures: PodFailure[] = [];
  let group: SweepGroup | null = plan?.[0]?.group ?? null;
  for (const text of input.results) {
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      if (line === '') continue;
      const c = classify(line);
      if (c === null) counts.nonJsonLines++;
      else if (c === 'other') counts.otherJsonLines++;
      else if ('sweepRunFailed' in c) podFailures.push(c);
      else {
        const g = groupOf(c);
        group ??= g;
        if (groupText(g) !== groupText(group))
          throw new Error(
            `runs of two sweeps: ${groupText(group)} and ${groupText(g)}${plan ? ' (the first is the plan)' : ''}; collect one sweep at a time`,
          );
        const key = keyText(keyOf(c));
        if (reported.has(key)) counts.duplicates++;
        reported.set(key, c);
      }
    }
  }
  if (group === null)
    throw new Error(
      `no run's JSON line in the input (${counts.nonJsonLines} other lines), and no --plan to say which sweep`,
    );
  counts.reported = reported.size;
  // Every failure record, by run; a later success of the same run makes it a retry.
  const failures = new Map<string, FailedRun>();
  const runAt = (index: number): string | null => {
    const p = plan?.[index];
    return p ? keyText(p.key) : null;
  };
  const fail = (run: string, index: number | null, reason: string) => {
    if (reported.has(run)) counts.retried++;
    else failures.set(run, { run, index, reason });
  };
  const jobs = input.joblog === undefined ? [] : readJoblog(input.joblog);
  const jobRuns: string[] = [];
  for (const job of jobs) {
    let run: string;
    try {
      run = keyText(runOfLine(job.command).key);
    } catch {
      run = runAt(job.seq - 1) ?? `line ${job.seq}`;
    }
    jobRuns.push(run);
    if (job.exit !== 0 || job.signal !== 0)
      fail(run, job.seq - 1, job.signal !== 0 ? `signal ${job.signal}` : `exit ${job.exit}`);
  }
  for (const f of podFailures)
    fail(runAt(f.index) ?? `line ${f.index + 1}`, f.index, `exit ${f.exitCode}`);
  const expected = plan
    ? plan.map((p) => keyText(p.key))
    : input.joblog !== undefined
      ? jobRuns
      : null;
  counts.expected = expected?.length ?? null;
  expected?.forEach((run, index) => {
    if (!reported.has(run) && !failures.has(run))
      failures.set(run, { run, index: plan ? index : null, reason: 'no result line' });
  });
  counts.failed = [...failures.values()].sort(
    (a, b) => (a.index ?? Number.MAX_SAFE_INTEGER) - (b.index ?? Number.MAX_SAFE_INTEGER),
  );
  const results = [...reported.values()];
  if (group.kind === 'search') {
    const trials: TrialResult[] = results.flatMap((r) => (r.kind === 'search' ? [r.line] : []));
    const { kind: _, ...settings } = group;
    return {
      sweep: 'search',
      ...settings,
      runs: counts,
      ranked: bestTrials(trials, trials.length).map((t, i) => ({
        rank: i + 1,
        trial: t.trial,
        finalValAccuracy: t.finalValAccuracy,
        lr: t.lr,
        weightDecay: t.weightDecay,
        diverged: t.diverged,
        line: bestLine(t, i + 1),
      })),
    };
  }
  const seeds = results
    .flatMap((r) => (r.kind === 'rl-seeds' ? [r.line] : []))
    .sort((a, b) => a.seed - b.seed);
  const of = (f: 'evalMeanReturn' | 'randomMeanReturn' | 'stepsPerSecond') =>
    stats(seeds.map((s) => s[f]));
  return {
    sweep: 'rl-seeds',
    env: group.env,
    algo: group.algo,
    runs: counts,
    seeds,
    stats:
      seeds.length === 0
        ? null
        : {
            evalMeanReturn: of('evalMeanReturn'),
            randomMeanReturn: of('randomMeanReturn'),
            stepsPerSecond: of('stepsPerSecond'),
          },
  };
}
