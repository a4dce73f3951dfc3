/**
 * "Train it here": the grid detector or the FCN trains in a vision worker of its own (the live
 * demo's worker stays free for frames) on freshly generated scenes, with the loss, the
 * held-out score (mAP@0.5 or mean IoU), per-digit PR curves or the confusion matrix, and
 * sample predictions, live; pause/resume/stop; save and load as the MNIST lab does. What
 * it trained becomes the demo's "Trained in this browser" model.
 */
import type { BackendRequest, VisionProgress, VisionScore } from '../../../workers/vision-api';
import { ConfusionMatrixView } from '../../ui/confusion-matrix-view';
import { ACCURACY_AXIS, LineChart } from '../../ui/line-chart';
import { SceneGrid } from '../../ui/scene-grid';
import { DIGIT_COLORS, prCurvePoints } from '../../ui/vision-palette';
import { DEFAULT_GRID_DETECTOR } from '../../vision/detector/grid-config';
import { DEFAULT_FCN } from '../../vision/segmenter/fcn-config';
import { announceBackend } from '../backend-news';
import { ByteStore } from '../byte-store';
import { button, el, field, numberInput, select } from '../dom';
import { SavePanel } from '../save-panel';
import { listener, mnistUrl, startVisionWorker, type VisionHandle } from './vision-client';

const store = new ByteStore('gradient-arcade-vision', 'models', 'model');

/**
 * A new model's steps, batch, scoring interval and training scenes by default, per model. The
 * detector learns more from many small steps: over the same 17,600 scenes, 4,400 steps of 4
 * reach mAP@0.5 0.90 on 1,000 held-out scenes, 2,200 of 8 0.89 and 1,100 of 16 0.87 (README,
 * "bench:vision-browser"); and more from denser scenes: 3,600 steps of 4 on scenes of 3 to 8
 * digits reach 0.91 where scenes of 1 to 6 (the held-out ones) reach 0.89. 3,600 steps of 4
 * end within 10 minutes on wasm here. Scored every 800 scenes. The FCN's steps cost about four
 * times as much.
 */
const DEFAULTS = {
  detect: { steps: 3600, batch: 4, evalEvery: 200, minDigits: 3, maxDigits: 8 },
  segment: { steps: 600, batch: 16, evalEvery: 100, minDigits: 1, maxDigits: 6 },
} as const;
const NAME = 'trained';

/** One held-out evaluation of a run; `data-curve` on the panel holds them as JSON (for benches). */
export interface CurvePoint {
  step: number;
  /** The worker's wall seconds since its training loop began: evaluations (and pauses) included. */
  seconds: number;
  /** mAP@0.5 and mAP@[.5:.95] (detector) or mean IoU and pixel accuracy (segmenter). */
  headline: number;
  second: number;
  /** Mean loss of the steps reported since the previous evaluation (null: none reported). */
  loss: number | null;
}

export class TrainPanel {
  readonly element = el('section', { class: 'panel vision-train' });
  private worker: VisionHandle | null = null;
  private ready: Promise<unknown> | null = null;
  private readonly status = el('p', { class: 'lab-status', role: 'status' });
  private readonly task = select(
    'task',
    [
      ['detect', 'Grid detector'],
      ['segment', 'FCN segmenter'],
    ],
    'detect',
  );
  private readonly steps = numberInput('steps', DEFAULTS.detect.steps, {
    min: '1',
    max: '100000',
  });
  private readonly batch = numberInput('batch', DEFAULTS.detect.batch, { min: '1', max: '64' });
  private readonly lr = numberInput('lr', 0.003, { step: 'any', min: '0' });
  private readonly evalEvery = numberInput('evalEvery', DEFAULTS.detect.evalEvery, { min: '0' });
  private readonly minDigits = numberInput('minDigits', DEFAULTS.detect.minDigits, {
    min: '0',
    max: '64',
    'aria-label': 'Fewest digits a training scene',
  });
  private readonly maxDigits = numberInput('maxDigits', DEFAULTS.detect.maxDigits, {
    min: '1',
    max: '64',
    'aria-label': 'Most digits a training scene',
  });
  private readonly buttons = {
    train: button('Train', { class: 'primary', 'data-action': 'train-vision' }),
    pause: button('Pause', { 'data-action': 'pause-vision' }),
    stop: button('Stop', { 'data-action': 'stop-vision' }),
  };
  private loss: LineChart | null = null;
  private score: LineChart | null = null;
  private pr: LineChart | null = null;
  private confusion: ConfusionMatrixView | null = null;
  private samples: SceneGrid | null = null;
  private paused = false;
  private curve: CurvePoint[] = [];
  /** The run's batch size, the worker's clock at its last step, and its losses since a score. */
  private clock = { batch: 1, seconds: 0, lossSum: 0, losses: 0 };
  private readonly saves = new SavePanel({
    store,
    extension: '.gav',
    className: 'model-panel',
    title: 'Save and load',
    nameInput: 'visionModelName',
    savedList: 'visionSaved',
    nothingToSave: 'Nothing to save yet: train a model or load one first.',
    current: async () => {
      // The model's own kind: the form's model picker may show another since it trained or loaded.
      const model = (await this.api().models()).find((m) => m.name === NAME);
      if (!model) return null;
      const bytes = await this.api().save(NAME);
      return {
        bytes,
        name: 'my-vision-model',
        summary: `${model.kind}, ${(bytes.length / 1024).toFixed(0)} KB`,
      };
    },
    load: async (bytes) => {
      const info = await this.api().load(NAME, bytes);
      await this.opts.onTrained(bytes);
      return `${info.kind}, ${info.parameterCount.toLocaleString('en')} parameters`;
    },
  });

