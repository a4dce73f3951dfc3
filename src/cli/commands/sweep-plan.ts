/**
 * `sweep plan search|rl-seeds`: a sweep as independent command lines, one run each, for a
 * batch system to run (GNU parallel, a Kubernetes Indexed Job: scripts/sweep/). stdout holds
 * the lines and nothing else; what each run is (a trial's lr and weight decay) goes to stderr.
 */
import { ENV_NAMES } from '../../../envs/registry';
import { formatG3, sampleTrial } from '../../nn/experiments/hyperparameter-search';
import { UsageError } from '../errors';
import { type FlagTable, flagUsage, MAX_SEED, parseCommandArgs, parseFlags } from '../flags';
import { backendOption } from '../options';
import { checkRlTrainAgent, parseRlTrainArgs } from './rl-train';
import { CLI_PREFIX, SEARCH_DEFAULTS, shellLine } from './sweep-lines';

/** The search's numeric flags, shared by `sweep plan search` and `sweep trial`. */
export const SEARCH_FLAGS: FlagTable = [
  {
    name: 'seed',
    integer: true,
    min: 0,
    max: MAX_SEED,
    fallback: '0',
    meaning: 'seed of the search: the split and each trial (lr, weight decay, weights, batches)',
  },
  {
    name: 'epochs',
    integer: true,
    min: 1,
    max: 1000,
    fallback: String(SEARCH_DEFAULTS.epochs),
    meaning: 'epochs per trial',
  },
  {
    name: 'train-size',
    integer: true,
    // 20% of them validate: fewer than 5 leaves no validation image.
    min: 5,
    max: 60_000,
    fallback: String(SEARCH_DEFAULTS.trainSize),
    meaning: 'first MNIST training images, 20% held out for validation',
  },
];

const TRIALS_FLAG: FlagTable = [
  { name: 'trials', integer: true, min: 1, max: 10_000, fallback: '100', meaning: 'trials' },
];

const SEEDS_FLAGS: FlagTable = [
  { name: 'seeds', integer: true, min: 1, max: 1000, fallback: '5', meaning: 'seeds to train' },
  {
    name: 'first-seed',
    integer: true,
    min: 0,
    max: MAX_SEED,
    fallback: '0',
    meaning: 'the seeds are S, S+1, ...',
  },
];

export const sweepPlanUsage = `sweep plan search|rl-seeds [options]: one CLI line per run on stdout
    search: random search of lr and weight decay (experiment hyperparameter-search), a
      \`sweep trial\` line per trial, the same samples as the search seeded alike
${flagUsage([...TRIALS_FLAG, ...SEARCH_FLAGS], '      ')}
      --backend wasm|cpu|webgpu|auto (given to every line)
    rl-seeds: one \`rl train\` line per seed
      --env ${ENV_NAMES.join('|')} (required)   --algo NAME (dqn)   --steps N
${flagUsage(SEEDS_FLAGS, '      ')}
      --eval-episodes N, --eval-every N, --num-envs N, --config JSON, --backend NAME: as rl train
      --out-dir DIR (each run writes DIR/ENV-ALGO-seedS.gaa and its --curve .json)`;

/** One planned run: its words (for checks), its line, and what it is for people. */
export interface PlannedRun {
  words: string[];
  line: string;
  about: string;
}

const line = (words: string[], about: string): PlannedRun => ({
  words,
  line: shellLine(words),
  about,
});

