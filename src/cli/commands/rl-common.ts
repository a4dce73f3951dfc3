/** What the `rl` commands share: the env flag, the evaluation seeds, rounding for JSON. */
import { ENV_NAMES, isEnvName } from '../../../envs/registry';
import { UsageError } from '../errors';

/** `rl train` evaluates on seeds 10000+S, 10001+S...; `rl eval` defaults to the same. */
export const EVAL_SEED_BASE = 10_000;

export function envOption(value: string | undefined, required: boolean): string | undefined {
  if (value === undefined) {
    if (required) throw new UsageError('--env is required');
    return undefined;
  }
  if (!isEnvName(value))
    throw new UsageError(`--env must be one of ${ENV_NAMES.join(', ')}, got "${value}"`);
  return value;
}

export function round(x: number, digits = 3): number {
  return Number(x.toFixed(digits));
}

/** The smallest and largest of `values` (a loop: a spread of 130,000 returns overflows). */
export function extent(values: ArrayLike<number>): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}