  constructor(
    private readonly opts: {
      request: BackendRequest;
      /** Called with the model's bytes when a run ends or a file loads. */
      onTrained(bytes: Uint8Array): Promise<void>;
    },
  ) {}

  private api() {
    if (!this.worker) {
      this.worker = startVisionWorker();
      this.ready = this.worker.api.init(this.opts.request);
    }
    return this.worker.api;
  }

  async mount(parent: HTMLElement): Promise<void> {
    const charts = el('div', { class: 'lab-charts' });
    const boxes = [0, 1, 2, 3].map(() => el('div', { class: 'slot' }));
    charts.append(...boxes);
    this.buttons.train.addEventListener('click', () => void this.train());
    let taskShown = this.task.value as keyof typeof DEFAULTS;
    this.task.addEventListener('change', () => {
      const next = this.task.value as keyof typeof DEFAULTS;
      // Follow the model's defaults unless a field was changed by hand.
      for (const key of ['steps', 'batch', 'evalEvery', 'minDigits', 'maxDigits'] as const)
        if (Number(this[key].value) === DEFAULTS[taskShown][key])
          this[key].value = String(DEFAULTS[next][key]);
      taskShown = next;
    });
    this.buttons.pause.addEventListener('click', () => this.togglePause());
    this.buttons.stop.addEventListener('click', () => void this.api().stop());
    this.element.append(
      el('div', { class: 'lab-head' }, el('h2', {}, 'Train it here'), this.status),
      el(
        'p',
        { class: 'muted' },
        'Train the detector or the FCN in a worker on freshly generated scenes (MNIST training digits); scored on held-out scenes of test digits.',
      ),
      el(
        'div',
        { class: 'form-grid' },
        field('Model', this.task),
        field('Steps', this.steps),
        field('Batch', this.batch),
        field('Learning rate', this.lr),
        field('Score every', this.evalEvery),
        field(
          'Digits a scene',
          el('span', { class: 'field-range' }, this.minDigits, 'to', this.maxDigits),
          'Training scenes hold this many digits (the held-out ones: 1 to 6); denser scenes teach the detector faster',
        ),
      ),
      el('div', { class: 'actions' }, this.buttons.train, this.buttons.pause, this.buttons.stop),
      charts,
      this.saves.element,
    );
    parent.append(this.element);
    const width = Math.max(
      280,
      Math.min(520, (charts.clientWidth || 600) / (charts.clientWidth > 760 ? 2 : 1) - 24),
    );
    [this.loss, this.score, this.pr] = await Promise.all([
      LineChart.create(boxes[0], {
        width,
        height: 220,
        title: 'Loss',
        xLabel: 'step',
        yLabel: 'loss',
        series: [{ name: 'loss' }],
        logY: true,
      }),
      LineChart.create(boxes[1], {
        width,
        height: 220,
        title: 'Held-out score',
        xLabel: 'step',
        yLabel: 'score',
        ...ACCURACY_AXIS,
        series: [{ name: 'score', label: 'mAP@0.5 / mIoU' }],
      }),
      LineChart.create(boxes[2], {
        width,
        height: 220,
        title: 'Precision-recall at IoU 0.5',
        xLabel: 'recall',
        yLabel: 'precision',
        xRange: [0, 1],
        yRange: [0, 1],
        // Each digit in its own colour, as in the boxes, masks and legends.
        series: DIGIT_COLORS.map((color, d) => ({ name: String(d), color })),
      }),
    ]);
    this.confusion = await ConfusionMatrixView.create(boxes[2], {
      title: 'Confusion (row %)',
      cell: 22,
    });
    this.confusion.element.hidden = true;
    this.samples = await SceneGrid.create(boxes[3], {
      columns: 3,
      cell: 112,
      title: 'Held-out scenes: predictions',
    });
    this.setRunning(false);
    await this.saves.refresh();
  }

  private setRunning(running: boolean): void {
    this.element.dataset.state = running ? 'running' : (this.element.dataset.state ?? 'idle');
    this.buttons.train.disabled = running;
    this.buttons.pause.disabled = !running;
    this.buttons.stop.disabled = !running;
  }

