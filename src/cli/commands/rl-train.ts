/**
 * `rl train`: trains an agent headless. A progress bar on stderr, one JSON line on stdout;
 * Ctrl-C stops training and still evaluates and saves (a second one quits after any save).
 */
import cliProgress from 'cli-progress';
import { ENV_NAMES } from '../../../envs/registry';
import { RunControl } from '../../nn/run-control';
import {
  type Actor,
  type AgentMeta,
  ALGO_NAMES,
  buildAgent,
  chooseRlBackend,
  DqnAgent,
  DqnTrainLoop,
  EVAL_MAX_STEPS,
  evaluate,
  isAlgoName,
  type LearningCurve,
  randomPolicyReturn,
  saveAgent,
  TabularTrainLoop,
  tabularActor,
} from '../../rl';
import { planAgent } from '../../rl/make-agent';
import { parseConfigOption } from '../config-option';
import { UsageError } from '../errors';
import { type FlagTable, flagUsage, MAX_SEED, parseCommandArgs, parseFlags } from '../flags';
import { checkOutputs, saveFile, stopOnCtrlC } from '../interrupt';
import { backendOption } from '../options';
import { EVAL_SEED_BASE, envOption, round } from './rl-common';

/** The numeric flags of `rl train` (parsing and usage both read it). */
export const RL_TRAIN_FLAGS: FlagTable = [
  {
    name: 'steps',
    integer: true,
    min: 1,
    max: 100_000_000,
    fallback: '20,000',
    meaning: 'env steps to train',
  },
  {
    name: 'seed',
    integer: true,
    min: 0,
    max: MAX_SEED,
    fallback: '0',
    meaning: 'seed of the agent, the envs and the exploration',
  },
  {
    name: 'num-envs',
    integer: true,
    min: 1,
    max: 256,
    fallback: '1',
    meaning: 'envs stepped side by side (dqn)',
  },
  {
    name: 'eval-episodes',
    integer: true,
    min: 1,
    max: 10_000,
    fallback: '100',
    meaning: 'greedy episodes at the end, seeds 10000+S...',
  },
  {
    name: 'eval-every',
    integer: true,
    min: 0,
    max: 100_000_000,
    fallback: '5000 for cartpole, else 0 = off',
    meaning: 'a greedy check of 20 episodes every N steps, keeping the best weights',
  },
  {
    name: 'sticky',
    integer: false,
    min: 0,
    max: 1,
    fallback: '0',
    meaning:
      "MinAtar's sticky actions (breakout, snake): the previous action repeats with this probability (MinAtar's default 0.1); kept in the agent file",
  },
];

/** The envs with MinAtar's sticky actions. */
const STICKY_ENVS: readonly string[] = ['breakout', 'snake'];

export const rlTrainUsage = `rl train --env ${ENV_NAMES.join('|')} [options]
    --algo ${ALGO_NAMES.join('|')} (dqn)   --out FILE.gaa   --backend wasm|cpu|webgpu|auto (auto: measured)
${flagUsage(RL_TRAIN_FLAGS)}
    --config JSON (on top of the env's DQN preset or the tabular defaults, e.g.
                   '{"epsilon":{"start":1,"end":0.1,"steps":10000}}'; unknown keys are refused)
    --curve FILE.json (the learning curve: every episode's return and each periodic eval)`;

const RL_TRAIN_OPTIONS = {
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
  sticky: { type: 'string' },
} as const;

