/**
 * `rl train --config JSON`: settings on top of the env's DQN preset or the tabular defaults.
 * A key the agent does not have is refused with the nearest one it has (a misspelt
 * "learningRate" must not train silently with the default rate), and so is a bad value: both
 * are wrong arguments (usage, exit 2).
 */
import type { AlgoName } from '../rl';
import { UsageError } from './errors';

/** The keys a config may hold: true for a value, an object for a nested group. */
type KeySchema = { readonly [key: string]: true | KeySchema };

const EPSILON: KeySchema = { start: true, end: true, steps: true };

const DQN_KEYS: KeySchema = {
  network: { type: true, hidden: true, filters: true, kernel: true },
  dueling: true,
  double: true,
  gamma: true,
  lr: true,
  batchSize: true,
  replayCapacity: true,
  learningStarts: true,
  trainFrequency: true,
  gradientSteps: true,
  targetUpdate: { kind: true, every: true, tau: true },
  epsilon: EPSILON,
  nStep: true,
  maxGradNorm: true,
  huberDelta: true,
  seed: true,
};

const TABULAR_KEYS: KeySchema = { alpha: true, gamma: true, epsilon: EPSILON, seed: true };

/** Names people reach for that edit distance would not find (they share too few letters). */
const ALIASES: Readonly<Record<string, string>> = {
  learningrate: 'lr',
  learning_rate: 'lr',
  batch: 'batchSize',
  batch_size: 'batchSize',
  buffer: 'replayCapacity',
  buffersize: 'replayCapacity',
  buffer_size: 'replayCapacity',
  replaysize: 'replayCapacity',
  discount: 'gamma',
  eps: 'epsilon',
  exploration: 'epsilon',
  hidden: 'network',
  layers: 'network',
};

/** Levenshtein distance: insertions, deletions and substitutions. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min(
          (previous[j] as number) + 1,
          (current[j - 1] as number) + 1,
          (previous[j - 1] as number) + cost,
        ),
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** The valid key nearest to `key`, or null when none is close enough to be a guess. */
export function nearestKey(key: string, valid: readonly string[]): string | null {
  const alias = ALIASES[key.toLowerCase()];
  if (alias && valid.includes(alias)) return alias;
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of valid) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : null;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function checkKeys(value: Record<string, unknown>, schema: KeySchema, path: string): void {
  const valid = Object.keys(schema);
  for (const [key, v] of Object.entries(value)) {
    const rule = schema[key];
    if (rule === undefined) {
      const guess = nearestKey(key, valid);
      throw new UsageError(
        `--config: unknown key "${path}${key}"${guess ? ` (did you mean "${path}${guess}"?)` : ''}; known: ${valid.join(', ')}`,
      );
    }
    if (rule !== true && isObject(v)) checkKeys(v, rule, `${path}${key}.`);
  }
}

/** Parses --config for `algo`: a JSON object of known keys (values are the agent's to check). */
export function parseConfigOption(
  text: string | undefined,
  algo: AlgoName,
): Record<string, unknown> {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--config must be a JSON object: ${(e as Error).message}`);
  }
  if (!isObject(value)) throw new UsageError('--config must be a JSON object');
  checkKeys(value, algo === 'dqn' ? DQN_KEYS : TABULAR_KEYS, '');
  return value;
}
