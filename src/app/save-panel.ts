/**
 * Saving and loading what a page trained (a model, an agent): in this browser (ByteStore) or
 * as a file to download and upload. The worker checks every loaded file and says what is wrong
 * with a bad one; the panel shows that refusal as it is.
 */
import { type ByteStore, StorageUnavailableError } from './byte-store';
import { button, el } from './dom';

export interface SavePanelOptions {
  store: ByteStore;
  /** File extension with its dot (".gam", ".gaa"). */
  extension: string;
  /** CSS class of the panel (beside "panel"). */
  className: string;
  title: string;
  note?: string;
  /** Names of the name input and the list of saved files (forms and tests find them by these). */
  nameInput: string;
  savedList: string;
  /** What to save now: the bytes, a default name and a one-line summary; null: nothing yet. */
  current(): Promise<{ bytes: Uint8Array; name: string; summary: string } | null>;
  /** Said when `current` has nothing. */
  nothingToSave: string;
  /** Loads the bytes into the worker (`source` says from where); a one-line summary of what loaded. */
  load(bytes: Uint8Array, source: string): Promise<string>;
}

export function downloadBytes(bytes: Uint8Array, filename: string): void {
  const blob = new Blob([bytes as BlobPart], { type: 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export class SavePanel {
  readonly element: HTMLElement;
  private readonly message = el('p', { class: 'model-message', role: 'status' });
  private readonly name: HTMLInputElement;
  private readonly saved: HTMLSelectElement;
  private readonly file: HTMLInputElement;

  constructor(private readonly opts: SavePanelOptions) {
    const what = opts.store.what;
    this.element = el('section', { class: `panel ${opts.className}` });
    this.name = el('input', {
      name: opts.nameInput,
      type: 'text',
      placeholder: 'name',
      'aria-label': `${what} name`,
    });
    this.saved = el('select', {
      name: opts.savedList,
      'aria-label': `${what}s saved in this browser`,
    });
    this.file = el('input', {
      type: 'file',
      accept: `${opts.extension},application/octet-stream`,
      'aria-label': `load a ${opts.extension} ${what} file`,
    });
    const save = button('Save in browser', { 'data-action': `save-${what}` });
    const download = button(`Download ${opts.extension}`, { 'data-action': `download-${what}` });
    const load = button('Load', { 'data-action': `load-${what}` });
    const remove = button('Delete', { 'data-action': `delete-${what}` });
    save.addEventListener('click', () => void this.save());
    download.addEventListener('click', () => void this.download());
    load.addEventListener('click', () => void this.loadSaved());
    remove.addEventListener('click', () => void this.remove());
    this.file.addEventListener('change', () => void this.upload());
    this.element.append(
      el('h3', {}, opts.title),
      ...(opts.note ? [el('p', { class: 'muted' }, opts.note)] : []),
      el('div', { class: 'actions' }, this.name, save, download),
      el('div', { class: 'actions' }, this.saved, load, remove),
      el(
        'div',
        { class: 'actions' },
        el(
          'label',
          { class: 'field' },
          el('span', { class: 'field-label' }, `Load a ${opts.extension} file`),
          this.file,
        ),
      ),
      this.message,
    );
  }

  /** Shows the panel's list of saved files (IndexedDB answers asynchronously). */
  refresh(select?: string): Promise<void> {
    return this.opts.store.list().then(
      (saved) => {
        this.saved.replaceChildren(
          ...(saved.length
            ? saved.map((e) => el('option', { value: e.name }, `${e.name} (${e.summary})`))
            : [el('option', { value: '' }, 'none saved yet')]),
        );
        if (select) this.saved.value = select;
      },
      (e: Error) => this.say(`This browser's storage is not available: ${e.message}`, true),
    );
  }

  private say(text: string, error = false): void {
    this.message.textContent = text;
    this.message.classList.toggle('error', error);
  }

  /** What to save, named by the input (else its default name); null after saying why not. */
  private async current() {
    const c = await this.opts.current();
    if (!c) this.say(this.opts.nothingToSave, true);
    return c && { ...c, name: this.name.value.trim() || c.name };
  }

  private async save(): Promise<void> {
    try {
      const c = await this.current();
      if (!c) return;
      const { name, bytes, summary } = c;
      await this.opts.store.save({ name, savedAt: new Date().toISOString(), bytes, summary });
      this.say(`Saved "${name}": ${summary}.`);
      await this.refresh(name);
    } catch (e) {
      if (e instanceof StorageUnavailableError) this.offerDownload(e.message);
      else this.say(`Could not save: ${(e as Error).message}`, true);
    }
  }

  /** The browser cannot keep it: say so, and offer the file instead. */
  private offerDownload(why: string): void {
    this.say(`${why}. Download the ${this.opts.extension} file instead: `, true);
    const instead = button(`Download ${this.opts.extension} instead`, {
      'data-action': `download-${this.opts.store.what}-instead`,
    });
    instead.addEventListener('click', () => void this.download());
    this.message.append(instead);
  }

  private async download(): Promise<void> {
    try {
      const c = await this.current();
      if (!c) return;
      downloadBytes(c.bytes, `${c.name}${this.opts.extension}`);
      const size = c.bytes.length.toLocaleString('en-US');
      this.say(`Downloaded ${c.name}${this.opts.extension} (${size} bytes).`);
    } catch (e) {
      this.say(`Could not save: ${(e as Error).message}`, true);
    }
  }

  private async loadSaved(): Promise<void> {
    const name = this.saved.value;
    if (!name) {
      this.say(`No ${this.opts.store.what} is saved in this browser yet.`, true);
      return;
    }
    try {
      const summary = await this.opts.load(await this.opts.store.load(name), `browser: ${name}`);
      this.say(`Loaded "${name}": ${summary}.`);
    } catch (e) {
      this.say(`"${name}" was not loaded: ${(e as Error).message}`, true);
    }
  }

  private async remove(): Promise<void> {
    const name = this.saved.value;
    if (!name) return;
    await this.opts.store.remove(name);
    this.say(`Deleted "${name}".`);
    await this.refresh();
  }

  private async upload(): Promise<void> {
    const file = this.file.files?.[0];
    if (!file) return;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const summary = await this.opts.load(bytes, `file ${file.name}`);
      this.say(`Loaded ${file.name}: ${summary}.`);
    } catch (e) {
      this.say(`${file.name} was not loaded: ${(e as Error).message}`, true);
    } finally {
      this.file.value = '';
    }
  }
}
