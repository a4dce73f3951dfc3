/** The page's trainer workers: the worker kit's guarded client on workers/trainer.worker.ts. */
import { startWorker, type WorkerHandle } from '../../workers/kit/client';
import type { TrainerApi } from '../../workers/trainer-api';

export type TrainerHandle = WorkerHandle<TrainerApi>;

export function startTrainerWorker(): TrainerHandle {
  const worker = new Worker(new URL('../../workers/trainer.worker.ts', import.meta.url), {
    type: 'module',
    name: 'trainer',
  });
  return startWorker<TrainerApi>(worker, 'trainer');
}

/** For the experiments panels, which wrap their listeners with Comlink.proxy. */
export * as Comlink from 'comlink';
export { listener } from '../../workers/kit/client';
