/**
 * The vision worker's soak: a small grid detector trained on 64x64 generated scenes through
 * comlink, in rounds, with what the worker holds read after each (see main.ts).
 */
import * as Comlink from 'comlink';
import type { KitDiagnostics } from '../../workers/kit/memory';
import { type NodeWorkerHandle, startNodeWorker } from '../../workers/kit/node-client';
import type { VisionService } from '../../workers/vision-service';
import { flatness, sample } from './samples';

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
    const samples = [sample('start', 0, await api.kitMemory())];
    const per = Math.ceil(steps / rounds);
    let done = 0;
    const started = performance.now();
    for (let r = 1; r <= rounds; r++) {
      const summary = await api.train(
        'soak',
        {
          steps: Math.min(per, steps - done),
          batchSize: 2,
          lr: 0.002,
          seed: r,
          evalScenes: 4,
          evalEvery: 0,
          samples: 1,
        },
        Comlink.proxy(() => undefined),
      );
      done += summary.steps;
      samples.push(sample(`round ${r}`, done, await api.kitMemory()));
    }
    const seconds = (performance.now() - started) / 1000;
    samples.push(sample('end', done, await api.kitMemory()));
    return {
      worker: 'vision',
      backend: choice.backend,
      steps: done,
      seconds: Number(seconds.toFixed(1)),
      ...flatness(samples),
      samples,
    };
  } finally {
    await worker.terminate();
  }
}
