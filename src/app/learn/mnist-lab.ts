/**
 * The MNIST lab: pick one of the book's nets and its settings, train it in the trainer worker,
 * and watch the loss and accuracy move; look at sample predictions; save and load models.
 * The page only draws: every tensor lives in the worker.
 */

import type { TrainProgress, TrainSummary } from '../../../workers/trainer-api';
import type { MnistLoadProgress } from '../../data/mnist-browser';
import type { BackendChoice } from '../../nn/backend';
import { defaultConfig, NET_KINDS, type NetConfig, type NetKind } from '../../nn/nets/config';
import { DEFAULT_LR, OPTIMIZER_NAMES, type OptimizerName } from '../../nn/optimizers/optimizer';
import { ImageGrid } from '../../ui/image-grid';
import { ACCURACY_AXIS, LineChart } from '../../ui/line-chart';
import { ProgressBar } from '../../ui/progress-bar';
import { SoftmaxBars } from '../../ui/softmax-bars';
import { announceBackend } from '../backend-news';
import { ByteStore } from '../byte-store';
import { button, el, field, numberInput, select, wideField } from '../dom';
import { checkField } from '../field-rules';
import { SavePanel } from '../save-panel';
import { listener, type TrainerHandle } from '../trainer-client';
import { bindFormToUrl, UrlState } from '../url-state';
import { NET_LABELS, NUMBER_RULES, PRESETS } from './mnist-lab-settings';

type RunState = 'idle' | 'running' | 'paused' | 'done' | 'stopped' | 'error';

/** Models saved in this browser (the database name predates the agent store). */
const models = new ByteStore('gradient-arcade', 'models', 'model');

export interface MnistLabOptions {
  trainer: TrainerHandle;
  /** Resolves once the worker has picked its backend. */
  backend: Promise<BackendChoice>;
}

export class MnistLab {
  readonly element: HTMLElement;
  private state: RunState = 'idle';
  private readonly status = el('p', { class: 'lab-status', role: 'status' });
  private readonly form = el('form', { class: 'lab-form' });
  /** Applies a later link's settings to the form (set once the form is bound to the URL). */
  private followLink: ((link: URLSearchParams) => void) | null = null;
  private readonly buttons = {
    train: button('Train', { class: 'primary', 'data-action': 'train' }),
    pause: button('Pause', { 'data-action': 'pause' }),
    stop: button('Stop', { 'data-action': 'stop' }),
  };
  private lossChart: LineChart | null = null;
  private accuracyChart: LineChart | null = null;
  private progress: ProgressBar | null = null;
  private grid: ImageGrid | null = null;
  private bars: SoftmaxBars | null = null;
  private samples: {
    images: Float32Array;
    labels: Uint8Array;
    predictions: Int32Array;
    probabilities: Float32Array;
  } | null = null;
  private readonly models = new SavePanel({
    store: models,
    extension: '.gam',
    className: 'model-panel',
    title: 'Save and load',
    nameInput: 'modelName',
    savedList: 'saved',
    nothingToSave: 'Nothing to save yet: train a net or load one first.',
    current: async () => {
      const bytes = await this.api.save({ savedAt: new Date().toISOString() });
      const kind = this.element.dataset.net ?? 'net';
      return { bytes, name: 'my-net', summary: `${kind}, ${(bytes.length / 1024).toFixed(0)} KB` };
    },
    load: async (bytes) => {
      const info = await this.api.load(bytes);
      this.element.dataset.net = info.config.kind;
      await this.loadMnist();
      await this.showSamples();
      return `${info.config.kind}, ${info.parameterCount.toLocaleString('en')} parameters`;
    },
  });
  private mnistReady: Promise<unknown> | null = null;
  private readonly samplesBox = el('div', { class: 'panel samples-panel', hidden: '' });
  /** One check per number field; each returns its problem, or null. */
  private readonly checks: Array<() => string | null> = [];

  constructor(private readonly opts: MnistLabOptions) {
    this.element = el('section', { class: 'lab mnist-lab' });
  }

  private get api() {
    return this.opts.trainer.api;
  }

