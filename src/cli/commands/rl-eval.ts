/**
 * `rl eval --agent FILE.gaa`: greedy episodes of a saved agent. The file is read and checked
 * before the backend is chosen (measuring backends takes seconds; a bad file should not).
 */
import { isEnvName } from '../../../envs/registry';
import { readRegularFile } from '../../data/node-files';
import {
  AgentFileError,
  attachAgent,
  chooseRlBackend,
  EVAL_MAX_STEPS,
  evaluate,
  type LoadedAgent,
} from '../../rl';
import {
  instantiateAgent,
  MAX_AGENT_FILE_BYTES,
  type ParsedAgent,
  parseAgentFile,
} from '../../rl/agent-file';
import { UsageError } from '../errors';
import { type FlagTable, flagUsage, MAX_SEED, parseCommandArgs, parseFlags } from '../flags';
import { backendOption } from '../options';
import { EVAL_SEED_BASE, envOption, extent, round } from './rl-common';

/** The numeric flags of `rl eval` (parsing and usage both read it). */
export const RL_EVAL_FLAGS: FlagTable = [
  {
    name: 'episodes',
    integer: true,
    min: 1,
    max: 10_000,
    fallback: '100',
    meaning: 'greedy episodes',
  },
  {
    name: 'seed',
    integer: true,
    min: 0,
    max: MAX_SEED + EVAL_SEED_BASE,
    fallback: "the file's evalSeed, else 10000",
    meaning: 'seed of the first episode',
  },
];

export const rlEvalUsage = `rl eval --agent FILE.gaa [--env NAME (the file's)] [--backend wasm|cpu|webgpu|auto]
${flagUsage(RL_EVAL_FLAGS)}`;

const RL_EVAL_OPTIONS = {
  env: { type: 'string' },
  agent: { type: 'string' },
  episodes: { type: 'string' },
  seed: { type: 'string' },
  backend: { type: 'string' },
} as const;

/** Everything `rl eval` needs from its arguments, checked; no file is read here. */
export function parseRlEvalArgs(argv: readonly string[]) {
  const { values } = parseCommandArgs(argv, RL_EVAL_OPTIONS);
  const flags = parseFlags(RL_EVAL_FLAGS, values);
  if (!values.agent) throw new UsageError('--agent is required');
  return {
    agent: values.agent,
    env: envOption(values.env, false),
    episodes: flags.episodes ?? 100,
    seed: flags.seed,
    backend: backendOption(values.backend),
  };
}

/** The episodes' first seed: --seed, else the evalSeed `rl train` saved, else 10000. */
function evalSeedOf(parsed: ParsedAgent, seedOption: number | undefined): number {
  if (seedOption !== undefined) return seedOption;
  const saved = parsed.meta.evalSeed;
  if (saved === undefined || saved === null) return EVAL_SEED_BASE;
  const max = MAX_SEED + EVAL_SEED_BASE;
  if (!(typeof saved === 'number' && Number.isInteger(saved) && saved >= 0 && saved <= max))
    throw new AgentFileError(
      `meta.evalSeed must be an integer in [0, ${max}] as --seed is, got ${JSON.stringify(saved)} (give --seed)`,
    );
  return saved;
}

export async function rlEval(argv: string[]): Promise<void> {
  const args = parseRlEvalArgs(argv);
  const file = args.agent;
  // Errors about the file name it: "FILE: agent file: ...".
  const inFile = <T>(work: () => T): T => {
    try {
      return work();
    } catch (e) {
      if (e instanceof AgentFileError) throw new Error(`${file}: ${e.message}`);
      throw e;
    }
  };
  const bytes = await readRegularFile(file, MAX_AGENT_FILE_BYTES);
  const parsed = inFile(() => parseAgentFile(bytes));
  const seed = inFile(() => evalSeedOf(parsed, args.seed));
  const fileEnv = parsed.meta.env;
  if (args.env === undefined && !(typeof fileEnv === 'string' && isEnvName(fileEnv)))
    throw new Error(
      `${file}: agent file: it names no known env (${JSON.stringify(fileEnv ?? null)}); give --env`,
    );
  const backend = await chooseRlBackend(args.backend);
  const loaded: LoadedAgent = inFile(() => instantiateAgent(parsed));
  try {
    const attached = inFile(() => attachAgent(loaded, args.env));
    const { makeEnv, actor, env } = attached;
    const result = evaluate(actor, makeEnv, args.episodes, seed, { maxSteps: EVAL_MAX_STEPS });
    const { min, max } = extent(result.returns);
    console.error(`backend: ${backend.backend}; agent meta: ${JSON.stringify(loaded.meta)}`);
    console.log(
      JSON.stringify({
        env,
        agent: file,
        algo: attached.algo,
        episodes: args.episodes,
        seed,
        meanReturn: round(result.mean),
        stdReturn: round(result.std),
        minReturn: min,
        maxReturn: max,
        // The env options the file carries (e.g. sticky actions), which the episodes used.
        envOptions: attached.envOptions,
        backend: backend.backend,
      }),
    );
  } finally {
    if (loaded.kind === 'dqn') loaded.agent.dispose();
  }
}
