/**
 * The engine's seeded random source, so that every random thing in a run (weight init,
 * shuffling, dropout masks) is reproducible from one number: the shared mulberry32 generator
 * (src/math/mulberry32.ts) seeded with the number itself, plus normal deviates, permutations
 * and child streams.
 */
import { Mulberry32 } from '../math/mulberry32';

export class Rng extends Mulberry32 {
  /** A second normal deviate left over from the last Box-Muller pair. */
  private spareNormal: number | null = null;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new Error(`Rng seed must be a finite number, got ${seed}`);
    super(Math.floor(seed));
  }

  /** Standard normal deviate (Box-Muller). */
  normal(): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return z;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** n normal deviates times `scale`, as float32 (the book's `scale * np.random.randn(...)`). */
  normalArray(n: number, scale = 1): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = scale * this.normal();
    return out;
  }

  /** A random permutation of 0..n-1 (Fisher-Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = p[i];
      p[i] = p[j];
      p[j] = tmp;
    }
    return p;
  }

  /** The whole generator state, to replay the same draws later (gradient checks use this). */
  getState(): { state: number; spareNormal: number | null } {
    return { state: this.state, spareNormal: this.spareNormal };
  }

  setState(s: { state: number; spareNormal: number | null }): void {
    this.state = s.state >>> 0;
    this.spareNormal = s.spareNormal;
  }

  /** A fresh seed for a child generator, so sub-tasks get independent but reproducible streams. */
  fork(): Rng {
    return new Rng(Math.floor(this.next() * 4294967296));
  }
}