  async mount(parent: HTMLElement): Promise<void> {
    parent.append(this.element);
    const charts = el('div', { class: 'lab-charts' });
    const lossBox = el('div', { class: 'slot', 'data-chart': 'loss' });
    const accBox = el('div', { class: 'slot', 'data-chart': 'accuracy' });
    const progressBox = el('div', { class: 'slot' });
    const samplesBox = this.samplesBox;
    const gridBox = el('div', { class: 'samples-grid' });
    const barsBox = el('div', { class: 'samples-bars' });
    samplesBox.append(
      el('h3', {}, 'Test images: prediction (true label)'),
      el('div', { class: 'samples-row' }, gridBox, barsBox),
    );
    charts.append(lossBox, accBox);
    this.element.append(
      el('div', { class: 'lab-head' }, el('h2', {}, 'MNIST lab'), this.status),
      el(
        'p',
        { class: 'muted' },
        'Train any net of the book on the 60,000 MNIST digits, in a Web Worker. The loss is plotted every step, accuracy every epoch.',
      ),
      this.buildForm(),
      progressBox,
      charts,
      samplesBox,
      this.models.element,
    );
    // The settings a user would share: a reload or a link opens the same form.
    this.followLink = bindFormToUrl(this.form, new UrlState('learn/mnist'));
    const width = Math.max(
      300,
      Math.min(560, charts.clientWidth / (charts.clientWidth > 760 ? 2 : 1) - 24),
    );
    [this.lossChart, this.accuracyChart, this.progress, this.grid, this.bars] = await Promise.all([
      LineChart.create(lossBox, {
        width,
        height: 240,
        title: 'Loss (each step)',
        xLabel: 'step',
        yLabel: 'loss',
        series: [{ name: 'loss' }],
      }),
      LineChart.create(accBox, {
        width,
        height: 240,
        title: 'Accuracy (each epoch)',
        xLabel: 'epoch',
        yLabel: 'accuracy',
        ...ACCURACY_AXIS,
        xIntegers: true,
        series: [{ name: 'train' }, { name: 'test' }],
      }),
      ProgressBar.create(progressBox, {}),
      ImageGrid.create(gridBox, { columns: 8, scale: 2, colorMap: 'gray', captions: true }),
      SoftmaxBars.create(barsBox, { width: 260, height: 160 }),
    ]);
    this.grid.onSelect((i: number) => this.showSample(i));
    this.setState('idle');
    const choice = await this.opts.backend;
    this.status.textContent = `Backend: ${choice.backend} (${choice.reason})`;
    this.status.dataset.backend = choice.backend;
    await this.models.refresh();
  }

  /** A link into the lab made already (Home's "try first") sets the form as it says. */
  follow(link: URLSearchParams): void {
    this.followLink?.(link);
  }

  private buildForm(): HTMLElement {
    const net = select(
      'net',
      NET_KINDS.map((k) => [k, NET_LABELS[k]]),
      'two-layer',
    );
    const optimizer = select(
      'optimizer',
      OPTIMIZER_NAMES.map((o) => [o, o]),
      'sgd',
    );
    const lr = numberInput('lr', 0.1, { step: 'any', min: '0' });
    const batch = numberInput('batch', 100, { min: '1', max: '1000' });
    const epochs = numberInput('epochs', 3, { min: '1', max: '100' });
    const trainSize = numberInput('trainSize', 60000, { min: '100', max: '60000', step: '100' });
    const weightDecay = numberInput('weightDecay', 0, { step: 'any', min: '0' });
    const dropout = numberInput('dropout', 0, { step: '0.05', min: '0', max: '0.9' });
    const batchNorm = el('input', { name: 'batchNorm', type: 'checkbox' });
    const init = select(
      'init',
      [
        ['default', 'book default'],
        ['he', 'He'],
        ['xavier', 'Xavier'],
        ['0.01', 'std 0.01'],
      ],
      'default',
    );
    const seed = numberInput('seed', 0, { min: '0' });
    const applyPreset = () => {
      const p = PRESETS[net.value as NetKind];
      optimizer.value = p.optimizer;
      lr.value = String(p.lr);
      epochs.value = String(p.epochs);
      trainSize.value = String(p.trainSize);
      const kind = net.value as NetKind;
      dropout.disabled = kind !== 'multi-layer-extend' && kind !== 'deep-conv';
      dropout.value = kind === 'deep-conv' ? '0.5' : '0';
      batchNorm.disabled = kind !== 'multi-layer-extend';
      (batchNorm as HTMLInputElement).checked = kind === 'multi-layer-extend';
      weightDecay.disabled = kind === 'two-layer';
      init.disabled = kind === 'deep-conv';
    };
    const recheck = () => {
      for (const check of this.checks) check();
    };
    net.addEventListener('change', () => {
      applyPreset();
      recheck();
    });
    optimizer.addEventListener('change', () => {
      lr.value = String(DEFAULT_LR[optimizer.value as OptimizerName]);
      recheck();
    });
    applyPreset();
    this.form.append(
      el(
        'div',
        { class: 'form-grid' },
        wideField(field('Net', net, 'MultiLayerNetExtend adds batch norm and dropout')),
        field('Optimizer', optimizer),
        field('Learning rate', lr),
        field('Batch', batch),
        field('Epochs', epochs),
        field('Training images', trainSize),
        field('Weight decay λ', weightDecay),
        field('Dropout', dropout),
        field('Batch norm', batchNorm),
        field('Init', init),
        field('Seed', seed),
      ),
      el('div', { class: 'actions' }, this.buttons.train, this.buttons.pause, this.buttons.stop),
    );
    // After the fields are in the form: each message goes under its input.
    for (const input of [lr, batch, epochs, trainSize, weightDecay, dropout, seed])
      this.checks.push(checkField(input, NUMBER_RULES[input.name]));
    this.form.addEventListener('submit', (e) => e.preventDefault());
    this.buttons.train.addEventListener('click', () => void this.train());
    this.buttons.pause.addEventListener('click', () => this.togglePause());
    this.buttons.stop.addEventListener('click', () => this.api.stop());
    return this.form;
  }

