/**
 * "Make digits": the Vision area's DCGAN studio. A GAN worker of its own holds one model: the
 * shipped DCGAN or conditional DCGAN, a new one to train here, or a .gan file. The page shows
 * its fixed-noise samples as it learns, the losses and D's verdicts, the scores by the digit
 * classifier, its health in plain words, a latent walk, and for a conditional model digits on
 * demand; pause/resume/stop; save and load as the MNIST lab does.
 */
import type {
  BackendChoice,
  BackendRequest,
  GanModelInfo,
  GanProgress,
} from '../../../../workers/gan-api';
import { listener } from '../../../../workers/kit/client';
import type { MnistLoadProgress } from '../../../data/mnist-browser';
import { describeGan } from '../../../vision/gan/gan-config';
import { ByteStore } from '../../byte-store';
import { button, el } from '../../dom';
import { SavePanel } from '../../save-panel';
import { showWorkerFailure } from '../../worker-failure';
import { mnistUrl } from '../vision-client';
import type { VisionStudio } from '../vision-studio';
import { startGanWorker } from './gan-client';
import { GanControls } from './gan-controls';
import { GanDigitPicker } from './gan-digit-picker';
import { GanLive } from './gan-live';
import {
  endMessage,
  type GanChoice,
  isNewChoice,
  isShipped,
  newGanConfig,
  SCORE_SAMPLES,
  sampleEveryFor,
  shippedName,
} from './gan-settings';
import { fetchClassifier, fetchShippedGan, MissingShippedGan, SHIPPED_GANS } from './gan-shipped';
import { GanWalkPanel } from './gan-walk-panel';

const store = new ByteStore('gradient-arcade-gan', 'models', 'GAN');

/** The walk and the digits follow a run every this many steps. */
const FOLLOW_EVERY = 100;

export class GanStudio implements VisionStudio {
  readonly element = el('div', { class: 'gan-studio lab' });
  readonly backend: Promise<BackendChoice>;
  private readonly worker = startGanWorker();
  private readonly status = el('p', { class: 'lab-status', role: 'status' });
  private readonly fileNote = el('p', { class: 'muted gan-file-note' });
  private readonly controls = new GanControls();
  private readonly live = new GanLive();
  private readonly walk: GanWalkPanel;
  private readonly digits: GanDigitPicker;
  private readonly restart = button('Start over', { 'data-action': 'start-over-gan' });
  private readonly saves: SavePanel;
  private readonly classifier: Promise<unknown>;
  private mounted: Promise<void> | null = null;
  private model: GanModelInfo | null = null;
  /** The bytes of a file loaded from the save panel, so "Start over" can load it again. */
  private loadedBytes: Uint8Array | null = null;
  private mnist: Promise<unknown> | null = null;
  private running = false;
  private paused = false;
  /** The model being loaded or made for the select's choice (a run waits for it). */
  private choosing: Promise<void> = Promise.resolve();

  constructor(request: BackendRequest) {
    const api = this.worker.api;
    this.backend = api.init(request);
    this.classifier = this.backend.then(async () => api.loadClassifier(await fetchClassifier()));
    // Said when a run needs it, not as an unhandled rejection now.
    this.classifier.catch(() => {});
    this.walk = new GanWalkPanel({
      walk: (seeds, framesPerLeg) =>
        api.walk({
          seeds,
          framesPerLeg,
          loop: true,
          ...(this.model?.conditional ? { digit: this.digits.digit } : {}),
        }),
    });
    this.digits = new GanDigitPicker(
      { sample: (digit, count, seed, columns) => api.sample({ digit, count, seed, columns }) },
      () => void this.walk.refresh(),
    );
    this.saves = new SavePanel({
      store,
      extension: '.gan',
      className: 'model-panel',
      title: 'Save and load',
      nameInput: 'ganName',
      savedList: 'ganSaved',
      nothingToSave: 'Nothing to save yet: load or train a model first.',
      current: async () => {
        if (!this.model) return null;
        const bytes = await api.save();
        return { bytes, name: 'my-gan', summary: this.summary(this.model) };
      },
      load: async (bytes, source) => {
        this.refuseWhileRunning();
        const copy = bytes.slice();
        const info = await this.adopt(() => api.load(bytes, source));
        this.loadedBytes = copy;
        this.controls.showLoaded();
        return this.summary(info);
      },
    });
    this.worker.onFailure((error) =>
      showWorkerFailure(this.element, error, {
        what: 'the page',
        kept: 'Models saved in this browser are kept.',
        restart: () => location.reload(),
      }),
    );
  }

