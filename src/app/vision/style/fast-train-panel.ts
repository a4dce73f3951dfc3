/**
 * "Train your own net": a style transformer learnt in a worker of its own (a second live style
 * worker, so a training step of a second or more never holds up a live frame) on generated
 * landscapes and the live video's frames, one added every few seconds while it runs. Losses
 * are plotted step by step, a preview (the newest frame and a landscape painted by the net)
 * comes every few steps with the net itself, which the live view can paint with as it learns;
 * pause, resume, stop; at the end the net joins the picker, in use at once, and saves as .gst.
 */
import { transfer } from 'comlink';
import type {
  BackendRequest,
  FastTrainProgress,
  FastTrainSummary,
  RgbImage,
  StyleSource,
} from '../../../../workers/style-live-api';
import { BeforeAfterView } from '../../../ui/before-after-view';
import { ProgressBar } from '../../../ui/progress-bar';
import { paintRgb } from '../../../ui/rgb-canvas';
import { StyleLossPanel } from '../../../ui/style-loss-panel';
import { button, el, field } from '../../dom';
import { TrainForm } from './fast-train-form';
import { TRAIN_DEFAULTS, UPLOADED_STYLE } from './fast-train-settings';
import type { PickerNet } from './net-picker';
import { forView, readImageFile } from './picture-io';
import { listener } from './style-client';
import { type StyleLiveHandle, startStyleLiveWorker } from './style-live-client';

/** Seconds between two frames added as content while it trains. */
export const FRAME_EVERY_S = 3;

const TRAIN_WEIGHTS = {
  content: TRAIN_DEFAULTS.contentWeight,
  style: TRAIN_DEFAULTS.styleWeight,
  tv: TRAIN_DEFAULTS.tvWeight,
};

type TrainState = 'idle' | 'running' | 'paused' | 'done' | 'stopped' | 'error';

export interface TrainPanelOptions {
  request: BackendRequest;
  /** The shipped style names and their pictures (small, for the form's thumbnail). */
  styles: Promise<Map<string, RgbImage>>;
  /** One line on a shipped style ("woodblock-sea bands…"). */
  describe(name: string): string;
  /** The net the live view paints with (for "start from the net in use"). */
  current(): PickerNet | null;
  /** The live video's frame now, 320 x 240 (null: none). */
  grabFrame(): Promise<ImageBitmap | null>;
  /** The net as it learns, every few steps. */
  onLearning(bytes: Uint8Array, step: number, style: string, live: boolean): void;
  /** The trained net. */
  onTrained(bytes: Uint8Array, label: string, fileName: string): Promise<void>;
  /** The run left no net (stopped before its first step, failed). */
  onNoNet(): void;
}

export class TrainPanel {
  readonly element = el('section', { class: 'panel style-fast-train' });
  private form: TrainForm | null = null;
  private worker: StyleLiveHandle | null = null;
  private ready: Promise<unknown> | null = null;
  private readonly status = el('p', { class: 'lab-status style-status', role: 'status' });
  private readonly styleThumb = el('canvas', {
    class: 'style-fast-style-thumb',
    'aria-hidden': 'true',
  });
  private readonly styleFile = el('input', {
    type: 'file',
    accept: 'image/*',
    name: 'train-style-file',
    'aria-label': 'a style picture of your own',
  });
  private readonly styleFileField = field('Style picture', this.styleFile);
  private readonly styleCaption = el('span', { class: 'muted style-fast-style-caption' });
  private readonly liveBox = el('input', { type: 'checkbox', name: 'train-live' });
  private readonly buttons = {
    train: button('Train', { class: 'primary', 'data-action': 'train-fast' }),
    pause: button('Pause', { 'data-action': 'pause-fast' }),
    stop: button('Stop', { 'data-action': 'stop-fast' }),
  };
  private progress: ProgressBar | null = null;
  private losses: StyleLossPanel | null = null;
  private preview: BeforeAfterView | null = null;
  private previewBox: HTMLElement | null = null;
  private state: TrainState = 'idle';
  private frameTimer: ReturnType<typeof setInterval> | null = null;
  private ownStyle: RgbImage | null = null;
  private pictures = new Map<string, RgbImage>();

  constructor(private readonly o: TrainPanelOptions) {
    this.liveBox.checked = true;
    this.buttons.train.addEventListener('click', () => void this.train());
    this.buttons.pause.addEventListener('click', () => {
      if (this.state === 'running') void this.worker?.api.pause();
      else if (this.state === 'paused') void this.worker?.api.resume();
    });
    this.buttons.stop.addEventListener('click', () => void this.worker?.api.stop());
    this.styleFile.addEventListener('change', () => void this.readStyle());
  }

