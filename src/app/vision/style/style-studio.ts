/**
 * The Vision area's style-transfer studio: its modes under tabs (STYLE_MODES), each made on
 * its first visit and kept, so a run goes on while another mode or studio shows; the one
 * hidden is told so (camera off).
 */
import type { BackendChoice, BackendRequest } from '../../../../workers/style-api';
import { button, el } from '../../dom';
import type { VisionStudio } from '../vision-studio';
import { FastMode } from './fast-mode';
import { GatysMode } from './gatys-mode';
import type { StyleMode, StyleModeEntry } from './style-mode';

/** The studio's modes, in the order of their tabs; the first shows first. */
export const STYLE_MODES: Record<string, StyleModeEntry> = {
  gatys: { label: 'Optimise a picture (Gatys)', make: (request) => new GatysMode(request) },
  fast: { label: 'Fast (webcam)', make: (request) => new FastMode(request) },
};

export class StyleStudio implements VisionStudio {
  readonly element = el('div', { class: 'style-studio' });
  readonly backend: Promise<BackendChoice>;
  private readonly tabs = el('div', { class: 'arena-tabs style-tabs', role: 'tablist' });
  private readonly host = el('div', { class: 'style-mode-host' });
  private readonly modes = new Map<
    string,
    { mode: StyleMode; box: HTMLElement; mounted: Promise<void> | null }
  >();
  private shown: string;
  private started = false;

  constructor(private readonly request: BackendRequest) {
    const names = Object.keys(STYLE_MODES);
    this.shown = names[0] as string;
    this.backend = this.modeNamed(this.shown).mode.backend;
    for (const name of names) {
      const tab = button((STYLE_MODES[name] as StyleModeEntry).label, {
        role: 'tab',
        'data-mode': name,
      });
      tab.addEventListener('click', () => void this.switchTo(name));
      this.tabs.append(tab);
    }
    // One mode needs no tabs; a second one brings them.
    this.tabs.hidden = names.length < 2;
    this.element.append(el('h2', { class: 'style-title' }, 'Style transfer'), this.tabs, this.host);
  }

  private modeNamed(name: string) {
    let m = this.modes.get(name);
    if (!m) {
      const entry = STYLE_MODES[name] as StyleModeEntry;
      m = {
        mode: entry.make(this.request),
        box: el('div', { class: 'style-mode', 'data-mode': name }),
        mounted: null,
      };
      this.modes.set(name, m);
    }
    return m;
  }

  async show(parent: HTMLElement): Promise<void> {
    if (parent.firstChild !== this.element) parent.replaceChildren(this.element);
    this.started = true;
    await this.showMode(this.shown);
  }

  leave(): void {
    this.started = false;
    this.modes.get(this.shown)?.mode.leave();
  }

  private async switchTo(name: string): Promise<void> {
    if (name === this.shown) return;
    this.modes.get(this.shown)?.mode.leave();
    this.shown = name;
    await this.showMode(name);
  }

  private async showMode(name: string): Promise<void> {
    for (const tab of Array.from(this.tabs.children) as HTMLElement[])
      tab.setAttribute('aria-selected', String(tab.dataset.mode === name));
    this.element.dataset.mode = name;
    const m = this.modeNamed(name);
    this.host.replaceChildren(m.box);
    if (!m.mounted) {
      m.mounted = m.mode.mount(m.box);
      return m.mounted;
    }
    await m.mounted;
    if (this.started && this.shown === name) await m.mode.enter();
  }
}
