/**
 * Points in the generator's noise space: the fixed noise a sample grid keeps while the nets
 * learn (so its changes are the generator's, not the noise's), and walks between two noise
 * vectors.
 */
import { Rng } from '../../nn/rng';
import type { GanConfig } from './gan-config';

/** Values in one noise vector: z's Gaussian part, then (InfoGAN) the code's one-hot. */
export function noiseWidth(config: Pick<GanConfig, 'latent' | 'codes'>): number {
  return config.latent + config.codes;
}

/**
 * `n` noise vectors of noiseWidth values: the n x latent Gaussians drawn first, then (InfoGAN)
 * n codes drawn uniformly (or `code(i)` for row i), each row's one-hot after its Gaussians.
 * Without a code this is exactly `rng.normalArray(n * latent)`, so runs from before InfoGAN
 * draw the same noise.
 */
export function drawNoise(
  rng: Rng,
  config: Pick<GanConfig, 'latent' | 'codes'>,
  n: number,
  code?: (row: number) => number,
): Float32Array {
  const { latent, codes } = config;
  const gauss = rng.normalArray(n * latent);
  if (codes === 0) return gauss;
  const width = latent + codes;
  const z = new Float32Array(n * width);
  for (let i = 0; i < n; i++) {
    z.set(gauss.subarray(i * latent, (i + 1) * latent), i * width);
    const c = code ? code(i) : rng.int(codes);
    if (!Number.isInteger(c) || c < 0 || c >= codes)
      throw new Error(`a code must be an integer in 0..${codes - 1}, got ${c}`);
    z[i * width + latent + c] = 1;
  }
  return z;
}

/** The code value of each noise vector (InfoGAN: the index of its one-hot's 1), else null. */
export function noiseCodes(
  z: Float32Array,
  config: Pick<GanConfig, 'latent' | 'codes'>,
): Int32Array | null {
  const { latent, codes } = config;
  if (codes === 0) return null;
  const width = latent + codes;
  const out = new Int32Array(z.length / width);
  for (let i = 0; i < out.length; i++) {
    let best = 0;
    for (let c = 1; c < codes; c++)
      if (z[i * width + latent + c] > z[i * width + latent + best]) best = c;
    out[i] = best;
  }
  return out;
}

export interface NoiseSet {
  /** count x noiseWidth values. */
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
 * across the digits. InfoGAN: one row per code value in the same way (the row shows what the
 * generator made of that code).
 */
export function fixedNoise(config: GanConfig, seed: number, columns = 8, rows?: number): NoiseSet {
  if (!Number.isInteger(columns) || columns < 1)
    throw new Error(`columns must be >= 1, got ${columns}`);
  const rng = new Rng(seed);
  const d = config.latent;
  if (config.codes > 0) {
    const k = config.codes;
    const base = rng.normalArray(columns * d);
    const w = noiseWidth(config);
    const z = new Float32Array(k * columns * w);
    for (let i = 0; i < k * columns; i++) {
      const column = i % columns;
      z.set(base.subarray(column * d, (column + 1) * d), i * w);
      z[i * w + d + Math.floor(i / columns)] = 1; // row r: code r
    }
    return { z, labels: null, count: k * columns, rows: k, columns };
  }
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
