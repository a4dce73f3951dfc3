/**
 * Where the Arena keeps agents: IndexedDB (idb-keyval) for "save in this browser", in a
 * database of its own (idb-keyval opens one object store per database). Bytes are agent files
 * (.gaa); the worker checks them.
 */
import { createStore, del, entries, get, set } from 'idb-keyval';

const store = createStore('gradient-arcade-agents', 'agents');

export interface StoredAgent {
  name: string;
  savedAt: string;
  bytes: Uint8Array;
  /** "cartpole · dqn · 12,000 steps" */
  summary: string;
}

export async function saveAgentInBrowser(agent: StoredAgent): Promise<void> {
  await set(agent.name, agent, store);
}

export async function listAgentsInBrowser(): Promise<Array<Omit<StoredAgent, 'bytes'>>> {
  const all = await entries<string, StoredAgent>(store);
  return all
    .map(([, a]) => ({ name: a.name, savedAt: a.savedAt, summary: a.summary }))
    .sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

export async function loadAgentFromBrowser(name: string): Promise<Uint8Array> {
  const a = await get<StoredAgent>(name, store);
  if (!a) throw new Error(`no agent named "${name}" is saved in this browser`);
  return a.bytes;
}

export async function deleteAgentFromBrowser(name: string): Promise<void> {
  await del(name, store);
}
