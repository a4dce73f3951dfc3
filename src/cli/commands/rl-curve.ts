/**
 * `rl curve FILE`: a learning curve written by `rl train --curve`, as a table of windows of env
 * steps (mean training return, greedy evaluations) beside the random policy, then one JSON line.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { curveWindows, LearningCurveError, parseLearningCurve } from '../../rl';
import { UsageError } from '../errors';
import { intOption } from '../options';

export const rlCurveUsage = `rl curve FILE.json [--window 10000]
    The learning curve of \`rl train --curve\`: mean training return and greedy evals per window.`;

const fmt = (x: number | null) => (x === null ? '-' : x.toFixed(2));

export async function rlCurve(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { window: { type: 'string' } },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new UsageError('rl curve takes one curve file');
  const file = positionals[0] as string;
  const window = intOption(values.window, 'window', 10_000);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
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
