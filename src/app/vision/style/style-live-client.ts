/**
 * The live mode's workers: the worker kit's guarded client on workers/style-live.worker.ts.
 * The mode starts two, named apart: one paints the live frames, one trains.
 */
import { startWorker, type WorkerHandle } from '../../../../workers/kit/client';
import type { StyleLiveApi } from '../../../../workers/style-live-api';

export type StyleLiveHandle = WorkerHandle<StyleLiveApi>;

export function startStyleLiveWorker(name: 'style-live' | 'style-train'): StyleLiveHandle {
  const worker = new Worker(new URL('../../../../workers/style-live.worker.ts', import.meta.url), {
    type: 'module',
    name,
  });
  return startWorker<StyleLiveApi>(worker, name === 'style-live' ? 'live style' : 'style training');
}
