/**
 * The command lines of a sweep: how `sweep plan` writes them (POSIX shell words, run from the
 * repository root by GNU parallel or a pod's `sh -c`) and how `sweep collect` reads one back
 * (from the plan, or from parallel's joblog) to know which run it is.
 */
import { UsageError } from '../errors';
import { parseCommandArgs } from '../flags';
import { parseRlTrainArgs } from './rl-train';

/**
 * Every line starts so: node with tsx's loader in one process, as `npm run cli` runs it, but
 * without npm's banner on stdout (the results are stdout's JSON lines).
 */
export const CLI_PREFIX = ['node', '--import', 'tsx', 'src/cli/main.ts'] as const;

const PLAIN_WORD = /^[A-Za-z0-9_\-.,/:=@%+]+$/;

/** One shell word: as is when it is plain, else single-quoted (a ' inside becomes '\''). */
export function shellQuote(word: string): string {
  if (PLAIN_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A command line of words, each quoted as needed. */
export function shellLine(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

/**
 * The words of a line as `shellLine` writes them: plain characters, '...' segments and
 * backslash escapes. Anything else a shell would expand ($, `, ", globs) is refused: a plan
 * line never holds it.
 */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === ' ' || c === '\t') {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error('unterminated quote');
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new Error('a backslash at the end of the line');
      word = (word ?? '') + line[i + 1];
      i++;
    } else if ('"$`*?[]{}~;&|<>()#!\n\r'.includes(c)) {
      throw new Error(`"${c}" is not in any line sweep plan writes`);
    } else word = (word ?? '') + c;
  }
  if (word !== null) words.push(word);
  return words;
}

/** Which run a line or a result is: a search trial (by index) or an RL seed. */
export type RunKey = { kind: 'search'; trial: number } | { kind: 'rl-seeds'; seed: number };

/** The settings all the runs of one sweep share (results of two sweeps must not be merged). */
export type SweepGroup =
  | { kind: 'search'; seed: number; epochs: number; trainSize: number }
  | { kind: 'rl-seeds'; env: string; algo: string };

export function keyText(key: RunKey): string {
  return key.kind === 'search' ? `trial ${key.trial}` : `seed ${key.seed}`;
}

export function groupText(group: SweepGroup): string {
  return group.kind === 'search'
    ? `search seed ${group.seed}, ${group.epochs} epochs, ${group.trainSize} images`
    : `${group.env} ${group.algo}`;
}

export function sameGroup(a: SweepGroup, b: SweepGroup): boolean {
  return groupText(a) === groupText(b);
}

/** `sweep trial`'s options: the plan writes them, the trial and the collector read them. */
export const TRIAL_OPTIONS = {
  seed: { type: 'string' },
  trial: { type: 'string' },
  epochs: { type: 'string' },
  'train-size': { type: 'string' },
  backend: { type: 'string' },
} as const;

/** The search's defaults: the book's 50 epochs on 500 images. */
export const SEARCH_DEFAULTS = { epochs: 50, trainSize: 500 } as const;

/**
 * The run a plan line is, with its sweep's settings: `... sweep trial ...` or `... rl train
 * ...` after the CLI prefix. Throws (one line) on any other line.
 */
export function runOfLine(line: string): { key: RunKey; group: SweepGroup } {
  const words = shellWords(line.trim());
  const at = words.indexOf('src/cli/main.ts');
  const [command, sub, ...rest] = at < 0 ? [] : words.slice(at + 1);
  if (command === 'sweep' && sub === 'trial') {
    const { values } = parseCommandArgs(rest, TRIAL_OPTIONS);
    const int = (v: string | undefined, fallback?: number) => {
      const n = v === undefined ? fallback : Number(v);
      if (n === undefined || !Number.isInteger(n)) throw new UsageError(`bad number "${v}"`);
      return n;
    };
    return {
      key: { kind: 'search', trial: int(values.trial) },
      group: {
        kind: 'search',
        seed: int(values.seed, 0),
        epochs: int(values.epochs, SEARCH_DEFAULTS.epochs),
        trainSize: int(values['train-size'], SEARCH_DEFAULTS.trainSize),
      },
    };
  }
  if (command === 'rl' && sub === 'train') {
    const args = parseRlTrainArgs(rest);
    return {
      key: { kind: 'rl-seeds', seed: args.seed },
      group: { kind: 'rl-seeds', env: args.env, algo: args.algo },
    };
  }
  throw new Error(
    'not a line of sweep plan (no "sweep trial" or "rl train" after src/cli/main.ts)',
  );
}
