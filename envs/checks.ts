/**
 * The checks every env shares: a bad action, a step after the end and a malformed snapshot
 * get an Error that names the env and the value, never silent garbage.
 */

/** Throws unless `action` is an integer in [0, n). */
export function checkAction(envId: string, action: number, n: number): void {
  if (!Number.isInteger(action) || action < 0 || action >= n) {
    throw new Error(
      `${envId}: invalid action ${describe(action)}; expected an integer in [0, ${n - 1}]`,
    );
  }
}

/** Throws when the episode is over (or never started): the caller must reset() first. */
export function checkNotDone(envId: string, done: boolean): void {
  if (done) {
    throw new Error(
      `${envId}: step() called after the episode ended (or before the first reset()); call reset() first`,
    );
  }
}

/** Throws unless the seed is a safe integer (or absent). */
export function checkSeed(envId: string, seed: number | undefined): void {
  if (seed !== undefined && !Number.isSafeInteger(seed)) {
    throw new Error(`${envId}: the seed must be a safe integer, got ${describe(seed)}`);
  }
}

export function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  try {
    return `${JSON.stringify(value)} (${typeof value})`;
  } catch {
    return typeof value;
  }
}

/** Reads fields of a snapshot given as `unknown` (it may come from JSON.parse) with checks. */
export class StateReader {
  private readonly obj: Record<string, unknown>;

  constructor(
    private readonly envId: string,
    state: unknown,
  ) {
    if (typeof state !== 'object' || state === null || Array.isArray(state)) {
      throw new Error(`${envId}: setState expects a state object, got ${describe(state)}`);
    }
    this.obj = state as Record<string, unknown>;
  }

  private fail(key: string, want: string): never {
    throw new Error(
      `${this.envId}: setState: field "${key}" must be ${want}, got ${describe(this.obj[key])}`,
    );
  }

  number(key: string): number {
    const v = this.obj[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(key, 'a finite number');
    return v;
  }

  /** An integer in [min, max]. */
  int(key: string, min: number, max: number): number {
    const v = this.obj[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.fail(key, `an integer in [${min}, ${max}]`);
    }
    return v;
  }

  boolean(key: string): boolean {
    const v = this.obj[key];
    if (typeof v !== 'boolean') this.fail(key, 'a boolean');
    return v;
  }

  /** An array of integers in [min, max], of exactly `length` items when given. */
  intArray(key: string, min: number, max: number, length?: number): number[] {
    const v = this.obj[key];
    const want =
      length === undefined
        ? `an array of integers in [${min}, ${max}]`
        : `an array of ${length} integers in [${min}, ${max}]`;
    if (!Array.isArray(v) || (length !== undefined && v.length !== length)) this.fail(key, want);
    for (const x of v) {
      if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) this.fail(key, want);
    }
    return v.slice() as number[];
  }

  /** The random generator's state (an unsigned 32-bit integer). */
  rng(): number {
    return this.int('rng', 0, 0xffffffff);
  }
}

/**
 * Throws unless `shape` is a list of positive integers and `low`/`high` hold one bound per
 * element of it, none NaN and low <= high (Gymnasium's Box rejects the same).
 */
export function checkBoxBounds(
  shape: readonly number[],
  low: readonly number[],
  high: readonly number[],
): void {
  if (shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new Error(`box space: shape ${describe(shape)} must be a list of positive integers`);
  }
  const size = shape.reduce((a, b) => a * b, 1);
  for (const [name, bounds] of [
    ['low', low],
    ['high', high],
  ] as const) {
    if (bounds.length !== size) {
      throw new Error(
        `box space: shape [${shape.join(', ')}] has ${size} elements but ${name} has ${bounds.length} bounds`,
      );
    }
  }
  for (let i = 0; i < size; i++) {
    if (Number.isNaN(low[i]) || Number.isNaN(high[i]) || low[i] > high[i]) {
      throw new Error(`box space: element ${i} has bounds [${low[i]}, ${high[i]}]`);
    }
  }
}
