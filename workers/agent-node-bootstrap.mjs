// Node entry of the agent worker: `new Worker(new URL('./agent-node-bootstrap.mjs', ...))`.
// Registers tsx so the TypeScript worker (and the engine it imports) loads as is, then runs
// it; agent.worker.ts sees no `self` and exposes its API on worker_threads' parentPort.
import { register } from 'tsx/esm/api';

register();
await import('./agent.worker.ts');
