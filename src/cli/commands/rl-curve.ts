/**
 * `rl curve FILE`: a learning curve written by `rl train --curve`, as a table of windows of env
 * steps (mean training return, greedy evaluations) beside the random policy, then one JSON line.
 */
import { readRegularFile } from '../../data/node-files';
import { curveWindows, LearningCurveError, parseLearningCurve } from '../../rl';
import { UsageError } from '../errors';
import { type FlagTable, flagUsage, parseCommandArgs, parseFlags } from '../flags';

/** The numeric flags of `rl curve` (parsing and usage both read it). */
export const RL_CURVE_FLAGS: FlagTable = [
  {
    name: 'window',
    integer: true,
    min: 1,
    max: 100_000_000,
    fallback: '10,000',
    meaning: 'env steps a row',
  },
];

/** A curve file is JSON of every episode's return: tens of MB for millions of episodes. */
const MAX_CURVE_FILE_BYTES = 256 * 2 ** 20;

export const rlCurveUsage = `rl curve FILE.json
    The learning curve of \`rl train --curve\`: mean training return and greedy evals per window.
${flagUsage(RL_CURVE_FLAGS)}`;

const fmt = (x: number | null) => (x === null ? '-' : x.toFixed(2));

export async function rlCurve(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, { window: { type: 'string' } }, true);
  if (positionals.length !== 1) throw new UsageError('rl curve takes one curve file');
  const file = positionals[0] as string;
  const window = parseFlags(RL_CURVE_FLAGS, values).window ?? 10_000;
  const text = new TextDecoder().decode(await readRegularFile(file, MAX_CURVE_FILE_BYTES));
  let curve: ReturnType<typeof parseLearningCurve>;
  try {
    curve = parseLearningCurve(JSON.parse(text));
  } catch (e) {
    if (e instanceof SyntaxError || e instanceof LearningCurveError)
      throw new Error(`${file} is not a learning curve: ${e.message}`);
    throw e;
  }
  const windows = curveWindows(curve, window);
  console.log(
    `${curve.env} ${curve.algo}, seed ${curve.seed}, ${curve.steps.toLocaleString('en')} env steps; random policy ${fmt(curve.randomMeanReturn)}`,
  );
  console.log('env steps        episodes  mean return (training)  greedy eval(s)');
  for (const w of windows)
    console.log(
      `${`${w.from / 1000}k-${w.to / 1000}k`.padEnd(16)} ${String(w.episodes).padStart(8)}  ${fmt(w.meanReturn).padStart(22)}  ${w.evaluations.map((e) => e.toFixed(2)).join(' ')}`,
    );
  console.log(
    `final greedy mean over ${curve.evalEpisodes} episodes: ${fmt(curve.finalEvalMeanReturn)} (random ${fmt(curve.randomMeanReturn)})`,
  );
  console.log(
    JSON.stringify({
      env: curve.env,
      algo: curve.algo,
      seed: curve.seed,
      steps: curve.steps,
      window,
      meanReturn: windows.map((w) =>
        w.meanReturn === null ? null : Number(w.meanReturn.toFixed(3)),
      ),
      evaluations: curve.evaluations,
      finalEvalMeanReturn: curve.finalEvalMeanReturn,
      randomMeanReturn: curve.randomMeanReturn,
    }),
  );
}
