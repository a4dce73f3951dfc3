// Node entry of the trainer worker: `new Worker(new URL('./node-bootstrap.mjs', ...))`.
// Registers tsx so the TypeScript worker (and the engine it imports) loads as is, then runs
// it; trainer.worker.ts sees no `self` and exposes its API on worker_threads' parentPort.
import { register } from 'tsx/esm/api';

register();
await import('./trainer.worker.ts');
