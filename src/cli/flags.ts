/**
 * Numeric flags with documented ranges. Each command writes one table of its numeric flags;
 * the same table parses the values and writes the usage lines, so the ranges the usage shows
 * are the ones the parser enforces. A value outside its range is a UsageError (usage, exit 2):
 * nothing a flag says may make a run allocate or loop without limit.
 */
import { parseArgs } from 'node:util';
import { UsageError } from './errors';

export interface NumericFlag {
  /** The flag without its dashes: "batch" for --batch. */
  readonly name: string;
  readonly integer: boolean;
  readonly min: number;
  readonly max: number;
  /** Refuse `min` itself (a learning rate must be > 0). */
  readonly minExclusive?: boolean;
  /** Refuse `max` itself (a dropout ratio must be < 1). */
  readonly maxExclusive?: boolean;
  /** The default as the usage shows it ("100", "the optimizer's"); omitted: none. */
  readonly fallback?: string;
  /** What it means, for the usage. */
  readonly meaning: string;
}

export type FlagTable = readonly NumericFlag[];

const fmt = (x: number) =>
  Number.isInteger(x) && Math.abs(x) >= 10_000 ? x.toLocaleString('en') : String(x);

/** "an integer in [1, 10,000]", "a number in (0, 10]". */
export function rangeText(flag: NumericFlag): string {
  const open = flag.minExclusive ? '(' : '[';
  const close = flag.maxExclusive ? ')' : ']';
  return `${flag.integer ? 'an integer' : 'a number'} in ${open}${fmt(flag.min)}, ${fmt(flag.max)}${close}`;
}

/** Parses one flag's value against its range; undefined stays undefined (not given). */
export function parseFlag(flag: NumericFlag, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = value.trim() === '' ? Number.NaN : Number(value);
  const ok =
    Number.isFinite(n) &&
    (!flag.integer || Number.isInteger(n)) &&
    (flag.minExclusive ? n > flag.min : n >= flag.min) &&
    (flag.maxExclusive ? n < flag.max : n <= flag.max);
  if (!ok) throw new UsageError(`--${flag.name} must be ${rangeText(flag)}, got "${value}"`);
  return n;
}

/** The flag named `name` in `table` (a typo in a command's own code fails loudly). */
export function flagOf(table: FlagTable, name: string): NumericFlag {
  const flag = table.find((f) => f.name === name);
  if (!flag) throw new Error(`no numeric flag --${name} in this table`);
  return flag;
}

/**
 * Every numeric flag of `table` that `values` holds, parsed and range-checked; flags not
 * given are absent from the result.
 */
export function parseFlags(
  table: FlagTable,
  values: Record<string, string | boolean | undefined>,
): Record<string, number | undefined> {
  const out: Record<string, number | undefined> = {};
  for (const flag of table) {
    const v = values[flag.name];
    out[flag.name] = parseFlag(flag, typeof v === 'string' ? v : undefined);
  }
  return out;
}

/** The usage lines of a table: "--batch N  mini-batch size: an integer in [1, 10,000] (100)". */
export function flagUsage(table: FlagTable, indent = '    '): string {
  return table
    .map(
      (f) =>
        `${indent}--${f.name} N  ${f.meaning}: ${rangeText(f)}${f.fallback ? ` (${f.fallback})` : ''}`,
    )
    .join('\n');
}

type ParseArgsOptions = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/**
 * node:util parseArgs, with one fix: a negative number after a string option ("--iters -5")
 * is taken as its value, so the range check can say what is wrong, instead of parseArgs'
 * "argument is ambiguous".
 */
export function parseCommandArgs<O extends NonNullable<ParseArgsOptions>>(
  argv: readonly string[],
  options: O,
  allowPositionals = false,
) {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    const next = argv[i + 1];
    const name = token.startsWith('--') ? token.slice(2) : undefined;
    if (
      name !== undefined &&
      options[name]?.type === 'string' &&
      next !== undefined &&
      /^-(\d|\.\d|Infinity)/.test(next)
    ) {
      args.push(`${token}=${next}`);
      i++;
    } else args.push(token);
  }
  return parseArgs({ args, options, strict: true, allowPositionals });
}

/**
 * The largest --seed: the generators keep 32 bits, and commands derive a few seeds from the
 * one given (seed + 1, evaluation seeds 10000 + seed + k...), which must stay under 2^32.
 */
export const MAX_SEED = 4_000_000_000;
/** Images in MNIST's training set. */
export const MNIST_TRAIN_COUNT = 60_000;
