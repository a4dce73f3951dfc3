/**
 * The live mode's nets: the shipped ones (models/style/*.gst, each shown as its painting of a
 * generated landscape; a missing file says so plainly), .gst files the user loads, the nets
 * trained here, and, while a run goes, the net as it learns. One is in use; Save .gst downloads
 * it. Every net is loaded into the live worker once and kept (under a megabyte each), so
 * switching is instant and a frame on its way never meets a net that has gone.
 */
import { transfer } from 'comlink';
import type { LiveNetInfo, RgbImage } from '../../../../workers/style-live-api';
import { StyleGallery } from '../../../ui/style-gallery';
import { button, el, field } from '../../dom';
import { downloadBytes } from '../../save-panel';
import { forView } from './picture-io';
import { fetchShippedStyleNet, MissingStyleNet, shippedStyleNets } from './shipped-style-nets';
import type { StyleLiveHandle } from './style-live-client';

/** The landscape every thumbnail paints, and its side. */
const THUMB_SCENE = 7;
const THUMB_SIDE = 96;
/** The worker's id of the net as it learns. */
export const LEARNING_ID = 'learning';

export type NetState = 'loading' | 'ready' | 'missing' | 'error';

export interface PickerNet {
  /** The worker's id. */
  id: string;
  label: string;
  caption: string;
  badge?: string;
  state: NetState;
  picture: RgbImage | null;
  /** The .gst file (to save it, or to train on from it). */
  bytes: Uint8Array | null;
  info: LiveNetInfo | null;
  /** Why it cannot be used (missing, damaged), and what to do. */
  problem?: string;
  /** The same without the advice. */
  what?: string;
  /** The name Save .gst gives it. */
  fileName: string;
  /** Its preview sheet from `vision style train` (shipped nets; null: none). */
  preview?: string | null;
}

const grey = (side: number): RgbImage => ({
  width: side,
  height: side,
  data: new Uint8Array(side * side * 3).fill(96),
});

const stepsText = (info: LiveNetInfo) =>
  info.steps === null ? '' : ` · ${info.steps.toLocaleString('en')} steps`;

export class NetPicker {
  readonly element = el('section', { class: 'panel style-fast-nets' });
  private gallery: StyleGallery | null = null;
  private readonly nets: PickerNet[] = [];
  private inUse: string | null = null;
  private files = 0;
  private readonly message = el('p', { class: 'vision-message', role: 'status' });
  private readonly fileInput = el('input', {
    type: 'file',
    accept: '.gst,application/octet-stream',
    name: 'gst-file',
    'aria-label': 'a .gst style net',
  });
  private readonly saveButton = button('Save .gst', { 'data-action': 'save-gst' });
  private readonly sheetImage = el('img', {
    class: 'style-fast-sheet-image',
    alt: 'The preview sheet `vision style train` wrote: pictures above, the net’s paintings below',
  });
  /** The shipped net's preview sheet, fetched only when opened (about a megabyte). */
  private readonly sheet = el(
    'details',
    { class: 'style-fast-sheet' },
    el('summary', {}, 'Its preview sheet from training'),
    this.sheetImage,
  );

  constructor(
    private readonly worker: StyleLiveHandle,
    /** Resolves once the worker has its backend. */
    private readonly ready: Promise<unknown>,
    /** The style pictures by name (missing nets show their style instead of a painting). */
    private readonly stylePictures: Promise<Map<string, RgbImage>>,
    /** Hears the net put in use (null: none usable). */
    private readonly onChange: (net: PickerNet | null) => void,
  ) {
    this.fileInput.addEventListener('change', () => void this.readFile());
    this.saveButton.addEventListener('click', () => this.save());
    this.sheet.addEventListener('toggle', () => this.showSheet());
  }

  private showSheet(): void {
    const url = this.current?.preview ?? null;
    this.sheet.hidden = url === null;
    if (url && this.sheet.open && this.sheetImage.getAttribute('src') !== url)
      this.sheetImage.src = url;
  }

