import * as tf from '@tensorflow/tfjs-core';
import { chooseBackend } from '../../nn/backend';
import { GRADIENT_CHECK, gradientCheck } from '../../nn/gradient';
import { createNet, defaultConfig, NET_KINDS } from '../../nn/nets';
import { Rng } from '../../nn/rng';
import { type FlagTable, flagUsage, MAX_SEED, parseCommandArgs, parseFlags } from '../flags';
import { backendOption, netKindOption, withConvPathOption } from '../options';

/** The numeric flags of `gradcheck` (parsing and usage both read it). */
export const GRADCHECK_FLAGS: FlagTable = [
  { name: 'batch', integer: true, min: 1, max: 256, fallback: '4', meaning: 'random inputs' },
  {
    name: 'samples',
    integer: true,
    min: 1,
    max: 10_000,
    fallback: '30',
    meaning: 'entries checked per parameter',
  },
  {
    name: 'seed',
    integer: true,
    min: 0,
    max: MAX_SEED,
    fallback: '0',
    meaning: 'seed of the net and the inputs',
  },
];

export const gradcheckUsage = `gradcheck --net ${NET_KINDS.join('|')} [--backend wasm|cpu|webgpu|auto] [--conv-path kernels|im2col]
${flagUsage(GRADCHECK_FLAGS)}
    Compare each parameter's hand-written gradient with central differences (h = ${GRADIENT_CHECK.h})
    on --batch random inputs in [0, 1) (as the book's gradient_check.py), at --samples random
    entries per parameter. (Not MNIST: its all-zero background puts every conv pre-activation
    exactly on the ReLU kink while biases are 0, where no central difference is meaningful.)`;

export async function gradcheck(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs(argv, {
    net: { type: 'string' },
    batch: { type: 'string' },
    samples: { type: 'string' },
    seed: { type: 'string' },
    backend: { type: 'string' },
    'conv-path': { type: 'string' },
  });
  const flags = parseFlags(GRADCHECK_FLAGS, values);
  const kind = netKindOption(values.net);
  const config = withConvPathOption(defaultConfig(kind), values['conv-path']);
  const batch = flags.batch ?? 4;
  const samples = flags.samples ?? 30;
  const seed = flags.seed ?? 0;
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
  const maxRelError = results.reduce((m, r) => Math.max(m, r.maxRelError), 0);
  const medianRelError = results.reduce((m, r) => Math.max(m, r.medianRelError), 0);
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
