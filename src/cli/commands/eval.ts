import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadMnistNode } from '../../data/mnist-node';
import { chooseBackend } from '../../nn/backend';
import { evaluate } from '../../nn/evaluate';
import { loadModel } from '../../nn/serialize';
import { UsageError } from '../errors';
import { backendOption } from '../options';

export const evalUsage = `eval --model FILE.gam [--backend wasm|cpu|auto]
    Test accuracy of a saved model on the 10,000 MNIST test images.`;

export async function evalCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { model: { type: 'string' }, backend: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  if (!values.model) throw new UsageError('--model is required');
  const request = backendOption(values.backend);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(values.model));
  } catch (e) {
    throw new Error(
      `cannot read ${values.model}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  const backend = await chooseBackend({ request });
  const { net, meta } = loadModel(bytes);
  const { test } = await loadMnistNode({ trainSize: 1 });
  const result = await evaluate(net, test);
  net.dispose();
  console.error(`backend: ${backend.backend}; model meta: ${JSON.stringify(meta)}`);
  console.log(
    JSON.stringify({
      testAccuracy: result.accuracy,
      testLoss: result.loss,
      count: result.count,
      backend: backend.backend,
    }),
  );
}
