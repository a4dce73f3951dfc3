/** `rl train | eval | bench | curve`: the Arena's agents headless. */
import { UsageError } from '../errors';
import { rlBench, rlBenchUsage } from './rl-bench';
import { rlCurve, rlCurveUsage } from './rl-curve';
import { rlEval, rlEvalUsage } from './rl-eval';
import { rlTrain, rlTrainUsage } from './rl-train';

export const rlUsage = `${rlTrainUsage}
  ${rlEvalUsage}
  ${rlBenchUsage}
  ${rlCurveUsage}`;

export async function rl(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === 'train') return rlTrain(rest);
  if (sub === 'eval') return rlEval(rest);
  if (sub === 'bench') return rlBench(rest);
  if (sub === 'curve') return rlCurve(rest);
  throw new UsageError(
    sub ? `unknown rl command "${sub}"` : 'rl needs train, eval, bench or curve',
  );
}
