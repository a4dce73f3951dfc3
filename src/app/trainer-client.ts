/** The page's handle on a trainer worker: the typed comlink proxy and a way to end it. */
import * as Comlink from 'comlink';
import type { TrainerApi } from '../../workers/trainer-api';

export interface TrainerHandle {
  api: Comlink.Remote<TrainerApi>;
  terminate(): void;
}

export function startTrainerWorker(): TrainerHandle {
  const worker = new Worker(new URL('../../workers/trainer.worker.ts', import.meta.url), {
    type: 'module',
    name: 'trainer',
  });
  const api = Comlink.wrap<TrainerApi>(worker);
  return {
    api,
    terminate: () => {
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}

export { Comlink };
