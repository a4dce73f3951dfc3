/** The page's handle on the agent worker: the typed comlink proxy and a way to end it. */
import * as Comlink from 'comlink';
import type { AgentApi } from '../../../workers/agent-api';

export interface AgentHandle {
  api: Comlink.Remote<AgentApi>;
  terminate(): void;
}

export function startAgentWorker(): AgentHandle {
  const worker = new Worker(new URL('../../../workers/agent.worker.ts', import.meta.url), {
    type: 'module',
    name: 'agent',
  });
  const api = Comlink.wrap<AgentApi>(worker);
  return {
    api,
    terminate: () => {
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}

export { Comlink };