  show(parent: HTMLElement): Promise<void> {
    if (parent.firstChild !== this.element) parent.replaceChildren(this.element);
    if (!this.mounted) {
      this.mounted = this.mount();
      return this.mounted;
    }
    return this.mounted.then(() => this.walk.resume());
  }

  leave(): void {
    this.walk.pause();
  }

  private async mount(): Promise<void> {
    const pair = el('div', { class: 'gan-pair' });
    this.controls.buttons.stop.after(this.restart);
    this.element.append(
      el('div', { class: 'lab-head' }, el('h2', {}, 'Make digits'), this.status),
      el(
        'p',
        { class: 'muted' },
        'A DCGAN learns to draw handwritten digits: a generator turns random noise into images and a discriminator learns to tell them from MNIST’s real digits, each training against the other. A conditional DCGAN is also told the digit, so you can ask it for a 7; an InfoGAN is told nothing, but must make its code readable from the image, so it sorts the digits into kinds of its own. Watch a shipped model, or train one here in a worker.',
      ),
      this.controls.element,
      this.fileNote,
    );
    await this.live.mount(this.element);
    this.element.append(pair);
    await Promise.all([this.digits.mount(pair), this.walk.mount(pair)]);
    this.element.append(this.saves.element);
    this.controls.model.addEventListener('change', () => void this.chooseNow());
    this.controls.buttons.start.addEventListener('click', () => void this.train());
    this.controls.buttons.pause.addEventListener('click', () => this.togglePause());
    this.controls.buttons.stop.addEventListener('click', () => void this.worker.api.stop());
    this.restart.addEventListener('click', () => void this.chooseNow());
    await Promise.all([this.chooseNow(), this.saves.refresh()]);
  }

  /** Loads or makes the model the select names, after any earlier choice has settled. */
  private chooseNow(): Promise<void> {
    this.choosing = this.choosing.then(() => this.choose());
    return this.choosing;
  }

  /** Loads or makes the model the select names. */
  private async choose(): Promise<void> {
    const choice = this.controls.choice;
    const api = this.worker.api;
    this.element.dataset.model = choice;
    try {
      if (choice === 'loaded') {
        const bytes = this.loadedBytes;
        if (!bytes) throw new Error('no file loaded yet');
        await this.adopt(() => api.load(bytes.slice(), 'file'));
      } else if (isShipped(choice)) {
        const name = shippedName(choice);
        this.say(`Loading ${SHIPPED_GANS[name].label}…`);
        await this.backend;
        const bytes = await fetchShippedGan(name);
        await this.adopt(() => api.load(bytes, SHIPPED_GANS[name].label));
      } else {
        await this.makeNew(choice);
      }
    } catch (e) {
      const missing = e instanceof MissingShippedGan;
      this.element.dataset.modelState = missing ? 'missing' : 'error';
      this.say(missing ? `${(e as Error).message}.` : `No model: ${(e as Error).message}`, true);
    }
  }

  private async makeNew(choice: GanChoice): Promise<GanModelInfo | null> {
    const v = this.controls.values();
    if (!v) return null;
    await this.backend;
    return this.adopt(() => this.worker.api.create(newGanConfig(choice, v.latent), v.seed));
  }

  /** Puts a model in the worker and shows it: its grid, walk, digits and what it is. */
  private async adopt(put: () => Promise<GanModelInfo>): Promise<GanModelInfo> {
    this.element.dataset.modelState = 'loading';
    const info = await put();
    this.model = info;
    this.live.reset();
    this.element.dataset.modelState = 'ready';
    this.element.dataset.conditional = String(info.conditional);
    this.digits.setVisible(info.conditional);
    this.say(this.summary(info));
    this.fileNote.textContent = fileScores(info);
    await this.showModel();
    return info;
  }

  /** The model's current pictures: its grid, the walk and (conditional) the digits asked for. */
  private async showModel(): Promise<void> {
    const info = this.model;
    if (!info) return;
    this.controls.setStartLabel(info.stepsDone > 0 ? 'Train it more' : 'Train');
    const grid = await this.worker.api.grid(this.noiseSeed());
    this.live.showGrid(grid, info.stepsDone, info.config.codes);
    await Promise.all([this.walk.refresh(), this.digits.refresh()]);
  }

  /** The fixed noise: the shipped files' (the CLI's seed 0, plus 1), else the run's seed + 1. */
  private noiseSeed(): number {
    return (this.controls.values()?.seed ?? 0) + 1;
  }