  async mount(parent: HTMLElement): Promise<void> {
    parent.append(this.element);
    this.element.append(
      el('h3', {}, 'Train your own net'),
      el(
        'p',
        { class: 'muted' },
        `A new net learns the style from generated landscapes and your video: a frame of it joins the training pictures every ${FRAME_EVERY_S} s. It trains in a worker of its own, so the live view keeps going (the two share the processor). Each step paints a batch of crops, measures the Gatys loss through random filters and moves the weights.`,
      ),
    );
    try {
      this.pictures = await this.o.styles;
    } catch {
      this.pictures = new Map();
    }
    const form = new TrainForm([...this.pictures.keys()]);
    this.form = form;
    form.styleSelect.addEventListener('change', () => this.showStyle());
    this.element.append(
      el(
        'div',
        { class: 'style-fast-train-style' },
        this.styleThumb,
        this.styleCaption,
        this.styleFileField,
      ),
      form.element,
      el(
        'label',
        { class: 'field style-fast-live-check' },
        this.liveBox,
        el('span', {}, 'Show it live while it learns'),
      ),
      el('div', { class: 'actions' }, this.buttons.train, this.buttons.pause, this.buttons.stop),
      this.status,
    );
    const charts = el('div', { class: 'style-fast-train-charts' });
    this.element.append(charts);
    this.progress = await ProgressBar.create(charts, { label: 'Training' });
    const chartBox = el('div', { class: 'style-fast-train-loss' });
    const previewBox = el('div', { class: 'style-fast-train-preview' });
    charts.append(chartBox, previewBox);
    const width = Math.max(260, Math.min(520, chartBox.clientWidth || 480));
    this.losses = await StyleLossPanel.create(chartBox, {
      width,
      height: 220,
      title: 'Training losses (weighted, log scale)',
    });
    this.preview = await BeforeAfterView.create(previewBox, {
      width: Math.max(240, Math.min(320, previewBox.clientWidth || 300)),
      beforeLabel: 'Frame',
      afterLabel: 'Painted',
      label: 'A training preview: a frame and the net’s painting of it',
    });
    // Shown from the first preview on: an empty frame says nothing.
    previewBox.hidden = true;
    this.previewBox = previewBox;
    this.losses.update({ points: [], weights: { ...TRAIN_WEIGHTS } });
    this.showStyle();
    this.setState('idle');
  }

  private say(text: string, error = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('error', error);
  }

  private setState(state: TrainState): void {
    this.state = state;
    this.element.dataset.state = state;
    const busy = state === 'running' || state === 'paused';
    this.buttons.train.disabled = busy;
    this.buttons.pause.disabled = !busy;
    this.buttons.stop.disabled = !busy;
    this.buttons.pause.textContent = state === 'paused' ? 'Resume' : 'Pause';
    this.form?.setDisabled(busy);
    this.styleFile.disabled = busy;
  }

  private showStyle(): void {
    const name = this.form?.styleSelect.value ?? '';
    const own = name === UPLOADED_STYLE;
    this.styleFileField.hidden = !own;
    const picture = own ? this.ownStyle : (this.pictures.get(name) ?? null);
    this.styleThumb.hidden = picture === null;
    if (picture) paintRgb(this.styleThumb, forView(picture));
    this.styleCaption.textContent = own
      ? this.ownStyle
        ? 'your picture'
        : ''
      : `${name}: ${this.o.describe(name)}`;
  }

  private async readStyle(): Promise<void> {
    const file = this.styleFile.files?.[0];
    if (!file) return;
    try {
      this.ownStyle = await readImageFile(file);
      this.say(`${file.name} is the style.`);
    } catch (e) {
      this.say((e as Error).message, true);
    }
    this.showStyle();
  }

  /** The training worker, started on the first run. */
  private startWorker(): { worker: StyleLiveHandle; ready: Promise<unknown> } {
    if (!this.worker || !this.ready) {
      const worker = startStyleLiveWorker('style-train');
      worker.onFailure((e) => {
        this.say(`${e.message}. Reload the page to train again.`, true);
        this.setState('error');
        this.stopFrames();
      });
      this.worker = worker;
      this.ready = worker.api.init(this.o.request);
    }
    return { worker: this.worker, ready: this.ready };
  }

  private async addFrame(worker: StyleLiveHandle): Promise<void> {
    const bitmap = await this.o.grabFrame().catch(() => null);
    if (bitmap) await worker.api.addContent(transfer({ bitmap }, [bitmap])).catch(() => undefined);
  }

  private stopFrames(): void {
    if (this.frameTimer !== null) clearInterval(this.frameTimer);
    this.frameTimer = null;
  }

