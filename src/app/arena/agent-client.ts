/** The Arena's agent worker: the worker kit's guarded client on workers/agent.worker.ts. */
import type { AgentApi } from '../../../workers/agent-api';
import { startWorker, type WorkerHandle } from '../../../workers/kit/client';

export type AgentHandle = WorkerHandle<AgentApi>;

export function startAgentWorker(): AgentHandle {
  const worker = new Worker(new URL('../../../workers/agent.worker.ts', import.meta.url), {
    type: 'module',
    name: 'agent',
  });
  return startWorker<AgentApi>(worker, 'agent');
}
