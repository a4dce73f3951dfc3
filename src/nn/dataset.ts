/**
 * A labelled data set as the engine sees it: samples in one row-major Float32Array, integer
 * labels beside them. src/data fills it (MNIST); the engine only reads it.
 */
export interface LabeledData {
  /** count * prod(sampleShape) values, sample after sample. */
  readonly x: Float32Array;
  /** One class index per sample. */
  readonly labels: Uint8Array;
  /** Shape of one sample, e.g. [784] or [1, 28, 28]. */
  readonly sampleShape: readonly number[];
  readonly count: number;
  /** Number of classes. */
  readonly classes: number;
}

export function sampleSize(d: Pick<LabeledData, 'sampleShape'>): number {
  return d.sampleShape.reduce((a, b) => a * b, 1);
}

/** The first `n` samples (a view, no copy). */
export function head(d: LabeledData, n: number): LabeledData {
  const count = Math.min(n, d.count);
  const size = sampleSize(d);
  return { ...d, count, x: d.x.subarray(0, count * size), labels: d.labels.subarray(0, count) };
}

/** Copy the samples at `indices` into one batch buffer and a label buffer. */
export function gatherBatch(
  d: LabeledData,
  indices: ArrayLike<number>,
): { x: Float32Array; labels: Int32Array } {
  const size = sampleSize(d);
  const x = new Float32Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i];
    x.set(d.x.subarray(j * size, (j + 1) * size), i * size);
    labels[i] = d.labels[j];
  }
  return { x, labels };
}

/** Check that a data set is consistent before training on it. */
export function validateData(d: LabeledData, what: string): void {
  const size = sampleSize(d);
  if (d.count < 1) throw new Error(`${what}: no samples`);
  if (d.x.length !== d.count * size) {
    throw new Error(
      `${what}: ${d.x.length} values is not ${d.count} samples of [${d.sampleShape}]`,
    );
  }
  if (d.labels.length !== d.count)
    throw new Error(`${what}: ${d.labels.length} labels for ${d.count} samples`);
}
