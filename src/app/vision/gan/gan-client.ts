/** The studio's GAN worker: the worker kit's guarded client on workers/gan.worker.ts. */
import type { GanApi } from '../../../../workers/gan-api';
import { startWorker, type WorkerHandle } from '../../../../workers/kit/client';

export type GanHandle = WorkerHandle<GanApi>;

export function startGanWorker(): GanHandle {
  const worker = new Worker(new URL('../../../../workers/gan.worker.ts', import.meta.url), {
    type: 'module',
    name: 'gan',
  });
  return startWorker<GanApi>(worker, 'gan');
}