  private value(name: string): string {
    const input = this.form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
    return input.value;
  }

  private number(name: string): number {
    return Number(this.value(name));
  }

  private readConfig(): NetConfig {
    const kind = this.value('net') as NetKind;
    const config = defaultConfig(kind);
    const initValue = this.value('init');
    if ('init' in config && initValue !== 'default')
      config.init = initValue === 'he' || initValue === 'xavier' ? initValue : Number(initValue);
    if ('weightDecay' in config) config.weightDecay = this.number('weightDecay');
    if ('dropoutRatio' in config) config.dropoutRatio = this.number('dropout');
    if (config.kind === 'multi-layer-extend') {
      config.batchNorm = (this.form.elements.namedItem('batchNorm') as HTMLInputElement).checked;
    }
    return config;
  }

  private setState(state: RunState, message?: string): void {
    this.state = state;
    this.element.dataset.state = state;
    const running = state === 'running' || state === 'paused';
    this.buttons.train.disabled = running;
    this.buttons.pause.disabled = !running;
    this.buttons.stop.disabled = !running;
    this.buttons.pause.textContent = state === 'paused' ? 'Resume' : 'Pause';
    for (const e of Array.from(this.form.elements)) {
      if (e instanceof HTMLInputElement || e instanceof HTMLSelectElement) {
        if (!e.dataset.locked) e.dataset.wasDisabled = String(e.disabled);
        e.dataset.locked = String(running);
      }
    }
    if (message) this.status.textContent = message;
  }

  private togglePause(): void {
    if (this.state === 'running') {
      this.api.pause();
      this.setState('paused');
      this.progress?.update({ state: 'paused' });
    } else if (this.state === 'paused') {
      this.api.resume();
      this.setState('running');
      this.progress?.update({ state: 'running' });
    }
  }

  /** MNIST in the worker, once (from Cache Storage after the first visit), bytes shown. */
  private loadMnist(): Promise<unknown> {
    this.mnistReady ??= this.api.loadMnist(
      new URL('mnist/', document.baseURI).href,
      listener((p: MnistLoadProgress) => this.showMnistBytes(p)),
    );
    return this.mnistReady;
  }

  private showMnistBytes(p: MnistLoadProgress): void {
    const mb = (n: number) => (n / 1e6).toFixed(1);
    const where = p.cached ? " from this browser's cache" : '';
    const message = `Loading MNIST${where}: ${mb(p.loaded)}${p.total ? ` of ${mb(p.total)}` : ''} MB`;
    this.status.textContent = message;
    this.element.dataset.mnistBytes = String(p.loaded);
    this.element.dataset.mnistCached = String(p.cached);
    this.progress?.update({ step: p.loaded, total: p.total || p.loaded, message });
  }

  /** The first wrong field's problem (every wrong field marked), or null. */
  private formProblem(): string | null {
    const problems = this.checks.map((check) => check()).filter((p) => p !== null);
    return problems[0] ?? null;
  }

  /** A new run starts clean: no curves, figures or predictions of the previous one. */
  private clearResults(): void {
    this.lossChart?.update({ series: { loss: [] } });
    this.accuracyChart?.update({ series: { train: [], test: [] } });
    this.progress?.update({ step: 0, total: 0, state: 'idle', message: undefined });
    this.samples = null;
    this.samplesBox.hidden = true;
    const d = this.element.dataset;
    for (const key of ['firstLoss', 'lastLoss', 'steps']) delete d[key];
  }

