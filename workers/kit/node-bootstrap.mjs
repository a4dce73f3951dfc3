// The Node entry of every worker: `new Worker(new URL('./kit/node-bootstrap.mjs', ...),
// { workerData: { entry: 'trainer' } })` runs workers/trainer.worker.ts (see node-client.ts).
// Registers tsx so the TypeScript worker (and the engine it imports) loads as is; the worker
// sees no `self` and exposes its service on worker_threads' parentPort (expose.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

const entry = workerData?.entry;
if (typeof entry !== 'string' || !/^[a-z][a-z-]*$/.test(entry))
  throw new Error(
    `node-bootstrap: workerData.entry must name a worker (trainer, agent...), got ${JSON.stringify(entry)}`,
  );
register();
await import(new URL(`../${entry}.worker.ts`, import.meta.url).href);
