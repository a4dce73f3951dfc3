/**
 * `npm run bench:kernels -- [--net simple-conv|deep-conv] [--batch 100] [--reps 7]`
 *
 * Where a training step of a conv net goes, layer by layer, against what this machine's wasm
 * can do at best. First the ceiling (measure.ts), in GFLOP/s. Then one SGD step of the net
 * (its book config, a random MNIST-shaped batch) timed per layer call: each forward, the
 * loss, each backward in reverse (the first layer fills its grads only), the update. For the
 * convolutions the analytic FLOPs give GFLOP/s and the share of the ceiling. Last, the filter
 * gradient of each convolution two ways: the engine's (one conv2d with the batch as channels,
 * filter-gradient.ts) and the textbook im2col one (columns by 9 shifted slices, one matrix
 * product), which is why the engine does not use the latter.
 *
 * wasm kernels run synchronously, so the wall time of a layer call is its compute time; nothing
 * is read back (a 5 MB dataSync per layer would add its copy and the garbage it leaves, ~40 %
 * of the step). One JSON line per measurement; medians of `reps` steps.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { chooseBackend } from '../../src/nn/backend';
import { filterGradientNHWC } from '../../src/nn/layers/filter-gradient';
import { KernelConvolution } from '../../src/nn/layers/kernel-convolution';
import { createNet, defaultConfig } from '../../src/nn/nets';
import { createOptimizer } from '../../src/nn/optimizers';
import { im2colFilterGradient } from './im2col-filter-gradient';
import { emit, gemmCeiling, median, round, timed } from './measure';

const { values } = parseArgs({
  options: {
    net: { type: 'string', default: 'deep-conv' },
    batch: { type: 'string', default: '100' },
    reps: { type: 'string', default: '7' },
  },
  strict: true,
});
const net = values.net as string;
if (net !== 'simple-conv' && net !== 'deep-conv')
  throw new Error(`--net must be simple-conv or deep-conv, not "${net}"`);
const batch = Number(values.batch);
const reps = Number(values.reps);
if (!Number.isInteger(batch) || batch < 1) throw new Error('--batch must be an integer >= 1');
if (!Number.isInteger(reps) || reps < 1) throw new Error('--reps must be an integer >= 1');

await chooseBackend({ request: 'wasm' });
const ceiling = gemmCeiling(reps);
const timedReps = (f: () => tf.Tensor) => timed(f, reps);

// One SGD step, layer call by layer call.
const model = createNet(defaultConfig(net), 1);
const optimizer = createOptimizer('sgd', 0.01);
const x = tf.randomUniform([batch, 1, 28, 28]);
const t = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32'), 10);
const rows = new Map<string, { ms: number[]; mflop: number; kind: string }>();
const record = (key: string, kind: string, mflop: number, ms: number) => {
  const row = rows.get(key) ?? { ms: [], mflop, kind };
  row.ms.push(ms);
  rows.set(key, row);
};
/** Analytic multiply-adds x2 of a convolution's forward (its dx and dW each cost as much). */
const convMflop = (layer: KernelConvolution, out: tf.Tensor) => {
  const [fn, c, fh, fw] = layer.W.value.shape;
  const pixels = out.size / fn;
  return (2 * pixels * fn * c * fh * fw) / 1e6;
};
const stepMs: number[] = [];
for (let i = -2; i < reps; i++) {
  const stepStart = performance.now();
  const mflops: number[] = [];
  tf.tidy(() => {
    const clock = (key: string, kind: string, mflop: number, f: () => tf.Tensor | undefined) => {
      const start = performance.now();
      const out = f();
      if (i >= 0) record(key, kind, mflop, performance.now() - start);
      return out;
    };
    let y: tf.Tensor = x;
    model.layers.forEach((layer, l) => {
      const start = performance.now();
      y = layer.forward(y, true);
      mflops[l] = layer instanceof KernelConvolution ? convMflop(layer, y) : 0;
      if (i >= 0)
        record(`${l} ${layer.kind} forward`, layer.kind, mflops[l], performance.now() - start);
    });
    clock('loss forward', 'loss', 0, () => model.lastLayer.forward(y, t));
    let dout = clock('loss backward', 'loss', 0, () => model.lastLayer.backward()) as tf.Tensor;
    // As the net's gradient: the first layer with weights only fills its grads (no dx).
    const firstTrained = model.layers.findIndex((layer) => layer.params.size > 0);
    for (let l = model.layers.length - 1; l >= firstTrained; l--) {
      const layer = model.layers[l];
      const key = `${l} ${layer.kind} backward`;
      if (l === firstTrained && layer.backwardParams) {
        const start = performance.now();
        layer.backwardParams(dout);
        if (i >= 0) record(key, layer.kind, mflops[l], performance.now() - start);
      } else {
        dout = clock(key, layer.kind, 2 * mflops[l], () => layer.backward(dout)) as tf.Tensor;
      }
    }
    const grads = new Map<string, tf.Tensor>();
    for (const layer of model.layers) for (const [k, g] of layer.grads) grads.set(k, g);
    clock('update', 'sgd', 0, () => {
      optimizer.update(model.params, grads);
      return undefined;
    });
  });
  if (i >= 0) stepMs.push(performance.now() - stepStart);
}
const step = median(stepMs);
let convMs = 0;
for (const [call, row] of rows) {
  const ms = median(row.ms);
  if (row.kind === 'Convolution') convMs += ms;
  const gflops = row.mflop > 0 ? row.mflop / ms : null;
  emit({
    bench: 'kernels',
    what: 'layer',
    net,
    call,
    ms: round(ms),
    shareOfStep: round(ms / step, 2),
    ...(gflops === null
      ? {}
      : { mflop: round(row.mflop), gflops: round(gflops), ofCeiling: round(gflops / ceiling, 2) }),
  });
}
emit({
  bench: 'kernels',
  what: 'step',
  net,
  batch,
  msPerStep: round(step),
  samplesPerSecond: Math.round((batch * 1000) / step),
  convolutionShare: round(convMs / step, 2),
});

// The filter gradient two ways, per convolution, at the inputs the net's layers really see
// (inside the LayoutChange pair every KernelConvolution works in NHWC).
let input: tf.Tensor = x;
for (const layer of model.layers) {
  if (layer instanceof KernelConvolution) {
    if (layer.layout !== 'NHWC') throw new Error('expected the kernels path in NHWC');
    const a = input as tf.Tensor4D;
    const [fn, c, k] = layer.W.value.shape;
    const dz = tf.tidy(() =>
      tf.randomNormal(layer.forward(a).shape as [number, number, number, number]),
    ) as tf.Tensor4D;
    const mflop = (2 * dz.size * c * k * k) / 1e6;
    const engine = timedReps(() => filterGradientNHWC(a, dz, k, k, layer.stride, layer.pad));
    const textbook = timedReps(() => im2colFilterGradient(a, dz, k, layer.pad));
    emit({
      bench: 'kernels',
      what: 'filter-gradient',
      shape: `${a.shape[1]}x${a.shape[2]} ${c}->${fn} ${k}x${k} pad ${layer.pad}`,
      mflop: round(mflop),
      engineMs: round(engine),
      engineOfCeiling: round(mflop / engine / ceiling, 2),
      im2colMs: round(textbook),
      im2colOfCeiling: round(mflop / textbook / ceiling, 2),
    });
    dz.dispose();
  }
  const next = tf.tidy(() => layer.forward(input, false));
  if (input !== x) input.dispose();
  input = next;
}
tf.dispose([input, x, t]);
