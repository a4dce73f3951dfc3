/**
 * The project's one seeded generator: mulberry32 (one 32-bit word of state; fast, good enough
 * for sampling, not for cryptography). The engine's `Rng` (src/nn/rng.ts) and the envs'
 * `Random` (envs/random.ts) both extend it and differ only in how a seed becomes a state and
 * in the extras they add. It lives in src/math/, the dependency-free leaf folder that both
 * envs/ and src/nn/ may import (docs/ARCHITECTURE.md), so neither side copies it.
 */
export class Mulberry32 {
  /** The generator's only state: an unsigned 32-bit integer. */
  protected state: number;

  constructor(state: number) {
    this.state = state >>> 0;
  }

  /** Uniform in [0, 1), 32 random bits. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform float in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }
}

/** murmur3's 32-bit finaliser (fmix32): a cheap hash that spreads nearby integers far apart. */
export function fmix32(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}
