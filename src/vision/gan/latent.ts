/**
 * Points in the generator's noise space: the fixed noise a sample grid keeps while the nets
 * learn (so its changes are the generator's, not the noise's), and walks between two noise
 * vectors.
 */
import { Rng } from '../../nn/rng';
import type { GanConfig } from './gan-config';

export interface NoiseSet {
  /** count x latent values. */
  z: Float32Array;
  /** Labels asked for (conditional nets), else null. */
  labels: Int32Array | null;
  count: number;
  /** How a grid lays them out: rows x columns = count. */
  rows: number;
  columns: number;
}

/**
 * `columns` noise vectors from `seed`. Unconditional: a rows x columns grid of distinct noise
 * (rows defaults to columns). Conditional: one row per class, the row's label asked of every
 * column, and each column one noise vector shared by all rows, so a column shows one "style"
 * across the digits.
 */
export function fixedNoise(config: GanConfig, seed: number, columns = 8, rows?: number): NoiseSet {
  if (!Number.isInteger(columns) || columns < 1)
    throw new Error(`columns must be >= 1, got ${columns}`);
  const rng = new Rng(seed);
  const d = config.latent;
  if (config.classes > 0) {
    const k = config.classes;
    const base = rng.normalArray(columns * d);
    const z = new Float32Array(k * columns * d);
    const labels = new Int32Array(k * columns);
    for (let r = 0; r < k; r++) {
      z.set(base, r * columns * d);
      labels.fill(r, r * columns, (r + 1) * columns);
    }
    return { z, labels, count: k * columns, rows: k, columns };
  }
  const r = rows ?? columns;
  if (!Number.isInteger(r) || r < 1) throw new Error(`rows must be >= 1, got ${rows}`);
  return {
    z: rng.normalArray(r * columns * d),
    labels: null,
    count: r * columns,
    rows: r,
    columns,
  };
}

/**
 * `steps` points from a to b (both ends included) along the great circle (slerp): Gaussian
 * noise lives near a sphere of radius √latent, and a straight line's middle points fall inside
 * it, where the generator has seen little (White 2016). Falls back to a straight line when a
 * and b are (anti)parallel.
 */
export function latentWalk(a: Float32Array, b: Float32Array, steps: number): Float32Array[] {
  if (a.length !== b.length)
    throw new Error(`latent walk: lengths ${a.length} and ${b.length} differ`);
  if (!Number.isInteger(steps) || steps < 2)
    throw new Error(`latent walk needs >= 2 steps, got ${steps}`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  const cos = na > 0 && nb > 0 ? Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb))) : 1;
  const omega = Math.acos(cos);
  const straight = Math.sin(omega) < 1e-6;
  const out: Float32Array[] = [];
  for (let s = 0; s < steps; s++) {
    const t = s / (steps - 1);
    const wa = straight ? 1 - t : Math.sin((1 - t) * omega) / Math.sin(omega);
    const wb = straight ? t : Math.sin(t * omega) / Math.sin(omega);
    const p = new Float32Array(a.length);
    for (let i = 0; i < a.length; i++) p[i] = wa * a[i] + wb * b[i];
    out.push(p);
  }
  return out;
}
