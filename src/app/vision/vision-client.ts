/** The page's vision workers: the worker kit's guarded client on workers/vision.worker.ts. */
import { startWorker, type WorkerHandle } from '../../../workers/kit/client';
import type { VisionApi } from '../../../workers/vision-api';

export type VisionHandle = WorkerHandle<VisionApi>;

export function startVisionWorker(): VisionHandle {
  const worker = new Worker(new URL('../../../workers/vision.worker.ts', import.meta.url), {
    type: 'module',
    name: 'vision',
  });
  return startWorker<VisionApi>(worker, 'vision');
}

export { listener } from '../../../workers/kit/client';

/** Where the app serves the MNIST files (vite.config.ts). */
export function mnistUrl(): string {
  return new URL('mnist/', document.baseURI).href;
}
