/** The trained agents shipped with the app under models/agents/. */
import type { EnvName } from '../../../envs/registry';

/**
 * The agents shipped with the app (models/agents/<env>-<algo>.gaa), as URLs. The glob is
 * resolved at build time, so the build works whether or not a file exists yet.
 */
const SHIPPED: Record<string, string> = import.meta.glob('../../../models/agents/*.gaa', {
  query: '?url',
  import: 'default',
  eager: true,
});

export interface ShippedAgent {
  /** File name, e.g. "catch-dqn.gaa". */
  file: string;
  url: string;
}

/** The shipped agents made for `env` (file names start with the env's name). */
export function shippedAgents(env: EnvName): ShippedAgent[] {
  return Object.entries(SHIPPED)
    .map(([path, url]) => ({ file: path.slice(path.lastIndexOf('/') + 1), url }))
    .filter((a) => a.file.startsWith(`${env}-`))
    .sort((a, b) => a.file.localeCompare(b.file));
}

export async function fetchShippedAgent(agent: ShippedAgent): Promise<Uint8Array> {
  const response = await fetch(agent.url);
  if (!response.ok) throw new Error(`${agent.file}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