  private async train(): Promise<void> {
    const form = this.form;
    if (!form) return;
    const r = form.read();
    if (!r.ok) {
      this.say(r.message, true);
      return;
    }
    let style: StyleSource;
    if (r.style === UPLOADED_STYLE) {
      if (!this.ownStyle) {
        this.say('Choose a style picture first.', true);
        return;
      }
      style = { picture: { ...this.ownStyle, data: this.ownStyle.data.slice() } };
    } else style = { shipped: r.style };
    const styleName = r.style === UPLOADED_STYLE ? 'my-style' : r.style;
    const settings = { ...r.settings };
    this.setState('running');
    this.say('Starting the training worker…');
    try {
      const { worker, ready } = this.startWorker();
      await ready;
      if (r.start === 'current') {
        const from = this.o.current();
        if (!from?.bytes) throw new Error('no net is in use to start from: pick one above');
        const copy = from.bytes.slice();
        await worker.api.loadNet('from', transfer(copy, [copy.buffer as ArrayBuffer]));
        settings.from = 'from';
      }
      await worker.api.clearContent();
      await this.addFrame(worker);
      this.frameTimer = setInterval(() => {
        if (this.state === 'running') void this.addFrame(worker);
      }, FRAME_EVERY_S * 1000);
      const weights = {
        content: settings.contentWeight,
        style: settings.styleWeight,
        tv: settings.tvWeight,
      };
      this.losses?.update({ points: [], weights, steps: settings.steps });
      this.progress?.update({
        step: 0,
        total: settings.steps,
        state: 'running',
        elapsedSeconds: 0,
      });
      const summary = await worker.api.train(
        style,
        settings,
        listener((e: FastTrainProgress) => this.onProgress(e, styleName)),
      );
      await this.finish(summary, styleName);
    } catch (e) {
      this.setState('error');
      this.progress?.update({ state: 'error', message: (e as Error).message });
      this.say(`Training failed: ${(e as Error).message}`, true);
      this.o.onNoNet();
    } finally {
      this.stopFrames();
    }
  }

  private onProgress(e: FastTrainProgress, style: string): void {
    switch (e.type) {
      case 'start':
        this.say(`Training ${e.description}.`);
        break;
      case 'step':
        this.losses?.append({
          step: e.step,
          content: e.content,
          style: e.style,
          tv: e.tv,
          total: e.total,
          seconds: e.seconds,
        });
        this.progress?.update({
          step: e.step,
          total: e.steps,
          state: 'running',
          elapsedSeconds: e.seconds,
          message: `${e.frames} frame${e.frames === 1 ? '' : 's'} of your video`,
        });
        this.element.dataset.step = String(e.step);
        break;
      case 'preview': {
        const p = e.pictures[0];
        if (this.previewBox) this.previewBox.hidden = false;
        if (p)
          this.preview?.update({
            before: forView(p.content),
            after: forView(p.painted),
            caption: `Step ${e.step}: ${p.label}`,
          });
        this.element.dataset.previews = String(Number(this.element.dataset.previews ?? 0) + 1);
        this.o.onLearning(e.net, e.step, style, this.liveBox.checked);
        break;
      }
      case 'paused':
        this.setState('paused');
        this.progress?.update({ state: 'paused' });
        this.say('Paused between two steps: Resume goes on.');
        break;
      case 'resumed':
        this.setState('running');
        this.progress?.update({ state: 'running' });
        this.say('Training…');
        break;
    }
  }

  private async finish(s: FastTrainSummary, style: string): Promise<void> {
    const state = s.reason === 'done' ? 'done' : s.reason === 'stopped' ? 'stopped' : 'error';
    this.progress?.update({ step: s.steps, state, elapsedSeconds: s.seconds });
    if (s.steps === 0) {
      this.say('Stopped before the first step: no net to keep.');
      this.o.onNoNet();
    } else {
      const label = `my ${style}`;
      await this.o.onTrained(s.net, label, `${style}-${s.steps}-steps.gst`);
      const diverged =
        s.reason === 'diverged'
          ? ' The loss became infinite, so it kept the last good weights: lower the learning rate next time.'
          : '';
      this.say(
        `${s.steps} steps in ${s.seconds.toFixed(0)} s on ${s.frames} frame${s.frames === 1 ? '' : 's'} of your video and generated landscapes: “${label}” paints the live view now; Save .gst keeps it.${diverged}`,
        s.reason === 'diverged',
      );
    }
    // Last: the state says the run is over once its net is in use.
    this.setState(state);
  }

  /** The mode is gone for good: end the training worker. */
  destroy(): void {
    this.stopFrames();
    this.worker?.terminate();
  }
}
