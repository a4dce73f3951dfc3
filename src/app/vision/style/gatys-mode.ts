/**
 * "Optimise a picture": Gatys et al.'s style transfer in the style worker. The user picks a
 * content picture (camera snapshot, file, generated), a style (shipped or uploaded), the
 * feature net and the settings; the picture is painted live under a before/after divider
 * with its losses plotted; pause, resume, stop; "Compare both nets" paints it once with each
 * feature net and shows them side by side; every result goes to the gallery and can be saved
 * as a PNG.
 */
import { transfer } from 'comlink';
import type {
  BackendChoice,
  BackendRequest,
  StyleProgress,
  StyleRunSettings,
} from '../../../../workers/style-api';
import type { StyleLossPoint } from '../../../ui/style-loss-panel';
import { button, el } from '../../dom';
import { fetchBytes, SHIPPED } from '../shipped-models';
import { CompareView } from './compare-view';
import { ContentSource } from './content-source';
import { LiveView, weightsOf } from './live-view';
import { savePng } from './picture-io';
import { SettingsForm } from './settings-form';
import { type ChosenStyle, StyleChoice } from './style-choice';
import { listener, type StyleHandle, startStyleWorker } from './style-client';
import type { StyleMode } from './style-mode';
import { type StyleResult, StyleResults } from './style-results';
import { FEATURE_LABELS } from './style-settings';

type ModeState = 'idle' | 'running' | 'paused' | 'done' | 'stopped' | 'error';

export class GatysMode implements StyleMode {
  readonly element = el('div', { class: 'style-gatys' });
  readonly backend: Promise<BackendChoice>;
  private readonly worker: StyleHandle;
  private readonly content: ContentSource;
  private readonly style: StyleChoice;
  private readonly form = new SettingsForm();
  private readonly live = new LiveView();
  private readonly compare = new CompareView();
  private readonly results = new StyleResults((r) => this.live.showResult(r));
  private readonly status = el('p', { class: 'lab-status style-status', role: 'status' });
  private readonly buttons = {
    run: button('Paint', { class: 'primary', 'data-action': 'run-style' }),
    pause: button('Pause', { 'data-action': 'pause-style' }),
    stop: button('Stop', { 'data-action': 'stop-style' }),
    compare: button('Compare both nets', { 'data-action': 'compare-style' }),
    save: button('Save PNG', { 'data-action': 'save-style' }),
  };
  private trainedNet: Promise<string> | null = null;
  private state: ModeState = 'idle';
  private stopAll = false;

  constructor(request: BackendRequest) {
    this.worker = startStyleWorker();
    this.backend = this.worker.api.init(request);
    this.worker.onFailure((e) => {
      this.say(`${e.message}. Reload the page to start it again.`, true);
      this.setState('error');
    });
    this.content = new ContentSource({
      scene: async (index) => {
        await this.backend;
        return this.worker.api.contentScene(index, 256);
      },
      onChange: (picture) => {
        if (this.state !== 'running' && this.state !== 'paused') this.live.showContent(picture);
      },
    });
    this.style = new StyleChoice(this.backend.then(() => this.worker.api.shippedStyles(256)));
    this.buttons.run.addEventListener('click', () => void this.paint());
    this.buttons.compare.addEventListener('click', () => void this.compareBoth());
    this.buttons.pause.addEventListener('click', () => this.togglePause());
    this.buttons.stop.addEventListener('click', () => {
      this.stopAll = true;
      void this.worker.api.stop();
    });
    this.buttons.save.addEventListener('click', () => void this.save());
  }

  async mount(parent: HTMLElement): Promise<void> {
    parent.append(this.element);
    const inputs = el('div', { class: 'style-inputs' }, this.content.element);
    this.element.append(
      el(
        'p',
        { class: 'muted style-intro' },
        'Adam repaints the pixels of a copy of the content so that a feature net sees the content’s layout in it and the style’s textures: Gram matrices of the style’s features, as Gatys et al. (2016) did with VGG. We have no VGG weights, so the features come from random filters at four scales (random nets carry texture statistics) or from our own DeepConvNet trained on MNIST.',
      ),
      inputs,
    );
    await this.style.mount(inputs);
    this.element.append(
      el(
        'section',
        { class: 'panel style-run' },
        el('h3', {}, 'Settings'),
        this.form.element,
        el(
          'div',
          { class: 'actions' },
          this.buttons.run,
          this.buttons.pause,
          this.buttons.stop,
          this.buttons.compare,
          this.buttons.save,
        ),
        this.status,
      ),
    );
    await this.live.mount(this.element);
    this.compare.mount(this.element);
    await this.results.mount(this.element);
    this.setState('idle');
    this.backend.then(
      (b) => this.say(`Ready on ${b.backend}.`),
      (e) => this.say(`The style worker could not start: ${(e as Error).message}`, true),
    );
    await this.enter();
  }

  enter(): Promise<void> {
    return this.content.enter();
  }

  leave(): void {
    this.content.leave();
  }

  private say(text: string, error = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('error', error);
  }

