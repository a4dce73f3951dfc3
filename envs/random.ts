/**
 * The environments' seeded generator: the project's one mulberry32 (src/math/mulberry32.ts,
 * the only thing outside envs/ that envs/ may import), seeded through a hash so that nearby
 * seeds give unrelated episodes. Its whole state is one JSON-safe number, so an env snapshot
 * carries it and a restored env draws the same numbers.
 */
import { fmix32, Mulberry32 } from '../src/math/mulberry32';

/** A seed drawn from Math.random, for envs nobody seeded (Gymnasium also draws entropy then). */
export function entropySeed(): number {
  return Math.floor(Math.random() * 0x100000000);
}

export class Random extends Mulberry32 {
  constructor(seed: number = entropySeed()) {
    super(0);
    this.seed(seed);
  }

  /** Re-seed from any safe integer (negative and > 2^32 included). */
  seed(seed: number): void {
    if (!Number.isSafeInteger(seed)) {
      throw new Error(`Random: the seed must be a safe integer, got ${String(seed)}`);
    }
    // murmur3's finaliser spreads nearby seeds (0, 1, 2...) far apart.
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 0x100000000) >>> 0;
    this.state = fmix32(lo ^ fmix32(hi + 0x9e3779b9));
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
