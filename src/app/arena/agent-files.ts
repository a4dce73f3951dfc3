/**
 * The Arena's save/load panel: the page kit's SavePanel on the agent store (.gaa files), saving
 * the agent last trained or loaded here as it was when training last stopped.
 */
import type { AgentInfo } from '../../../workers/agent-api';
import { ByteStore } from '../byte-store';
import { SavePanel } from '../save-panel';
import { type AgentSession, ALGO_LABELS } from './agent-session';

export interface AgentFilesOptions {
  session: AgentSession;
  /** Loads agent-file bytes into the worker and shows the agent (the page does the switching). */
  load(bytes: Uint8Array, source: string): Promise<AgentInfo>;
}

export function describeAgent(info: AgentInfo): string {
  return `${info.env} · ${ALGO_LABELS[info.algo]} · ${info.steps.toLocaleString('en-US')} steps · ${info.episodes.toLocaleString('en-US')} episodes`;
}

/** In a database of its own, as before the panels were one. */
const agents = new ByteStore('gradient-arcade-agents', 'agents', 'agent');

export class AgentFiles {
  private readonly panel: SavePanel;

  constructor(opts: AgentFilesOptions) {
    this.panel = new SavePanel({
      store: agents,
      extension: '.gaa',
      className: 'agent-files',
      title: 'Agents: save and load',
      note: 'Saves the agent last trained or loaded here (its weights, settings and counters), as it was when training last stopped.',
      nameInput: 'agentName',
      savedList: 'savedAgents',
      nothingToSave: 'Nothing to save yet: train an agent (and stop it) or load one first.',
      current: async () => {
        const t = opts.session.trained;
        if (!t) return null;
        return {
          bytes: t.bytes,
          name: `${t.info.env}-${t.info.algo}`,
          summary: describeAgent(t.info),
        };
      },
      load: async (bytes, source) => describeAgent(await opts.load(bytes, source)),
    });
  }

  get element(): HTMLElement {
    return this.panel.element;
  }

  async mount(parent: HTMLElement): Promise<void> {
    parent.append(this.panel.element);
    await this.panel.refresh();
  }
}