  private togglePause(): void {
    this.paused = !this.paused;
    if (this.paused) void this.api().pause();
    else void this.api().resume();
    this.buttons.pause.textContent = this.paused ? 'Resume' : 'Pause';
  }

  private async train(): Promise<void> {
    const api = this.api();
    this.setRunning(true);
    try {
      this.status.textContent = 'Loading MNIST…';
      await this.ready;
      await api.loadDigits(['train', 'test'], mnistUrl());
      const segment = this.task.value === 'segment';
      const info = await api.create(NAME, segment ? DEFAULT_FCN : DEFAULT_GRID_DETECTOR, 1);
      this.status.textContent = `Training: ${info.parameterCount.toLocaleString('en')} parameters`;
      this.loss?.clear();
      this.score?.clear();
      this.pr?.clear();
      if (this.pr) this.pr.element.hidden = segment;
      if (this.confusion) this.confusion.element.hidden = !segment;
      this.curve = [];
      this.element.dataset.curve = '[]';
      this.clock = { batch: Number(this.batch.value), seconds: 0, lossSum: 0, losses: 0 };
      const summary = await api.train(
        NAME,
        {
          steps: Number(this.steps.value),
          batchSize: Number(this.batch.value),
          lr: Number(this.lr.value),
          lrDecay: 'cosine',
          seed: 1,
          evalEvery: Number(this.evalEvery.value),
          minDigits: Number(this.minDigits.value),
          maxDigits: Number(this.maxDigits.value),
          evalScenes: 40,
          samples: 6,
        },
        listener((p: VisionProgress) => this.onProgress(p)),
      );
      const figure = summary.final ? `, held-out ${scoreText(summary.final)}` : '';
      this.status.textContent = `${summary.reason === 'done' ? 'Done' : summary.reason === 'stopped' ? 'Stopped' : 'Diverged'} after ${summary.steps} steps (${summary.imagesPerSecond.toFixed(1)} scenes/s)${figure}${summary.message ? `: ${summary.message}` : ''}`;
      this.element.dataset.state = summary.reason;
      await this.opts.onTrained(await api.save(NAME));
    } catch (e) {
      this.status.textContent = `Training failed: ${(e as Error).message}`;
      this.element.dataset.state = 'error';
    } finally {
      this.paused = false;
      this.buttons.pause.textContent = 'Pause';
      this.setRunning(false);
    }
  }

  private onProgress(p: VisionProgress): void {
    if (p.type === 'step') {
      this.loss?.append('loss', [[p.step, p.loss]]);
      this.element.dataset.steps = String(p.step);
      this.element.dataset.lastLoss = String(p.loss);
      // imagesPerSecond is steps x batch over the worker's seconds since its loop began.
      if (p.imagesPerSecond > 0)
        this.clock.seconds = (p.step * this.clock.batch) / p.imagesPerSecond;
      this.clock.lossSum += p.loss;
      this.clock.losses++;
      this.status.textContent = `Step ${p.step}/${p.steps}: loss ${p.loss.toFixed(3)}, ${p.imagesPerSecond.toFixed(1)} scenes/s, about ${Math.round(p.etaSeconds)} s left`;
    } else if (p.type === 'eval') {
      this.score?.append('score', [[p.score.step, p.score.headline]]);
      this.element.dataset.score = String(p.score.headline);
      const c = this.clock;
      this.curve.push({
        step: p.score.step,
        seconds: c.seconds,
        headline: p.score.headline,
        second: p.score.second,
        loss: c.losses ? c.lossSum / c.losses : null,
      });
      this.element.dataset.curve = JSON.stringify(this.curve);
      c.lossSum = 0;
      c.losses = 0;
      if (p.score.prCurves) this.pr?.update({ series: prCurvePoints(p.score.prCurves) });
      if (p.score.confusion) this.confusion?.update({ counts: p.score.confusion, classes: 11 });
      this.samples?.update({
        scenes: p.samples.map(({ scene, prediction }) => ({
          image: { rgb: scene.image, width: scene.width, height: scene.height },
          truth: {
            boxes: scene.objects.flatMap((o) => o.bbox),
            categories: scene.objects.map((o) => o.categoryId),
          },
          detections: prediction,
          mask: prediction.mask,
          caption: `${prediction.categories.length} boxes, truth ${scene.objects.length}`,
        })),
      });
    } else if (p.type === 'backend') {
      this.status.textContent = p.message;
      announceBackend(p.choice);
    } else {
      this.status.textContent = p.type === 'paused' ? 'Paused' : 'Resumed';
    }
  }
}

function scoreText(s: VisionScore): string {
  return s.task === 'detect'
    ? `mAP@0.5 ${s.headline.toFixed(3)}`
    : `mean IoU ${s.headline.toFixed(3)}`;
}
