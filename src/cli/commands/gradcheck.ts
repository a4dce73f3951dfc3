import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { chooseBackend } from '../../nn/backend';
import { GRADIENT_CHECK, gradientCheck } from '../../nn/gradient';
import { createNet, defaultConfig, NET_KINDS } from '../../nn/nets';
import { Rng } from '../../nn/rng';
import { backendOption, intOption, netKindOption, withConvPathOption } from '../options';

export const gradcheckUsage = `gradcheck --net ${NET_KINDS.join('|')} [--batch 4] [--samples 30] [--seed 0] [--backend wasm|cpu] [--conv-path kernels|im2col]
    Compare each parameter's hand-written gradient with central differences (h = ${GRADIENT_CHECK.h})
    on --batch random inputs in [0, 1) (as the book's gradient_check.py), at --samples random
    entries per parameter. (Not MNIST: its all-zero background puts every conv pre-activation
    exactly on the ReLU kink while biases are 0, where no central difference is meaningful.)`;

export async function gradcheck(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      net: { type: 'string' },
      batch: { type: 'string' },
      samples: { type: 'string' },
      seed: { type: 'string' },
      backend: { type: 'string' },
      'conv-path': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const kind = netKindOption(values.net);
  const config = withConvPathOption(defaultConfig(kind), values['conv-path']);
  const batch = intOption(values.batch, 'batch', 4);
  const samples = intOption(values.samples, 'samples', 30);
  const seed = intOption(values.seed, 'seed', 0, 0);
  const backend = await chooseBackend({ request: backendOption(values.backend) });
  const net = createNet(config, seed);
  const rng = new Rng(seed + 1);
  const size = net.inputShape.reduce((a, b) => a * b, 1);
  const x = tf.tensor(
    Float32Array.from({ length: batch * size }, () => rng.next()),
    [batch, ...net.inputShape],
  );
  const t = tf.tensor1d(
    Int32Array.from({ length: batch }, () => rng.int(10)),
    'int32',
  );
  const results = await gradientCheck(net, x, t, { samplesPerParam: samples, seed });
  for (const r of results) {
    console.log(
      `${r.name.padEnd(14)} max rel ${r.maxRelError.toExponential(2)}  median rel ${r.medianRelError.toExponential(2)}  ` +
        `mean |diff| ${r.meanAbsError.toExponential(2)}  (${r.checked} entries)`,
    );
  }
  x.dispose();
  t.dispose();
  net.dispose();
  const maxRelError = Math.max(...results.map((r) => r.maxRelError));
  const medianRelError = Math.max(...results.map((r) => r.medianRelError));
  console.log(
    JSON.stringify({
      net: kind,
      maxRelError,
      worstMedianRelError: medianRelError,
      h: GRADIENT_CHECK.h,
      relErrorFloor: GRADIENT_CHECK.floor,
      backend: backend.backend,
    }),
  );
}