  private setState(state: ModeState): void {
    this.state = state;
    this.element.dataset.state = state;
    const busy = state === 'running' || state === 'paused';
    this.buttons.run.disabled = busy;
    this.buttons.compare.disabled = busy;
    this.buttons.pause.disabled = !busy;
    this.buttons.stop.disabled = !busy;
    this.buttons.save.disabled = busy || this.results.shown() === null;
    this.buttons.pause.textContent = state === 'paused' ? 'Resume' : 'Pause';
    this.form.setDisabled(busy);
  }

  private togglePause(): void {
    if (this.state === 'running') void this.worker.api.pause();
    else if (this.state === 'paused') void this.worker.api.resume();
  }

  /** What a run needs, or null after saying what is missing. */
  private inputs(): { settings: StyleRunSettings; style: ChosenStyle } | null {
    const read = this.form.read();
    if ('error' in read) {
      this.say(read.error, true);
      return null;
    }
    const style = this.style.chosen();
    if (!this.content.picture || !style) {
      this.say('Wait for the content picture and the styles to be ready.', true);
      return null;
    }
    return { settings: read.settings, style };
  }

  private async paint(): Promise<void> {
    const inputs = this.inputs();
    if (!inputs) return;
    this.stopAll = false;
    this.compare.element.hidden = true;
    const r = await this.runOnce(inputs.settings, inputs.style);
    if (r) this.finish(r);
  }

  private async compareBoth(): Promise<void> {
    const inputs = this.inputs();
    if (!inputs) return;
    this.stopAll = false;
    const done: StyleResult[] = [];
    for (const [i, features] of (['random', 'trained'] as const).entries()) {
      this.compare.running(i, features);
      const r = await this.runOnce({ ...inputs.settings, features }, inputs.style);
      if (!r) {
        this.compare.ended('The comparison ended early: the run above says why.');
        return;
      }
      done.push(r);
      if (this.stopAll || r.summary.reason !== 'done') {
        this.finish(r);
        this.compare.ended('Stopped: run the comparison again to see both nets.');
        return;
      }
    }
    await this.compare.show(done);
    this.finish(done[done.length - 1] as StyleResult);
    this.say(
      `Compared: ${this.compare.element.querySelector('.style-compare-verdict')?.textContent ?? ''}`,
    );
  }

  private finish(r: StyleResult): void {
    const s = r.summary;
    this.setState(s.reason === 'done' ? 'done' : s.reason === 'stopped' ? 'stopped' : 'error');
    if (s.reason === 'diverged')
      this.say('The losses became infinite: lower the learning rate and paint again.', true);
    else
      this.say(
        `${r.label}: ${s.steps} steps in ${s.seconds.toFixed(1)} s${s.reason === 'stopped' ? ' (stopped)' : ''}. Drag the divider to compare; Save PNG keeps it.`,
      );
  }

  /** The trained feature net in the worker: the shipped classifier's file, fetched once. */
  private ensureTrainedNet(): Promise<string> {
    this.trainedNet ??= (async () => {
      await this.backend;
      const bytes = await fetchBytes(SHIPPED.rcnn.url);
      return this.worker.api.loadTrainedNet(transfer(bytes, [bytes.buffer as ArrayBuffer]));
    })();
    this.trainedNet.catch(() => {
      this.trainedNet = null;
    });
    return this.trainedNet;
  }

  /** One run in the worker, streamed into the live view; the result, or null on an error. */
  private async runOnce(
    settings: StyleRunSettings,
    style: ChosenStyle,
  ): Promise<StyleResult | null> {
    const content = this.content.picture;
    if (!content) return null;
    const label = `${style.name} · ${FEATURE_LABELS[settings.features]}`;
    this.setState('running');
    this.element.dataset.features = settings.features;
    this.say(`Painting ${label}…`);
    const points: StyleLossPoint[] = [];
    try {
      await this.backend;
      if (settings.features === 'trained') {
        this.say('Loading the trained DeepConvNet…');
        await this.ensureTrainedNet();
        this.say(`Painting ${label}…`);
      }
      const onEvent = (e: StyleProgress) => {
        switch (e.type) {
          case 'start':
            this.live.start(e, label, weightsOf(settings));
            this.live.reveal();
            break;
          case 'step':
            points.push({
              step: e.step,
              content: e.content,
              style: e.style,
              tv: e.tv,
              total: e.total,
              seconds: e.seconds,
            });
            this.live.step(e);
            break;
          case 'image':
            this.live.picture(e.picture, e.step);
            break;
          case 'paused':
            this.setState('paused');
            this.live.setState('paused');
            this.say('Paused between two steps: Resume goes on.');
            break;
          case 'resumed':
            this.setState('running');
            this.live.setState('running');
            this.say(`Painting ${label}…`);
            break;
        }
      };
      const summary = await this.worker.api.run(content, style.source, settings, listener(onEvent));
      const r = this.results.add(style.name, settings, summary, points);
      this.live.showResult(r);
      return r;
    } catch (e) {
      this.setState('error');
      this.live.setState('error', (e as Error).message);
      this.say(`The run failed: ${(e as Error).message}`, true);
      return null;
    }
  }

  private async save(): Promise<void> {
    const r = this.results.shown();
    if (!r) return;
    try {
      await savePng(r.summary.picture, `style-${r.styleName}-${r.settings.features}.png`);
      this.say(`Saved style-${r.styleName}-${r.settings.features}.png.`);
    } catch (e) {
      this.say(`Could not save: ${(e as Error).message}`, true);
    }
  }
}
