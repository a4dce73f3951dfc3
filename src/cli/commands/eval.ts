import { loadMnistNode } from '../../data/mnist-node';
import { readRegularFile } from '../../data/node-files';
import { chooseBackend } from '../../nn/backend';
import { evaluate } from '../../nn/evaluate';
import { createNet } from '../../nn/nets';
import {
  assignWeights,
  MAX_MODEL_FILE_BYTES,
  ModelFileError,
  parseModelFile,
} from '../../nn/serialize';
import { UsageError } from '../errors';
import { parseCommandArgs } from '../flags';
import { backendOption } from '../options';

export const evalUsage = `eval --model FILE.gam [--backend wasm|cpu|webgpu|auto]
    Test accuracy of a saved model on the 10,000 MNIST test images.`;

/** Everything `eval` needs from its arguments, checked; no file is read here. */
export function parseEvalArgs(argv: readonly string[]) {
  const { values } = parseCommandArgs(argv, {
    model: { type: 'string' },
    backend: { type: 'string' },
  });
  if (!values.model) throw new UsageError('--model is required');
  return { model: values.model, backend: backendOption(values.backend) };
}

export async function evalCommand(argv: string[]): Promise<void> {
  const args = parseEvalArgs(argv);
  const file = args.model;
  // Every error about the file names it: "FILE: model file: ...".
  const inFile = <T>(work: () => T): T => {
    try {
      return work();
    } catch (e) {
      if (e instanceof ModelFileError) throw new Error(`${file}: ${e.message}`);
      throw e;
    }
  };
  const bytes = await readRegularFile(file, MAX_MODEL_FILE_BYTES);
  // The file is checked before the backend starts: a bad file fails at once.
  const parsed = inFile(() => parseModelFile(bytes));
  const backend = await chooseBackend({ request: args.backend });
  const net = inFile(() => {
    try {
      return createNet(parsed.config, 0);
    } catch (e) {
      throw new ModelFileError(`its config describes no buildable net: ${(e as Error).message}`);
    }
  });
  try {
    inFile(() => assignWeights(net, parsed));
    const { test } = await loadMnistNode({ trainSize: 1 });
    const result = await evaluate(net, test);
    console.error(`backend: ${backend.backend}; model meta: ${JSON.stringify(parsed.meta)}`);
    // Finite weights can still overflow the loss (huge logits): the accuracy stands, the
    // loss does not, and the report says so rather than printing a bare null.
    const lossFinite = Number.isFinite(result.loss);
    if (!lossFinite)
      console.error(
        `warning: ${file}: the test loss overflows (${result.loss}); the weights are finite but too large for a meaningful loss`,
      );
    console.log(
      JSON.stringify({
        testAccuracy: result.accuracy,
        testLoss: lossFinite ? result.loss : null,
        ...(lossFinite ? {} : { testLossOverflow: true }),
        count: result.count,
        backend: backend.backend,
      }),
    );
  } finally {
    net.dispose();
  }
}
