/**
 * A small seeded random generator for the environments (mulberry32: one 32-bit word of state).
 * Its whole state is one JSON-safe number, so an env snapshot carries it and a restored env
 * draws the same numbers. Not for cryptography; plenty for start states, slips and food.
 */

/** 32-bit finaliser (murmur3's fmix32): spreads nearby seeds (0, 1, 2...) far apart. */
function fmix32(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A seed drawn from Math.random, for envs nobody seeded (Gymnasium also draws entropy then). */
export function entropySeed(): number {
  return Math.floor(Math.random() * 0x100000000);
}

export class Random {
  /** The generator's only state: an unsigned 32-bit integer. */
  private state = 0;

  constructor(seed: number = entropySeed()) {
    this.seed(seed);
  }

  /** Re-seed from any safe integer (negative and > 2^32 included). */
  seed(seed: number): void {
    if (!Number.isSafeInteger(seed)) {
      throw new Error(`Random: the seed must be a safe integer, got ${String(seed)}`);
    }
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 0x100000000) >>> 0;
    this.state = fmix32(lo ^ fmix32(hi + 0x9e3779b9));
  }

  /** A float in [0, 1) with 32 random bits. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
  }

  /** A float in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  getState(): number {
    return this.state;
  }

  setState(state: number): void {
    if (!Number.isInteger(state) || state < 0 || state > 0xffffffff) {
      throw new Error(
        `Random: the state must be an unsigned 32-bit integer, got ${JSON.stringify(state)}`,
      );
    }
    this.state = state;
  }
}