  async mount(parent: HTMLElement): Promise<void> {
    this.element.append(
      el('h3', {}, 'Style net'),
      el(
        'p',
        { class: 'muted' },
        'Each net was trained for one style and paints any frame in one pass. The thumbnails are each net’s painting of the same landscape.',
      ),
    );
    parent.append(this.element);
    this.gallery = await StyleGallery.create(this.element, {
      label: 'Style nets',
      thumbSize: 84,
      framed: false,
      emptyText: 'Loading the nets…',
    });
    this.gallery.onSelect((id) => this.choose(id));
    this.element.append(
      this.sheet,
      el(
        'div',
        { class: 'actions style-fast-net-files' },
        field('Load a .gst', this.fileInput),
        this.saveButton,
      ),
      this.message,
    );
    this.saveButton.disabled = true;
    await this.loadShipped();
  }

  /** The net in use (null: none ready). */
  get current(): PickerNet | null {
    return this.nets.find((n) => n.id === this.inUse && n.state === 'ready') ?? null;
  }

  private say(text: string, error = false): void {
    this.message.textContent = text;
    this.message.classList.toggle('error', error);
  }

  private refresh(): void {
    this.gallery?.update({
      items: this.nets.map((n) => ({
        id: n.id,
        label: n.label,
        caption: n.caption,
        picture: forView(n.picture ?? grey(THUMB_SIDE)),
        ...(n.badge ? { badge: n.badge } : {}),
      })),
      selected: this.inUse,
    });
    const states = Object.fromEntries(this.nets.map((n) => [n.id, n.state]));
    this.element.dataset.nets = JSON.stringify(states);
    this.element.dataset.inUse = this.inUse ?? '';
    this.saveButton.disabled = this.current?.bytes == null;
    this.showSheet();
  }

  private async loadShipped(): Promise<void> {
    const list = shippedStyleNets();
    for (const s of list)
      this.nets.push({
        id: `shipped:${s.name}`,
        label: s.name,
        caption: 'loading…',
        state: 'loading',
        picture: null,
        bytes: null,
        info: null,
        fileName: `${s.name}.gst`,
        preview: s.preview,
      });
    this.refresh();
    const pictures = await this.stylePictures.catch(() => new Map<string, RgbImage>());
    await this.ready.catch(() => undefined);
    // One after another: the first is in use as soon as it is ready.
    for (const s of list) {
      const net = this.nets.find((n) => n.id === `shipped:${s.name}`) as PickerNet;
      try {
        const bytes = await fetchShippedStyleNet(s);
        await this.install(net, bytes);
        net.caption = `shipped${stepsText(net.info as LiveNetInfo)}`;
      } catch (e) {
        net.state = e instanceof MissingStyleNet ? 'missing' : 'error';
        net.problem = (e as Error).message;
        net.what = e instanceof MissingStyleNet ? e.what : `${s.file}: ${(e as Error).message}`;
        net.caption =
          e instanceof MissingStyleNet ? 'missing from this build' : 'could not be read';
        net.badge = 'missing';
        net.picture = pictures.get(s.name) ?? null;
      }
      if (this.inUse === null && net.state === 'ready') this.use(net.id);
      this.refresh();
    }
    const missing = this.nets.filter((n) => n.state !== 'ready' && n.id.startsWith('shipped:'));
    if (missing.length === 1) this.say((missing[0] as PickerNet).problem ?? '', true);
    else if (missing.length > 1)
      this.say(
        `${missing.map((n) => n.what).join('; ')}: pick another net, load a .gst file or train one below.`,
        true,
      );
    if (!this.current) this.onChange(null);
  }