/** Everything `rl train` needs from its arguments, checked; nothing is built or written. */
export function parseRlTrainArgs(argv: readonly string[]) {
  const { values } = parseCommandArgs(argv, RL_TRAIN_OPTIONS);
  const flags = parseFlags(RL_TRAIN_FLAGS, values);
  const env = envOption(values.env, true) as string;
  const algo = values.algo ?? 'dqn';
  if (!isAlgoName(algo))
    throw new UsageError(`--algo must be one of ${ALGO_NAMES.join(', ')}, got "${algo}"`);
  const numEnvs = flags['num-envs'] ?? 1;
  if (algo !== 'dqn' && numEnvs !== 1) throw new UsageError('--num-envs applies to dqn only');
  const sticky = flags.sticky ?? 0;
  if (sticky > 0 && !STICKY_ENVS.includes(env))
    throw new UsageError(`--sticky applies to ${STICKY_ENVS.join(' and ')} only, not ${env}`);
  return {
    env,
    algo,
    steps: flags.steps ?? 20_000,
    seed: flags.seed ?? 0,
    numEnvs,
    evalEpisodes: flags['eval-episodes'] ?? 100,
    evalEvery: flags['eval-every'] ?? (env === 'cartpole' && algo === 'dqn' ? 5000 : 0),
    overrides: parseConfigOption(values.config, algo),
    /** Options of every env the run makes (training, checks, final evaluation). */
    envOptions: sticky > 0 ? { stickyActionProb: sticky } : {},
    config: values.config,
    backend: backendOption(values.backend),
    out: values.out,
    curve: values.curve,
  };
}

/**
 * Checks the agent these arguments ask for without building it (no backend needed): a bad
 * --config value, or one that makes the agent too big, is a wrong argument (exit 2).
 */
export function checkRlTrainAgent(args: ReturnType<typeof parseRlTrainArgs>): void {
  try {
    planAgent(args.env, args.algo, args.seed, args.overrides, args.envOptions);
  } catch (e) {
    throw new UsageError(`--config: ${(e as Error).message}`);
  }
}

function rlBar(total: number) {
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
  return {
    update: (v: number, f: Record<string, string>) => bar.update(Math.min(v, total), f),
    stop: () => bar.stop(),
  };
}

export async function rlTrain(argv: string[]): Promise<void> {
  const args = parseRlTrainArgs(argv);
  const { env, algo, seed, numEnvs, evalEpisodes, evalEvery } = args;
  await checkOutputs([args.out, args.curve]);
  // The vectorised loop steps every env each round: the run ends on a whole round.
  const steps = Math.ceil(args.steps / numEnvs) * numEnvs;
  if (steps !== args.steps)
    console.error(
      `note: --steps ${args.steps} runs as ${steps} (whole rounds of --num-envs ${numEnvs})`,
    );
  checkRlTrainAgent(args);
  const backend = await chooseRlBackend(args.backend);
  console.error(`backend: ${backend.backend} (${backend.reason})`);
  const built = buildAgent(env, algo, seed, args.overrides, args.envOptions);
  const evalSeed = EVAL_SEED_BASE + seed;
  const control = new RunControl();
  const undoCtrlC = stopOnCtrlC(control, 'the agent: evaluating and saving what was learned');
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
    console.error(`evaluating ${evalEpisodes} greedy episodes...`);
    const actor: Actor = built.kind === 'dqn' ? built.agent : tabularActor(built.agent);
    const result = evaluate(actor, built.makeEnv, evalEpisodes, evalSeed, {
      maxSteps: EVAL_MAX_STEPS,
    });
    const random = randomPolicyReturn(built.makeEnv, evalEpisodes, evalSeed, {
      maxSteps: EVAL_MAX_STEPS,
    });
    if (args.out) {
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
        config: args.config ?? null,
        envOptions: JSON.stringify(args.envOptions),
        savedAt: new Date().toISOString(),
      };
      await saveFile(args.out, await saveAgent(built.agent, meta));
      console.error(`saved ${args.out}`);
    }
    if (args.curve) {
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
      await saveFile(args.curve, `${JSON.stringify(curve)}\n`);
      console.error(`learning curve written to ${args.curve}`);
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
        sticky: args.envOptions.stickyActionProb ?? 0,
        backend: backend.backend,
      }),
    );
  } finally {
    undoCtrlC();
    if (built.agent instanceof DqnAgent) built.agent.dispose();
  }
}