  private async train(): Promise<void> {
    const v = this.controls.values();
    if (!v || this.running) return;
    const api = this.worker.api;
    this.running = true;
    this.paused = false;
    this.controls.setState('loading');
    this.element.dataset.run = 'loading';
    try {
      this.mnist ??= api.loadMnist(
        mnistUrl(),
        listener((p: MnistLoadProgress) => this.say(mnistProgress(p))),
      );
      this.say('Loading MNIST…');
      await Promise.all([this.mnist, this.classifier, this.choosing]);
      // A new model untrained yet takes the form's latent size and seed as they are now.
      const choice = this.controls.choice;
      if (isNewChoice(choice) && !(this.model?.stepsDone ?? 0)) await this.makeNew(choice);
      if (!this.model) throw new Error('no model to train: pick one first');
      let followed = this.model.stepsDone;
      this.controls.setState('running');
      this.element.dataset.run = 'running';
      this.say(`Training ${this.summary(this.model)}…`);
      const summary = await api.train(
        {
          steps: v.steps,
          batchSize: v.batch,
          lr: v.lr,
          beta1: v.beta1,
          seed: v.seed,
          sampleEvery: sampleEveryFor(v.scoreEvery),
          scoreEvery: v.scoreEvery,
          scoreSamples: SCORE_SAMPLES,
        },
        listener((p: GanProgress) => {
          this.live.onProgress(p);
          if (p.type === 'step')
            this.say(
              `Step ${p.step} of ${p.steps}: D loss ${p.discriminatorLoss.toFixed(3)}, G loss ${p.generatorLoss.toFixed(3)}${p.infoLoss === undefined ? '' : `, Q loss ${p.infoLoss.toFixed(3)}`}, D(x) ${p.realness.toFixed(2)}, D(G(z)) ${p.fakeness.toFixed(2)}, ${p.imagesPerSecond.toFixed(0)} images/s`,
            );
          else if (p.type === 'samples' && p.stepsDone - followed >= FOLLOW_EVERY) {
            followed = p.stepsDone;
            void Promise.all([this.walk.refresh(), this.digits.refresh()]);
          } else if (p.type === 'paused' || p.type === 'resumed')
            this.controls.setState(p.type === 'paused' ? 'paused' : 'running');
        }),
      );
      this.model = (await api.info()) ?? this.model;
      this.element.dataset.run = summary.reason;
      this.say(endMessage(summary.reason, summary.steps, summary.message));
      this.fileNote.textContent = '';
      await this.showModel();
    } catch (e) {
      this.element.dataset.run = 'error';
      this.say(`Training failed: ${(e as Error).message}`, true);
    } finally {
      this.running = false;
      this.controls.setState('idle');
    }
  }

  private togglePause(): void {
    this.paused = !this.paused;
    if (this.paused) void this.worker.api.pause();
    else void this.worker.api.resume();
  }

  private refuseWhileRunning(): void {
    if (this.running) throw new Error('a model is training: stop it first');
  }

  private summary(info: GanModelInfo): string {
    const params = (info.generatorParameters + info.discriminatorParameters).toLocaleString('en');
    const steps =
      info.stepsDone > 0 ? `trained ${info.stepsDone.toLocaleString('en')} steps` : 'untrained';
    return `${info.source === 'new' ? 'A new' : capitalise(info.source)}: ${describeGan(info.config)}, ${params} parameters, ${steps}`;
  }

  private say(text: string, error = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('error', error);
  }
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function mnistProgress(p: MnistLoadProgress): string {
  const mb = (n: number) => (n / 2 ** 20).toFixed(0);
  // A server that sends no sizes (compressed) leaves the total short or unknown.
  return p.total >= p.loaded && p.total > 0
    ? `Loading MNIST${p.cached ? ' (from this browser’s cache)' : ''}: ${mb(p.loaded)} of ${mb(p.total)} MB…`
    : `Loading MNIST: ${mb(p.loaded)} MB…`;
}

/** What a file says of its scores when the CLI trained it (10,000 samples there). */
function fileScores(info: GanModelInfo): string {
  const m = info.meta;
  if (typeof m.confidentShare !== 'number') return '';
  const parts = [
    `${(100 * m.confidentShare).toFixed(0)}% read as a digit with confidence ≥ 0.9`,
    ...(typeof m.coverage === 'number' ? [`coverage ${m.coverage.toFixed(2)}`] : []),
    ...(typeof m.agreement === 'number'
      ? [`${(100 * m.agreement).toFixed(0)}% read as the digit asked for`]
      : []),
    ...(typeof m.frechet === 'number' ? [`Fréchet distance ${m.frechet.toFixed(1)}`] : []),
  ];
  return `Its scores when it was trained (by the CLI, vision gan train): ${parts.join('; ')}.`;
}
