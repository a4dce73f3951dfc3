/**
 * Analytic FLOP counts of one training sample: 2·M·N·K per matrix product of the forward
 * pass (the convolution counted as its im2col product), times 3 for forward + backward
 * (dX and dW each cost one more product of the same size). Element-wise work is not counted.
 */
export type BenchNet = 'mlp' | 'cnn';

/** One sample's forward FLOPs (per-sample M = 1 for the affine layers). */
export function forwardFlopsPerSample(net: BenchNet): number {
  if (net === 'mlp') {
    // 784-100-10: [1,784]x[784,100] and [1,100]x[100,10].
    return 2 * 784 * 100 + 2 * 100 * 10;
  }
  // conv 30 of 5x5 over 1x28x28 -> 30x24x24: im2col [576, 25] x [25, 30].
  const conv = 2 * 24 * 24 * (1 * 5 * 5) * 30;
  // pool 2x2 -> 30x12x12 = 4320; affine 4320-100 and 100-10.
  const affine1 = 2 * 4320 * 100;
  const affine2 = 2 * 100 * 10;
  return conv + affine1 + affine2;
}

/** Forward + backward FLOPs of one sample (3 × forward). */
export function trainFlopsPerSample(net: BenchNet): number {
  return 3 * forwardFlopsPerSample(net);
}
