// Autodiff kernels are registered in tests only: the engine's training path never needs them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll } from 'vitest';
import { chooseBackend } from '../../src/nn/backend';

// Unit tests run on the backend Node uses by default (wasm); TEST_BACKEND=cpu switches.
beforeAll(async () => {
  await chooseBackend({
    request: (process.env.TEST_BACKEND as 'wasm' | 'cpu' | undefined) ?? 'wasm',
  });
});
