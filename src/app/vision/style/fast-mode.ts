/**
 * "Fast (webcam)": fast style transfer (Johnson et al.) live. A feed-forward net paints each
 * camera frame in one pass in the live style worker, shown beside the camera (or under a
 * divider) with frames/s and where a frame's time goes; pick a shipped net, load or save a
 * .gst, pause, snapshot a PNG; or train a new net on your own video in a second worker and
 * watch it learn in the live view. Without a camera: a clear message, and the same mode on a
 * slowly panning generated landscape or an image file. The camera is released when the mode
 * or the studio is left.
 */
import type { BackendChoice, BackendRequest, RgbImage } from '../../../../workers/style-live-api';
import type { LiveFigures } from '../../../ui/live-style-stats';
import { type LiveLayout, LiveStyleView } from '../../../ui/live-style-view';
import { button, el, field, select } from '../../dom';
import { downloadBytes } from '../../save-panel';
import { TrainPanel } from './fast-train-panel';
import { LIVE_SIZES, type LiveSizeChoice, sizeFromKey, sizeKey } from './live-geometry';
import { LiveLoop } from './live-loop';
import { LiveSource } from './live-source';
import { NetPicker, type PickerNet } from './net-picker';
import { type StyleLiveHandle, startStyleLiveWorker } from './style-live-client';
import type { StyleMode } from './style-mode';

/** Below this view width the two pictures sit one over the other under a divider. */
const SIDE_BY_SIDE_MIN = 520;

export class FastMode implements StyleMode {
  readonly element = el('div', { class: 'style-fast' });
  readonly backend: Promise<BackendChoice>;
  private readonly worker: StyleLiveHandle;
  private readonly source: LiveSource;
  private readonly picker: NetPicker;
  private readonly trainer: TrainPanel;
  private view: LiveStyleView | null = null;
  private loop: LiveLoop | null = null;
  private readonly sizeSelect = select(
    'live-size',
    LIVE_SIZES.map((s) => [sizeKey(s), s.label]),
    sizeKey(LIVE_SIZES[0] as LiveSizeChoice),
  );
  private readonly layoutSelect = select(
    'live-layout',
    [
      ['side', 'Side by side'],
      ['divider', 'Under a divider'],
    ],
    'side',
  );
  private readonly pauseButton = button('Pause', { 'data-action': 'pause-live' });
  private readonly snapshotButton = button('Snapshot (PNG)', { 'data-action': 'snapshot-live' });
  private readonly status = el('p', { class: 'lab-status style-status', role: 'status' });
  private net: PickerNet | null = null;
  private display: HTMLVideoElement | HTMLCanvasElement | null = null;
  private shown = false;
  private raf = 0;

  constructor(request: BackendRequest) {
    this.worker = startStyleLiveWorker('style-live');
    this.backend = this.worker.api.init(request);
    this.worker.onFailure((e) => {
      this.say(`${e.message}. Reload the page to start it again.`, true);
      this.loop?.stop();
    });
    const descriptions = new Map<string, string>();
    const pictures: Promise<Map<string, RgbImage>> = this.backend.then(async () => {
      const styles = await this.worker.api.shippedStyles(96);
      for (const s of styles) descriptions.set(s.name, s.description);
      return new Map(styles.map((s) => [s.name, s.picture]));
    });
    this.source = new LiveSource({
      scene: async (index, size) => {
        await this.backend;
        return this.worker.api.contentScene(index, size);
      },
      onDisplay: (display) => {
        this.display = display;
        this.view?.setSource(display);
        this.loop?.reset();
        this.describe();
      },
    });
    this.picker = new NetPicker(this.worker, this.backend, pictures, (net) => {
      this.net = net;
      this.loop?.reset();
      this.describe();
    });
    this.trainer = new TrainPanel({
      request,
      styles: pictures,
      describe: (name) => descriptions.get(name) ?? '',
      current: () => this.net,
      grabFrame: () => this.source.grab(320, 240),
      onLearning: (bytes, step, style, live) =>
        void this.picker.showLearning(bytes, step, style, live).catch((e: Error) => {
          this.say(`The net as it learns could not be shown: ${e.message}`, true);
        }),
      onTrained: async (bytes, label, fileName) => {
        await this.picker.addTrained(bytes, label, fileName);
      },
      onNoNet: () => this.picker.dropLearning(),
    });
    this.pauseButton.addEventListener('click', () => this.togglePause());
    this.snapshotButton.addEventListener('click', () => this.snapshot());
    this.sizeSelect.addEventListener('change', () => {
      this.loop?.reset();
      this.describe();
    });
    this.layoutSelect.addEventListener('change', () =>
      this.view?.update({ layout: this.layoutSelect.value as LiveLayout }),
    );
  }

