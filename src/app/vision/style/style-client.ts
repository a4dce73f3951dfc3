/** The style studio's worker: the worker kit's guarded client on workers/style.worker.ts. */
import { startWorker, type WorkerHandle } from '../../../../workers/kit/client';
import type { StyleApi } from '../../../../workers/style-api';

export type StyleHandle = WorkerHandle<StyleApi>;

export function startStyleWorker(): StyleHandle {
  const worker = new Worker(new URL('../../../../workers/style.worker.ts', import.meta.url), {
    type: 'module',
    name: 'style',
  });
  return startWorker<StyleApi>(worker, 'style');
}

export { listener } from '../../../../workers/kit/client';
