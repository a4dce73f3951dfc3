/**
 * `rl train | eval | bench`: the Arena's agents headless. Train prints a progress bar on
 * stderr and one JSON line on stdout; Ctrl-C stops training and still evaluates and saves.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { ENV_NAMES, isEnvName } from '../../../envs/registry';
import { RunControl } from '../../nn/run-control';
import {
  type Actor,
  AgentFileError,
  type AgentMeta,
  ALGO_NAMES,
  attachAgent,
  buildAgent,
  chooseRlBackend,
  DqnAgent,
  DqnTrainLoop,
  EVAL_MAX_STEPS,
  evaluate,
  isAlgoName,
  type LearningCurve,
  loadAgent,
  randomPolicyReturn,
  saveAgent,
  TabularTrainLoop,
  tabularActor,
} from '../../rl';
import { UsageError } from '../errors';
import { backendOption, intOption } from '../options';
import { rlBench, rlBenchUsage } from './rl-bench';
import { rlCurve, rlCurveUsage } from './rl-curve';

export const rlUsage = `rl train --env ${ENV_NAMES.join('|')} [options]
    --algo ${ALGO_NAMES.join('|')} (dqn)   --steps N env steps (20000)   --seed S (0)
    --out FILE.gaa   --num-envs N (1, dqn)   --backend wasm|cpu|webgpu|auto (auto: measured)
    --eval-episodes N (100, greedy, seeds 10000+S...)
    --config JSON (on top of the env's DQN preset or the tabular defaults, e.g.
                   '{"epsilon":{"start":1,"end":0.1,"steps":10000}}')
    --eval-every N (greedy check of 20 episodes every N steps, keeping the best weights;
                    default 5000 for cartpole, where DQN collapses late; 0 = off)
    --curve FILE.json (the learning curve: every episode's return and each periodic eval)
  rl eval --agent FILE.gaa [--env NAME (the file's)] [--episodes 100]
          [--seed N (the episodes rl train evaluated on: its evalSeed; else 10000)]
  ${rlBenchUsage}
  ${rlCurveUsage}`;

const EVAL_SEED_BASE = 10_000;

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

function envOption(value: string | undefined, required: boolean): string | undefined {
  if (value === undefined) {
    if (required) throw new UsageError('--env is required');
    return undefined;
  }
  if (!isEnvName(value))
    throw new UsageError(`--env must be one of ${ENV_NAMES.join(', ')}, got "${value}"`);
  return value;
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    throw new Error(
      `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

function round(x: number, digits = 3): number {
  return Number(x.toFixed(digits));
}

interface Bar {
  update(steps: number, fields: Record<string, string>): void;
  stop(): void;
}

function rlBar(total: number): Bar {
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format:
        'rl |{bar}| {percentage}% | step {value}/{total} | ep {episodes} | mean100 {mean} | eps {eps} | {sps} steps/s',
      hideCursor: true,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { episodes: '0', mean: '-', eps: '-', sps: '-' });
  return { update: (v, f) => bar.update(Math.min(v, total), f), stop: () => bar.stop() };
}

async function rlTrain(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      env: { type: 'string' },
      algo: { type: 'string' },
      steps: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      'num-envs': { type: 'string' },
      backend: { type: 'string' },
      'eval-episodes': { type: 'string' },
      'eval-every': { type: 'string' },
      config: { type: 'string' },
      curve: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const env = envOption(values.env, true) as string;
  const algo = values.algo ?? 'dqn';
  if (!isAlgoName(algo))
    throw new UsageError(`--algo must be one of ${ALGO_NAMES.join(', ')}, got "${algo}"`);
  const steps = intOption(values.steps, 'steps', 20_000);
  const seed = intOption(values.seed, 'seed', 0, 0);
  const numEnvs = intOption(values['num-envs'], 'num-envs', 1);
  const evalEpisodes = intOption(values['eval-episodes'], 'eval-episodes', 100);
  const evalEvery = intOption(
    values['eval-every'],
    'eval-every',
    env === 'cartpole' && algo === 'dqn' ? 5000 : 0,
    0,
  );
  if (algo !== 'dqn' && numEnvs !== 1) throw new UsageError('--num-envs applies to dqn only');
  const request = backendOption(values.backend);
  const backend = await chooseRlBackend(request);
  console.error(`backend: ${backend.backend} (${backend.reason})`);

  let overrides: Record<string, unknown> = {};
  if (values.config !== undefined) {
    try {
      overrides = JSON.parse(values.config) as Record<string, unknown>;
    } catch (e) {
      throw new UsageError(`--config must be a JSON object: ${(e as Error).message}`);
    }
    if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides))
      throw new UsageError('--config must be a JSON object');
  }
  const built = buildAgent(env, algo, seed, overrides);
  const evalSeed = EVAL_SEED_BASE + seed;
  const control = new RunControl();
  const stopOnSignal = () => {
    console.error('\nstopping (Ctrl-C): evaluating and saving what was learned');
    control.stop();
  };
  process.once('SIGINT', stopOnSignal);
  const recent: number[] = [];
  let episodes = 0;
  // The learning curve for --curve: every episode's return at the step it ended, and the
  // periodic greedy evaluations.
  const curveEpisodes: [number, number][] = [];
  const curveEvaluations: [number, number][] = [];
  const onEpisode = (ret: number, atStep: number) => {
    curveEpisodes.push([atStep, ret]);
    episodes++;
    recent.push(ret);
    if (recent.length > 100) recent.shift();
  };
  const mean100 = () =>
    recent.length ? (recent.reduce((a, b) => a + b, 0) / recent.length).toFixed(2) : '-';
  const bar = rlBar(steps);
  const started = performance.now();
  let done = 0;
  let bestEval: number | null = null;
  try {
    if (built.kind === 'dqn')
      console.error(
        `${env} dqn: ${built.agent.online.parameterCount.toLocaleString('en')} parameters, ${numEnvs} env(s)`,
      );
    const loop =
      built.kind === 'dqn'
        ? new DqnTrainLoop(built.agent, built.makeEnv, { numEnvs, seed })
        : new TabularTrainLoop(built.agent, built.makeEnv, { seed });
    const summary = await loop.run(steps, {
      control,
      progressEvery: 500,
      onEpisode: (e) => onEpisode(e.return, e.steps),
      onProgress: (p) =>
        bar.update(p.steps, {
          episodes: String(episodes),
          mean: mean100(),
          eps: p.epsilon.toFixed(3),
          sps: Math.round(p.stepsPerSecond).toString(),
        }),
      evaluation:
        evalEvery > 0
          ? {
              every: evalEvery,
              episodes: 20,
              seed: evalSeed + 1_000_000,
              keepBest: true,
              maxSteps: EVAL_MAX_STEPS,
            }
          : undefined,
      onEvaluation: (r) => {
        bestEval = r.best;
        curveEvaluations.push([r.steps, round(r.result.mean)]);
        bar.stop();
        console.error(
          `eval at ${r.steps} steps: mean ${r.result.mean.toFixed(2)} over 20 (best ${r.best.toFixed(2)})`,
        );
      },
    });
    done = summary.steps;
  } finally {
    bar.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  try {
    console.error(`evaluating ${evalEpisodes} greedy episodes...`);
    const actor: Actor = built.kind === 'dqn' ? built.agent : tabularActor(built.agent);
    const result = evaluate(actor, built.makeEnv, evalEpisodes, evalSeed, {
      maxSteps: EVAL_MAX_STEPS,
    });
    const random = randomPolicyReturn(built.makeEnv, evalEpisodes, evalSeed, {
      maxSteps: EVAL_MAX_STEPS,
    });
    if (values.out) {
      const meta: AgentMeta = {
        env,
        algo,
        steps: done,
        seed,
        numEnvs,
        evalMeanReturn: result.mean,
        evalEpisodes,
        evalSeed,
        randomMeanReturn: random.mean,
        backend: backend.backend,
        config: values.config ?? null,
        savedAt: new Date().toISOString(),
      };
      await writeFile(values.out, await saveAgent(built.agent, meta));
      console.error(`saved ${values.out}`);
    }
    if (values.curve) {
      const curve: LearningCurve = {
        env,
        algo,
        seed,
        steps: done,
        randomMeanReturn: round(random.mean),
        finalEvalMeanReturn: round(result.mean),
        evalEpisodes,
        episodes: curveEpisodes,
        evaluations: curveEvaluations,
      };
      await writeFile(values.curve, `${JSON.stringify(curve)}\n`);
      console.error(`learning curve written to ${values.curve}`);
    }
    console.log(
      JSON.stringify({
        env,
        algo,
        steps: done,
        evalMeanReturn: round(result.mean),
        evalStdReturn: round(result.std),
        evalEpisodes,
        evalSeed,
        randomMeanReturn: round(random.mean),
        seconds: round(seconds, 2),
        stepsPerSecond: Math.round(done / Math.max(seconds, 1e-9)),
        episodes,
        bestPeriodicEval: bestEval,
        stopped: control.stopped,
        seed,
        numEnvs,
        backend: backend.backend,
      }),
    );
  } finally {
    process.off('SIGINT', stopOnSignal);
    if (built.agent instanceof DqnAgent) built.agent.dispose();
  }
}

async function rlEval(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      env: { type: 'string' },
      agent: { type: 'string' },
      episodes: { type: 'string' },
      seed: { type: 'string' },
      backend: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (!values.agent) throw new UsageError('--agent is required');
  let env = envOption(values.env, false);
  const episodes = intOption(values.episodes, 'episodes', 100);
  const seedOption = values.seed === undefined ? undefined : intOption(values.seed, 'seed', 0, 0);
  const request = backendOption(values.backend);
  const bytes = await readBytes(values.agent);
  const backend = await chooseRlBackend(request);
  let loaded: ReturnType<typeof loadAgent>;
  try {
    loaded = loadAgent(bytes);
  } catch (e) {
    if (e instanceof AgentFileError) throw new Error(`${values.agent}: ${e.message}`);
    throw e;
  }
  try {
    const fileEnv = typeof loaded.meta.env === 'string' ? loaded.meta.env : undefined;
    if (!(env ?? fileEnv))
      throw new UsageError('--env is required (the agent file does not name its env)');
    let attached: ReturnType<typeof attachAgent>;
    try {
      attached = attachAgent(loaded, env);
    } catch (e) {
      if (e instanceof AgentFileError) throw new Error(`${values.agent}: ${e.message}`);
      throw e;
    }
    const { makeEnv, actor } = attached;
    env = attached.env;
    // By default the episodes `rl train` evaluated on (its meta), so the numbers compare.
    const seed =
      seedOption ??
      (typeof loaded.meta.evalSeed === 'number' && Number.isInteger(loaded.meta.evalSeed)
        ? loaded.meta.evalSeed
        : EVAL_SEED_BASE);
    const result = evaluate(actor, makeEnv, episodes, seed, { maxSteps: EVAL_MAX_STEPS });
    console.error(`backend: ${backend.backend}; agent meta: ${JSON.stringify(loaded.meta)}`);
    console.log(
      JSON.stringify({
        env,
        agent: values.agent,
        algo: attached.algo,
        episodes,
        seed,
        meanReturn: round(result.mean),
        stdReturn: round(result.std),
        minReturn: Math.min(...result.returns),
        maxReturn: Math.max(...result.returns),
        backend: backend.backend,
      }),
    );
  } finally {
    if (loaded.kind === 'dqn') loaded.agent.dispose();
  }
}
