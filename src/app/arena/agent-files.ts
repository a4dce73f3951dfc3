/**
 * Saving and loading agents: in this browser (IndexedDB) or as .gaa files to download and
 * upload. The worker checks every loaded file and says what is wrong with a bad one; the
 * panel shows that refusal as it is.
 */
import type { AgentInfo } from '../../../workers/agent-api';
import { button, el } from '../dom';
import { downloadBytes, readFileBytes } from '../model-store';
import { type AgentSession, ALGO_LABELS } from './agent-session';
import {
  deleteAgentFromBrowser,
  listAgentsInBrowser,
  loadAgentFromBrowser,
  saveAgentInBrowser,
} from './agent-store';

export interface AgentFilesOptions {
  session: AgentSession;
  /** Loads agent-file bytes into the worker and shows the agent (the page does the switching). */
  load(bytes: Uint8Array, source: string): Promise<AgentInfo>;
}

export function describeAgent(info: AgentInfo): string {
  return `${info.env} · ${ALGO_LABELS[info.algo]} · ${info.steps.toLocaleString('en-US')} steps · ${info.episodes.toLocaleString('en-US')} episodes`;
}

export class AgentFiles {
  readonly element = el('section', { class: 'panel agent-files' });
  private readonly message = el('p', { class: 'model-message', role: 'status' });
  private readonly nameInput = el('input', {
    name: 'agentName',
    type: 'text',
    placeholder: 'name',
    'aria-label': 'agent name',
  });
  private readonly savedList = el('select', {
    name: 'savedAgents',
    'aria-label': 'agents saved in this browser',
  });
  private readonly fileInput = el('input', {
    type: 'file',
    accept: '.gaa,application/octet-stream',
    'aria-label': 'load a .gaa agent file',
  });

  constructor(private readonly opts: AgentFilesOptions) {
    const save = button('Save in browser', { 'data-action': 'save-agent' });
    const download = button('Download .gaa', { 'data-action': 'download-agent' });
    const load = button('Load', { 'data-action': 'load-agent' });
    const remove = button('Delete', { 'data-action': 'delete-agent' });
    save.addEventListener('click', () => void this.save());
    download.addEventListener('click', () => this.download());
    load.addEventListener('click', () => void this.loadSaved());
    remove.addEventListener('click', () => void this.remove());
    this.fileInput.addEventListener('change', () => void this.upload());
    this.element.append(
      el('h3', {}, 'Agents: save and load'),
      el(
        'p',
        { class: 'muted' },
        'Saves the agent last trained or loaded here (its weights, settings and counters), as it was when training last stopped.',
      ),
      el('div', { class: 'actions' }, this.nameInput, save, download),
      el('div', { class: 'actions' }, this.savedList, load, remove),
      el(
        'div',
        { class: 'actions' },
        el(
          'label',
          { class: 'field' },
          el('span', { class: 'field-label' }, 'Load a .gaa file'),
          this.fileInput,
        ),
      ),
      this.message,
    );
  }

  async mount(parent: HTMLElement): Promise<void> {
    parent.append(this.element);
    await this.refresh();
  }

  private say(text: string, error = false): void {
    this.message.textContent = text;
    this.message.classList.toggle('error', error);
  }

  private current(): AgentSession['trained'] {
    const t = this.opts.session.trained;
    if (!t) this.say('Nothing to save yet: train an agent (and stop it) or load one first.', true);
    return t;
  }

  private async save(): Promise<void> {
    const t = this.current();
    if (!t) return;
    const name = this.nameInput.value.trim() || `${t.info.env}-${t.info.algo}`;
    try {
      await saveAgentInBrowser({
        name,
        savedAt: new Date().toISOString(),
        bytes: t.bytes,
        summary: describeAgent(t.info),
      });
      this.say(`Saved "${name}": ${describeAgent(t.info)}.`);
      await this.refresh(name);
    } catch (e) {
      this.say(`Could not save: ${(e as Error).message}`, true);
    }
  }

  private download(): void {
    const t = this.current();
    if (!t) return;
    const name = this.nameInput.value.trim() || `${t.info.env}-${t.info.algo}`;
    downloadBytes(t.bytes, `${name}.gaa`);
    this.say(`Downloaded ${name}.gaa (${t.bytes.length.toLocaleString('en-US')} bytes).`);
  }

  private async loadSaved(): Promise<void> {
    const name = this.savedList.value;
    if (!name) {
      this.say('No agent is saved in this browser yet.', true);
      return;
    }
    try {
      const bytes = await loadAgentFromBrowser(name);
      const info = await this.opts.load(bytes, `browser: ${name}`);
      this.say(`Loaded "${name}": ${describeAgent(info)}.`);
    } catch (e) {
      this.say(`"${name}" was not loaded: ${(e as Error).message}`, true);
    }
  }

  private async remove(): Promise<void> {
    const name = this.savedList.value;
    if (!name) return;
    await deleteAgentFromBrowser(name);
    this.say(`Deleted "${name}".`);
    await this.refresh();
  }

  private async upload(): Promise<void> {
    const file = this.fileInput.files?.[0];
    if (!file) return;
    try {
      const bytes = await readFileBytes(file);
      const info = await this.opts.load(bytes, `file ${file.name}`);
      this.say(`Loaded ${file.name}: ${describeAgent(info)}.`);
    } catch (e) {
      this.say(`${file.name} was not loaded: ${(e as Error).message}`, true);
    } finally {
      this.fileInput.value = '';
    }
  }

  private async refresh(select?: string): Promise<void> {
    try {
      const saved = await listAgentsInBrowser();
      this.savedList.replaceChildren(
        ...(saved.length
          ? saved.map((a) => el('option', { value: a.name }, `${a.name} (${a.summary})`))
          : [el('option', { value: '' }, 'none saved yet')]),
      );
      if (select) this.savedList.value = select;
    } catch (e) {
      this.say(`This browser's storage is not available: ${(e as Error).message}`, true);
    }
  }
}