  async mount(parent: HTMLElement): Promise<void> {
    parent.append(this.element);
    const live = el('section', { class: 'panel style-fast-live' });
    const viewBox = el('div', { class: 'style-fast-view' });
    live.append(
      el('h3', {}, 'Live'),
      el(
        'div',
        { class: 'form-grid style-fast-controls' },
        this.source.field,
        field('Painted at', this.sizeSelect, 'The size the net paints each frame at'),
        field('Show', this.layoutSelect),
      ),
      el(
        'div',
        { class: 'actions' },
        this.pauseButton,
        this.snapshotButton,
        this.source.retry,
        this.source.another,
      ),
      this.source.element,
      this.status,
      viewBox,
    );
    this.element.append(
      el(
        'p',
        { class: 'muted style-intro' },
        'A feed-forward net (Johnson et al., 2016), trained once per style with the Gatys loss, paints every frame of your camera in one pass: no optimisation per picture. It runs in a worker on this machine; nothing leaves the page.',
      ),
      el('div', { class: 'style-fast-top' }, live),
    );
    const top = this.element.querySelector('.style-fast-top') as HTMLElement;
    const width = Math.max(280, Math.min(760, viewBox.clientWidth || 720));
    const layout: LiveLayout = width >= SIDE_BY_SIDE_MIN ? 'side' : 'divider';
    this.layoutSelect.value = layout;
    this.view = await LiveStyleView.create(viewBox, {
      width,
      layout,
      beforeLabel: 'Camera',
      afterLabel: 'Stylised',
    });
    this.view.update({ message: 'Loading the nets…' });
    this.loop = new LiveLoop({
      worker: this.worker,
      view: this.view,
      source: this.source,
      net: () => this.net?.id ?? null,
      size: () => sizeFromKey(this.sizeSelect.value),
      onError: (e) => {
        this.say(`The net could not paint the frame: ${e.message}`, true);
        this.pauseButton.textContent = 'Resume';
      },
      onFigures: (f) => this.record(f),
    });
    await this.picker.mount(top);
    await this.trainer.mount(this.element);
    this.backend.then(
      (b) => this.say(`Painting on ${b.backend} in a worker.`),
      (e) => this.say(`The live style worker could not start: ${(e as Error).message}`, true),
    );
    await this.enter();
  }

  async enter(): Promise<void> {
    if (this.shown) return;
    this.shown = true;
    this.loop?.start();
    const tick = (now: number) => {
      if (!this.shown) return;
      this.source.tick(now);
      this.raf = requestAnimationFrame(tick);
    };
    this.raf = requestAnimationFrame(tick);
    await this.source.enter();
  }

  leave(): void {
    this.shown = false;
    cancelAnimationFrame(this.raf);
    this.loop?.stop();
    this.source.leave();
  }

  private say(text: string, error = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('error', error);
  }

  /** The line under the view: which net, at what size, on what. */
  private describe(): void {
    const size = sizeFromKey(this.sizeSelect.value);
    const net = this.net;
    this.element.dataset.net = net?.id ?? '';
    this.element.dataset.size = sizeKey(size);
    const what = net ? `${net.label} (${net.caption})` : 'no net';
    this.view?.update({
      caption: `${what} · ${size.width} x ${size.height} · ${this.source.source === 'camera' ? 'camera' : this.source.source === 'landscape' ? 'generated landscape' : 'image file'}`,
      message: !net
        ? 'No net ready: pick one, load a .gst or train one'
        : !this.display
          ? this.source.source === 'upload'
            ? 'Choose an image file'
            : 'Waiting for the camera…'
          : this.loop?.paused
            ? 'Paused'
            : null,
    });
  }

  private record(f: LiveFigures): void {
    const d = this.element.dataset;
    d.frames = String(f.frames);
    d.fps = f.fps.toFixed(1);
    d.latency = JSON.stringify({ total: f.latencyMs, ...f.stages });
  }

  private togglePause(): void {
    const loop = this.loop;
    if (!loop) return;
    loop.setPaused(!loop.paused);
    this.pauseButton.textContent = loop.paused ? 'Resume' : 'Pause';
    this.element.dataset.paused = String(loop.paused);
    if (!loop.paused) this.say('Painting.');
    this.describe();
  }

  private snapshot(): void {
    const canvas = this.view?.painting();
    if (!canvas || !this.view?.paintedFrames) {
      this.say('Nothing painted yet to save.', true);
      return;
    }
    const name = `style-live-${(this.net?.label ?? 'net').replace(/[^\w-]+/g, '-')}.png`;
    canvas.toBlob((blob) => {
      if (!blob) return;
      void blob.arrayBuffer().then((b) => {
        downloadBytes(new Uint8Array(b), name);
        this.say(`Saved ${name} (${canvas.width} x ${canvas.height}).`);
      });
    }, 'image/png');
  }
}