/** Lines of a search: trial i is what the search seeded `seed` trains as its trial i. */
export function planSearch(argv: readonly string[]): PlannedRun[] {
  const { values } = parseCommandArgs(argv, {
    trials: { type: 'string' },
    seed: { type: 'string' },
    epochs: { type: 'string' },
    'train-size': { type: 'string' },
    backend: { type: 'string' },
  });
  const flags = parseFlags([...TRIALS_FLAG, ...SEARCH_FLAGS], values);
  const seed = flags.seed ?? 0;
  const epochs = flags.epochs ?? SEARCH_DEFAULTS.epochs;
  const trainSize = flags['train-size'] ?? SEARCH_DEFAULTS.trainSize;
  const backend = values.backend === undefined ? [] : ['--backend', backendOption(values.backend)];
  return Array.from({ length: flags.trials ?? 100 }, (_, trial) => {
    // The search's own sampler: the line only names the trial, the trial draws these again.
    const s = sampleTrial(seed, trial);
    return line(
      [
        ...CLI_PREFIX,
        'sweep',
        'trial',
        '--seed',
        String(seed),
        '--trial',
        String(trial),
        '--epochs',
        String(epochs),
        '--train-size',
        String(trainSize),
        ...backend,
      ],
      `trial ${trial}: lr ${formatG3(s.lr)}, weight decay ${formatG3(s.weightDecay)}`,
    );
  });
}

/** `rl train` options passed to every seed's line as given (after checking them once). */
const RL_PASSED = ['algo', 'steps', 'eval-episodes', 'eval-every', 'num-envs', 'backend'] as const;

/** Lines of RL seeds: each checked by `rl train`'s own parser, so none is refused later. */
export function planRlSeeds(argv: readonly string[]): PlannedRun[] {
  const { values } = parseCommandArgs(argv, {
    env: { type: 'string' },
    seeds: { type: 'string' },
    'first-seed': { type: 'string' },
    config: { type: 'string' },
    'out-dir': { type: 'string' },
    algo: { type: 'string' },
    steps: { type: 'string' },
    'eval-episodes': { type: 'string' },
    'eval-every': { type: 'string' },
    'num-envs': { type: 'string' },
    backend: { type: 'string' },
  });
  const flags = parseFlags(SEEDS_FLAGS, values);
  const count = flags.seeds ?? 5;
  const first = flags['first-seed'] ?? 0;
  if (first + count - 1 > MAX_SEED)
    throw new UsageError(`--first-seed ${first} with --seeds ${count} goes past ${MAX_SEED}`);
  const passed: string[] = [];
  if (values.env !== undefined) passed.push('--env', values.env);
  for (const name of RL_PASSED) {
    const v = values[name];
    if (typeof v === 'string') passed.push(`--${name}`, v);
  }
  if (values.config !== undefined) {
    // One line each run: the JSON is written compact (a newline would split the line).
    let compact: string;
    try {
      compact = JSON.stringify(JSON.parse(values.config));
    } catch {
      throw new UsageError(`--config must be JSON, got ${values.config}`);
    }
    passed.push('--config', compact);
  }
  const outDir = values['out-dir']?.replace(/\/+$/, '');
  if (outDir === '') throw new UsageError('--out-dir must name a folder');
  return Array.from({ length: count }, (_, i) => {
    const seed = first + i;
    const words = [...CLI_PREFIX, 'rl', 'train', ...passed, '--seed', String(seed)];
    const args = parseRlTrainArgs(words.slice(CLI_PREFIX.length + 2));
    if (i === 0) checkRlTrainAgent(args);
    if (outDir !== undefined) {
      const stem = `${outDir}/${args.env}-${args.algo}-seed${seed}`;
      words.push('--out', `${stem}.gaa`, '--curve', `${stem}.json`);
    }
    return line(words, `seed ${seed}: ${args.env} ${args.algo}, ${args.steps} steps`);
  });
}

export async function sweepPlan(argv: string[]): Promise<void> {
  const [kind, ...rest] = argv;
  let runs: PlannedRun[];
  if (kind === 'search') runs = planSearch(rest);
  else if (kind === 'rl-seeds') runs = planRlSeeds(rest);
  else
    throw new UsageError(
      kind
        ? `unknown sweep "${kind}" (known: search, rl-seeds)`
        : 'sweep plan needs search or rl-seeds',
    );
  for (const r of runs) console.error(r.about);
  process.stdout.write(`${runs.map((r) => r.line).join('\n')}\n`);
}
