/**
 * The vision worker's soak: a small grid detector trained on 64x64 generated scenes through
 * comlink, in rounds, with what the worker holds read after each (see main.ts).
 */
import * as Comlink from 'comlink';
import type { KitDiagnostics } from '../../workers/kit/memory';
import { type NodeWorkerHandle, startNodeWorker } from '../../workers/kit/node-client';
import type { VisionService } from '../../workers/vision-service';
import { soakRounds } from './samples';

export async function soakVision(
  steps: number,
  rounds: number,
  backend: 'wasm' | 'cpu' | 'webgpu' | 'auto',
) {
  const worker: NodeWorkerHandle<VisionService & KitDiagnostics> = startNodeWorker('vision');
  const api = worker.api;
  try {
    const choice = await api.init(backend);
    await api.loadDigits(['train', 'test']);
    await api.create(
      'soak',
      { kind: 'grid-detector', inputSize: [64, 64], stageChannels: [4, 8], classes: 10 },
      1,
    );
    const run = await soakRounds(
      steps,
      rounds,
      () => api.kitMemory(),
      async (n, r) => {
        const summary = await api.train(
          'soak',
          { steps: n, batchSize: 2, lr: 0.002, seed: r, evalScenes: 4, evalEvery: 0, samples: 1 },
          Comlink.proxy(() => undefined),
        );
        return summary.steps;
      },
    );
    return { worker: 'vision', backend: choice.backend, ...run };
  } finally {
    await worker.terminate();
  }
}