  /** Loads `bytes` into the worker as `net` and paints its thumbnail. */
  private async install(net: PickerNet, bytes: Uint8Array): Promise<void> {
    const copy = bytes.slice();
    net.info = await this.worker.api.loadNet(net.id, transfer(copy, [copy.buffer as ArrayBuffer]));
    net.picture = await this.worker.api.paintScene(net.id, THUMB_SCENE, THUMB_SIDE);
    net.bytes = bytes;
    net.state = 'ready';
  }

  private use(id: string): void {
    this.inUse = id;
    this.refresh();
    this.onChange(this.current);
  }

  private choose(id: string): void {
    const net = this.nets.find((n) => n.id === id);
    if (net?.state !== 'ready') {
      this.say(
        net?.problem ?? (net?.state === 'loading' ? `${net.label} is still loading.` : ''),
        true,
      );
      // The net in use stays chosen.
      this.refresh();
      return;
    }
    this.say('');
    this.use(id);
  }

  private async readFile(): Promise<void> {
    const file = this.fileInput.files?.[0];
    if (!file) return;
    const id = `file:${++this.files}`;
    const name = file.name.replace(/\.gst$/i, '');
    const net: PickerNet = {
      id,
      label: name,
      caption: 'your file',
      badge: 'file',
      state: 'loading',
      picture: null,
      bytes: null,
      info: null,
      fileName: file.name,
    };
    try {
      await this.ready;
      await this.install(net, new Uint8Array(await file.arrayBuffer()));
      net.caption = `${net.info?.style || 'your file'}${stepsText(net.info as LiveNetInfo)}`;
      this.nets.push(net);
      this.say(`${file.name} loaded: ${net.info?.parameters.toLocaleString('en')} weights.`);
      this.use(id);
    } catch (e) {
      this.say(`${file.name} is not a style net we can read: ${(e as Error).message}`, true);
    } finally {
      this.fileInput.value = '';
    }
  }

  /** A net trained here: kept, shown first among the user's, and put in use. */
  async addTrained(bytes: Uint8Array, label: string, fileName: string): Promise<PickerNet> {
    const net: PickerNet = {
      id: `trained:${this.nets.filter((n) => n.id.startsWith('trained:')).length + 1}`,
      label,
      caption: 'trained here',
      badge: 'yours',
      state: 'loading',
      picture: null,
      bytes: null,
      info: null,
      fileName,
    };
    await this.install(net, bytes);
    net.caption = `trained here${stepsText(net.info as LiveNetInfo)}`;
    this.dropLearning();
    this.nets.push(net);
    this.use(net.id);
    return net;
  }

  /** The net as it learns, at `step`: in use while `live`, else only listed. */
  async showLearning(bytes: Uint8Array, step: number, style: string, live: boolean): Promise<void> {
    let net = this.nets.find((n) => n.id === LEARNING_ID);
    if (!net) {
      net = {
        id: LEARNING_ID,
        label: `${style} (learning)`,
        caption: '',
        badge: 'training',
        state: 'loading',
        picture: null,
        bytes: null,
        info: null,
        fileName: `${style}-step-${step}.gst`,
      };
      this.nets.push(net);
    }
    await this.install(net, bytes);
    net.caption = `step ${step.toLocaleString('en')}`;
    net.fileName = `${style}-step-${step}.gst`;
    if (live && this.inUse !== LEARNING_ID) this.use(LEARNING_ID);
    else this.refresh();
  }

  /** The run ended without a net to keep (stopped before a step, failed). */
  dropLearning(): void {
    const i = this.nets.findIndex((n) => n.id === LEARNING_ID);
    if (i < 0) return;
    this.nets.splice(i, 1);
    if (this.inUse === LEARNING_ID) {
      const fallback = this.nets.find((n) => n.state === 'ready');
      this.inUse = fallback?.id ?? null;
      this.onChange(this.current);
    }
    this.refresh();
  }

  private save(): void {
    const net = this.current;
    if (!net?.bytes) return;
    downloadBytes(net.bytes, net.fileName);
    this.say(`Saved ${net.fileName}.`);
  }
}
