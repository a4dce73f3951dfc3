/**
 * The Fréchet distance between two Gaussians fitted to sets of feature vectors (Heusel et al.
 * 2017's FID, with our own classifier's features instead of Inception's):
 *
 *   d² = ‖μ₁ - μ₂‖² + Tr(Σ₁ + Σ₂ - 2 (Σ₁^½ Σ₂ Σ₁^½)^½)
 *
 * (Σ₁^½ Σ₂ Σ₁^½)^½ has the trace of (Σ₁Σ₂)^½ that FID's formula names, and is symmetric, so
 * both roots come from eigen-decompositions of symmetric matrices (ml-matrix's), whose
 * eigenvalues are real; round-off's small negative ones are clipped to 0. Double precision
 * throughout.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** Mean and covariance (unbiased, n - 1, as numpy's cov) of n vectors of `dim` values. */
export interface GaussianStats {
  dim: number;
  count: number;
  mean: Float64Array;
  /** dim x dim, row-major. */
  covariance: Float64Array;
}

export function gaussianStats(features: ArrayLike<number>, dim: number): GaussianStats {
  const n = features.length / dim;
  if (!Number.isInteger(dim) || dim < 1 || !Number.isInteger(n) || n < 2)
    throw new Error(
      `Fréchet statistics need at least 2 whole vectors of ${dim} values, got ${features.length} values`,
    );
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mean[j] += features[i * dim + j];
  for (let j = 0; j < dim; j++) mean[j] /= n;
  const covariance = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) centred[j] = features[i * dim + j] - mean[j];
    for (let a = 0; a < dim; a++) {
      const ca = centred[a];
      if (ca === 0) continue;
      for (let b = a; b < dim; b++) covariance[a * dim + b] += ca * centred[b];
    }
  }
  for (let a = 0; a < dim; a++)
    for (let b = a; b < dim; b++) {
      const v = covariance[a * dim + b] / (n - 1);
      covariance[a * dim + b] = v;
      covariance[b * dim + a] = v;
    }
  return { dim, count: n, mean, covariance };
}

function toMatrix(values: Float64Array, dim: number): Matrix {
  const m = new Matrix(dim, dim);
  for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) m.set(a, b, values[a * dim + b]);
  return m;
}

/** Eigenvalues (clipped at 0) and eigenvectors of a symmetric matrix, symmetrised first. */
function symmetricEigen(m: Matrix): { values: number[]; vectors: Matrix } {
  const sym = m.clone().add(m.transpose()).mul(0.5);
  const evd = new EigenvalueDecomposition(sym, { assumeSymmetric: true });
  return { values: evd.realEigenvalues.map((l) => Math.max(l, 0)), vectors: evd.eigenvectorMatrix };
}

/** The symmetric positive semi-definite square root of a symmetric matrix. */
export function sqrtSymmetric(m: Matrix): Matrix {
  const { values, vectors } = symmetricEigen(m);
  return vectors.mmul(Matrix.diag(values.map(Math.sqrt))).mmul(vectors.transpose());
}

/** Tr((Σ₁^½ Σ₂ Σ₁^½)^½) = Tr((Σ₁Σ₂)^½). */
function traceOfRootProduct(s1: Matrix, s2: Matrix): number {
  const a = sqrtSymmetric(s1);
  const { values } = symmetricEigen(a.mmul(s2).mmul(a));
  return values.reduce((sum, l) => sum + Math.sqrt(l), 0);
}

/** The squared Fréchet distance d² between the two Gaussians (FID's number). */
export function frechetDistance(a: GaussianStats, b: GaussianStats): number {
  if (a.dim !== b.dim) throw new Error(`Fréchet distance: dimensions ${a.dim} and ${b.dim} differ`);
  const dim = a.dim;
  let meanTerm = 0;
  for (let j = 0; j < dim; j++) meanTerm += (a.mean[j] - b.mean[j]) ** 2;
  let traces = 0;
  for (let j = 0; j < dim; j++) traces += a.covariance[j * dim + j] + b.covariance[j * dim + j];
  const cross = traceOfRootProduct(toMatrix(a.covariance, dim), toMatrix(b.covariance, dim));
  // Round-off can leave a tiny negative for identical sets.
  return Math.max(0, meanTerm + traces - 2 * cross);
}
