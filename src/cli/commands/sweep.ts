/**
 * `sweep plan | trial | collect`: a sweep (the hyperparameter search, RL seeds) as independent
 * CLI runs that an existing batch system runs (scripts/sweep/: GNU parallel here, a
 * Kubernetes Indexed Job on a cluster), and their JSON lines merged back into one summary.
 */
import { readRegularFile } from '../../data/node-files';
import { UsageError } from '../errors';
import { parseCommandArgs } from '../flags';
import { type CollectInput, collect, type Stats, type SweepSummary } from './sweep-collect';
import { sweepPlan, sweepPlanUsage } from './sweep-plan';
import { sweepTrial, sweepTrialUsage } from './sweep-trial';

export const sweepUsage = `${sweepPlanUsage}
  ${sweepTrialUsage}
  sweep collect [--plan FILE] [--joblog FILE] FILE...|-: merges the runs' JSON lines (any other
    line is skipped and counted) into a table on stderr and one JSON summary on stdout; with
    --plan (and GNU parallel's --joblog) runs that failed or never reported are listed`;

/** The most one input may hold: a 10,000-trial search of 50 epochs is a few MB. */
const MAX_INPUT_BYTES = 256 * 1024 * 1024;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_INPUT_BYTES) throw new Error(`stdin: more than ${MAX_INPUT_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readText(path: string): Promise<string> {
  return new TextDecoder().decode(await readRegularFile(path, MAX_INPUT_BYTES));
}

const fixed = (x: number | null, digits = 2) => (x === null ? '-' : x.toFixed(digits));
const statsText = (s: Stats, digits = 2) =>
  `mean ${fixed(s.mean, digits)}, std ${fixed(s.std, digits)}, min ${fixed(s.min, digits)}, max ${fixed(s.max, digits)}`;

/** The table `sweep collect` writes on stderr. */
export function summaryTable(s: SweepSummary): string[] {
  const out: string[] = [];
  const r = s.runs;
  if (s.sweep === 'search') {
    out.push(
      `=========== Hyper-Parameter Optimization Result (${r.reported} trials, seed ${s.seed}, ${s.epochs} epochs, ${s.trainSize} images) ===========`,
    );
    const shown = s.ranked.slice(0, 20);
    for (const t of shown)
      out.push(`${t.line}  (trial ${t.trial}${t.diverged === null ? '' : ', diverged'})`);
    if (s.ranked.length > shown.length)
      out.push(`... ${s.ranked.length - shown.length} more in the JSON summary`);
  } else {
    out.push(`${s.env} ${s.algo}: ${r.reported} seeds`);
    out.push('seed  steps      greedy mean (std)    random   best check  steps/s  stopped');
    for (const x of s.seeds)
      out.push(
        `${String(x.seed).padEnd(5)} ${String(x.steps).padEnd(10)} ${`${fixed(x.evalMeanReturn)} (${fixed(x.evalStdReturn)})`.padEnd(20)} ${fixed(x.randomMeanReturn).padEnd(8)} ${(x.bestPeriodicEval === null ? '-' : fixed(x.bestPeriodicEval)).padEnd(11)} ${String(x.stepsPerSecond).padEnd(8)} ${x.stopped ? 'yes' : ''}`.trimEnd(),
      );
    if (s.stats) {
      out.push(`greedy mean over seeds: ${statsText(s.stats.evalMeanReturn)}`);
      out.push(`random policy:          ${statsText(s.stats.randomMeanReturn)}`);
      out.push(`steps/s:                ${statsText(s.stats.stepsPerSecond, 0)}`);
    }
  }
  const of = r.expected === null ? '' : ` of ${r.expected}`;
  out.push(
    `${r.reported}${of} runs reported; ${r.failed.length} failed or missing` +
      (r.expected === null ? ' (give --plan to count the missing ones)' : ''),
  );
  for (const f of r.failed)
    out.push(
      `  failed: ${f.run}${f.index === null ? '' : ` (plan line ${f.index + 1})`}: ${f.reason}`,
    );
  if (r.retried > 0) out.push(`${r.retried} failed tries reported on a retry`);
  if (r.duplicates > 0) out.push(`${r.duplicates} duplicate result lines (the last kept)`);
  out.push(`${r.nonJsonLines} non-JSON lines and ${r.otherJsonLines} other JSON lines skipped`);
  return out;
}

async function sweepCollect(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(
    argv,
    { plan: { type: 'string' }, joblog: { type: 'string' } },
    true,
  );
  if (positionals.length === 0)
    throw new UsageError('give the results: files of JSON lines, or - for stdin');
  if (positionals.filter((p) => p === '-').length > 1)
    throw new UsageError('- (stdin) at most once');
  const input: CollectInput = {
    results: await Promise.all(positionals.map((p) => (p === '-' ? readStdin() : readText(p)))),
    plan: values.plan === undefined ? undefined : await readText(values.plan),
    joblog: values.joblog === undefined ? undefined : await readText(values.joblog),
  };
  const summary = collect(input);
  for (const line of summaryTable(summary)) console.error(line);
  console.log(JSON.stringify(summary));
  if (summary.runs.reported === 0)
    throw new Error(`no run reported a result (${summary.runs.failed.length} failed or missing)`);
}

export async function sweep(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === 'plan') return sweepPlan(rest);
  if (sub === 'trial') return sweepTrial(rest);
  if (sub === 'collect') return sweepCollect(rest);
  throw new UsageError(
    sub ? `unknown sweep command "${sub}"` : 'sweep needs plan, trial or collect',
  );
}