  private async train(): Promise<void> {
    const problem = this.formProblem();
    if (problem) {
      this.status.textContent = `Fix the marked field first: ${problem}`;
      this.form.querySelector<HTMLInputElement>('[aria-invalid]')?.focus();
      return;
    }
    this.clearResults();
    try {
      this.setState('running', 'Loading MNIST…');
      await this.loadMnist();
      const config = this.readConfig();
      const info = await this.api.createNet(config, this.number('seed'));
      this.element.dataset.net = config.kind;
      this.status.textContent = `Training ${NET_LABELS[config.kind]}: ${info.parameterCount.toLocaleString('en')} parameters`;
      const onProgress = (p: TrainProgress) => this.onProgress(p);
      const summary = await this.api.train(
        {
          optimizer: this.value('optimizer') as OptimizerName,
          lr: this.number('lr'),
          batchSize: this.number('batch'),
          epochs: this.number('epochs'),
          trainSize: this.number('trainSize'),
          evalSamples: 10000,
          seed: this.number('seed'),
        },
        listener(onProgress),
      );
      this.finish(summary);
      await this.showSamples();
    } catch (e) {
      // Nothing of the failed run stays on screen as if it were a result.
      this.clearResults();
      const message = `Training failed: ${(e as Error).message}. Check the settings and press Train to try again.`;
      this.setState('error', message);
      this.progress?.update({ state: 'error', message: (e as Error).message });
    }
  }

  private onProgress(p: TrainProgress): void {
    if (p.type === 'step') {
      this.lossChart?.append('loss', [[p.iteration, p.loss]]);
      // Readable by people and by the end-to-end test: how far, and where the loss went.
      const d = this.element.dataset;
      d.steps = String(p.iteration);
      if (d.firstLoss === undefined) d.firstLoss = String(p.loss);
      d.lastLoss = String(p.loss);
      this.progress?.update({
        step: p.iteration,
        total: p.totalIterations,
        etaSeconds: p.etaSeconds,
        samplesPerSecond: p.samplesPerSecond,
        state: this.state === 'paused' ? 'paused' : 'running',
      });
    } else if (p.type === 'epoch') {
      this.accuracyChart?.append('train', [[p.epoch, p.trainAccuracy]]);
      this.accuracyChart?.append('test', [[p.epoch, p.testAccuracy]]);
      this.status.textContent = `Epoch ${p.epoch}/${p.totalEpochs}: test accuracy ${(p.testAccuracy * 100).toFixed(2)}%`;
      void this.showSamples();
    } else if (p.type === 'backend') {
      this.status.textContent = p.message;
      this.status.dataset.backend = p.choice.backend;
      announceBackend(p.choice);
    }
  }

  private finish(summary: TrainSummary): void {
    const acc = `test accuracy ${(summary.testAccuracy * 100).toFixed(2)}%, ${Math.round(summary.samplesPerSecond)} samples/s on ${summary.backend}`;
    if (summary.diverged) {
      this.setState('error', `Stopped: ${summary.diverged}`);
      this.progress?.update({ state: 'error' });
    } else if (summary.stopped) {
      this.setState('stopped', `Stopped after ${summary.iterations} steps: ${acc}`);
      this.progress?.update({ state: 'stopped' });
    } else {
      this.setState('done', `Done in ${summary.seconds.toFixed(1)} s: ${acc}`);
      this.progress?.update({ state: 'done' });
    }
  }

  private async showSamples(): Promise<void> {
    const s = await this.api.samplePredictions(0, 32);
    this.samples = s;
    this.samplesBox.hidden = false;
    const wrong = Array.from(s.predictions, (p, i) => p !== s.labels[i]);
    this.grid?.update({
      images: s.images,
      shape: [s.labels.length, 28, 28],
      labels: s.labels,
      predictions: s.predictions,
    });
    // Start on the first mistake, the most interesting image; else the first one.
    const first = Math.max(wrong.indexOf(true), 0);
    this.grid?.select(first);
    this.showSample(first);
  }

  private showSample(i: number): void {
    const s = this.samples;
    if (!s) return;
    this.bars?.update({
      probabilities: s.probabilities.subarray(i * 10, i * 10 + 10),
      trueLabel: s.labels[i],
    });
  }

  destroy(): void {
    for (const c of [this.lossChart, this.accuracyChart, this.progress, this.grid, this.bars])
      c?.destroy();
    this.element.remove();
  }
}
