/**
 * The filter gradient (dW) of our nets' convolutions three ways, on the active backend, to find
 * the formulation a GPU wants:
 * - batch-as-channels: what the engine does (src/nn/layers/filter-gradient.ts): a conv2d of the
 *   input seen as [C, H, W, N] with dz seen as an [OH, OW, N, O] "filter" (24x24 for
 *   SimpleConvNet): few outputs, each a long sum, so few GPU threads;
 * - im2col: the patches of the input as one [N*OH*OW, KH*KW*C] matrix, times dz: one matmul with
 *   a long shared dimension, which tfjs's webgpu matmul splits across workgroups (split-K);
 * - native: the backend's own Conv2DBackpropFilter kernel (webgpu and cpu have one; wasm has not).
 * Each is checked against the engine's result.
 */
import * as tf from '@tensorflow/tfjs-core';
import { filterGradientNHWC } from '../../src/nn/layers/filter-gradient';

type Dw = (a: tf.Tensor4D, dz: tf.Tensor4D, k: number, stride: number, pad: number) => tf.Tensor;

function im2colDw(a: tf.Tensor4D, dz: tf.Tensor4D, k: number, stride: number, pad: number) {
  return tf.tidy(() => {
    const [n, , , c] = a.shape;
    const [, oh, ow, o] = dz.shape;
    const padded = pad
      ? tf.pad(a, [
          [0, 0],
          [pad, pad],
          [pad, pad],
          [0, 0],
        ])
      : a;
    const cols: tf.Tensor[] = [];
    for (let ky = 0; ky < k; ky++)
      for (let kx = 0; kx < k; kx++)
        cols.push(
          tf.stridedSlice(
            padded,
            [0, ky, kx, 0],
            [n, ky + (oh - 1) * stride + 1, kx + (ow - 1) * stride + 1, c],
            [1, stride, stride, 1],
          ),
        );
    const patches = tf.reshape(tf.concat(cols, 3), [n * oh * ow, k * k * c]);
    const r = tf.matMul(patches, tf.reshape(dz, [n * oh * ow, o]), true, false);
    return tf.reshape(r, [k, k, c, o]);
  });
}

function nativeDw(a: tf.Tensor4D, dz: tf.Tensor4D, k: number, stride: number, pad: number) {
  return tf.engine().runKernel(
    'Conv2DBackpropFilter',
    { x: a, dy: dz },
    {
      strides: [stride, stride],
      pad,
      dataFormat: 'NHWC',
      filterShape: [k, k, a.shape[3], dz.shape[3]],
    },
  ) as tf.Tensor;
}

/** The conv layers' shapes at batch 100 (NHWC): input, dz, kernel, stride, pad. */
const CASES = [
  { name: 'SimpleConvNet conv1 (5x5, 1->30, 28x28)', a: [100, 28, 28, 1], o: 30, k: 5, p: 0 },
  { name: 'DeepConvNet conv2 (3x3, 16->16, 28x28)', a: [100, 28, 28, 16], o: 16, k: 3, p: 1 },
  { name: 'DeepConvNet conv5 (3x3, 32->64, 7x7)', a: [100, 7, 7, 32], o: 64, k: 3, p: 1 },
] as const;

export interface DwResult {
  case: string;
  path: string;
  firstMs: number;
  ms: number;
  maxRelError: number;
}

export async function timeDw(reps: number): Promise<DwResult[]> {
  const paths: Array<[string, Dw]> = [
    ['batch-as-channels', (a, dz, k, s, p) => filterGradientNHWC(a, dz, k, k, s, p)],
    ['im2col', im2colDw],
  ];
  if (tf.getBackend() !== 'wasm') paths.push(['native', nativeDw]);
  const out: DwResult[] = [];
  for (const c of CASES) {
    const [n, h, w] = c.a;
    const oh = h + 2 * c.p - c.k + 1;
    const ow = w + 2 * c.p - c.k + 1;
    const a = tf.randomNormal([...c.a], 0, 1, 'float32', 1) as tf.Tensor4D;
    const dz = tf.randomNormal([n, oh, ow, c.o], 0, 1, 'float32', 2) as tf.Tensor4D;
    const reference = await filterGradientNHWC(a, dz, c.k, c.k, 1, c.p).data();
    for (const [path, dw] of paths) {
      let t0 = performance.now();
      let r = dw(a, dz, c.k, 1, c.p);
      const v = await r.data();
      r.dispose();
      const firstMs = performance.now() - t0;
      let maxRelError = 0;
      for (let i = 0; i < v.length; i++)
        maxRelError = Math.max(
          maxRelError,
          Math.abs(v[i] - reference[i]) / (1 + Math.abs(reference[i])),
        );
      t0 = performance.now();
      for (let i = 0; i < reps; i++) {
        r = dw(a, dz, c.k, 1, c.p);
        await r.data();
        r.dispose();
      }
      out.push({ case: c.name, path, firstMs, ms: (performance.now() - t0) / reps, maxRelError });
    }
    a.dispose();
    dz.dispose();
  }
  return out;
}
