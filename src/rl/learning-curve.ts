/**
 * A training run's learning curve as `rl train --curve` writes it, read back with every field
 * checked (it is a file a user may have edited), and summarised into windows of env steps: the
 * mean training return per window and the greedy evaluations that fell in it.
 */

export interface LearningCurve {
  env: string;
  algo: string;
  seed: number;
  /** Env steps the run took. */
  steps: number;
  randomMeanReturn: number;
  finalEvalMeanReturn: number;
  evalEpisodes: number;
  /** [env step at the episode's end, return] for every training episode (epsilon-greedy). */
  episodes: [number, number][];
  /** [env step, greedy mean return over 20 episodes] from the periodic evaluation. */
  evaluations: [number, number][];
}

export interface CurveWindow {
  /** Env steps (from, to]. */
  from: number;
  to: number;
  /** Training episodes that ended in the window, and their mean return (null: none). */
  episodes: number;
  meanReturn: number | null;
  /** Greedy evaluations made in the window, in order. */
  evaluations: number[];
}

export class LearningCurveError extends Error {
  override name = 'LearningCurveError';
}

function finite(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new LearningCurveError(`${what} must be a finite number`);
  return v;
}

function pairs(v: unknown, what: string): [number, number][] {
  if (!Array.isArray(v)) throw new LearningCurveError(`${what} must be a list of [step, return]`);
  let last = 0;
  return v.map((p, i) => {
    if (!Array.isArray(p) || p.length !== 2)
      throw new LearningCurveError(`${what}[${i}] must be [step, return]`);
    const step = finite(p[0], `${what}[${i}]'s step`);
    if (!Number.isInteger(step) || step < last)
      throw new LearningCurveError(`${what}[${i}]'s step must be a whole number, in order`);
    last = step;
    return [step, finite(p[1], `${what}[${i}]'s return`)];
  });
}

/** Check a parsed `--curve` file; throws LearningCurveError naming the first bad field. */
export function parseLearningCurve(data: unknown): LearningCurve {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new LearningCurveError('a learning curve must be a JSON object');
  const o = data as Record<string, unknown>;
  if (typeof o.env !== 'string' || typeof o.algo !== 'string')
    throw new LearningCurveError('env and algo must be strings');
  return {
    env: o.env,
    algo: o.algo,
    seed: finite(o.seed, 'seed'),
    steps: finite(o.steps, 'steps'),
    randomMeanReturn: finite(o.randomMeanReturn, 'randomMeanReturn'),
    finalEvalMeanReturn: finite(o.finalEvalMeanReturn, 'finalEvalMeanReturn'),
    evalEpisodes: finite(o.evalEpisodes, 'evalEpisodes'),
    episodes: pairs(o.episodes, 'episodes'),
    evaluations: pairs(o.evaluations, 'evaluations'),
  };
}

/** The curve in windows of `window` env steps, up to the run's last step. */
export function curveWindows(curve: LearningCurve, window: number): CurveWindow[] {
  if (!Number.isInteger(window) || window < 1)
    throw new RangeError(`window must be a positive whole number of steps, got ${window}`);
  const count = Math.max(1, Math.ceil(curve.steps / window));
  const windows: CurveWindow[] = Array.from({ length: count }, (_, i) => ({
    from: i * window,
    to: Math.min((i + 1) * window, curve.steps),
    episodes: 0,
    meanReturn: null,
    evaluations: [],
  }));
  // A step exactly on a boundary belongs to the window it closes: (from, to].
  const at = (step: number) => Math.min(count - 1, Math.max(0, Math.ceil(step / window) - 1));
  const sums = new Float64Array(count);
  for (const [step, ret] of curve.episodes) {
    const i = at(step);
    (windows[i] as CurveWindow).episodes++;
    sums[i] += ret;
  }
  windows.forEach((w, i) => {
    if (w.episodes > 0) w.meanReturn = (sums[i] as number) / w.episodes;
  });
  for (const [step, mean] of curve.evaluations)
    (windows[at(step)] as CurveWindow).evaluations.push(mean);
  return windows;
}
