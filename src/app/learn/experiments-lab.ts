/**
 * The book's chapter 6 experiments, computed in the trainer worker by the same functions as
 * `npm run cli -- experiment <name>`, drawn here with a caption of what to look for.
 */
import deepConvModelUrl from '../../../models/deep-conv.gam?url';
import shippedModelUrl from '../../../models/simple-conv.gam?url';
import { toLabeledData } from '../../data/mnist';
import { fetchMnistReader } from '../../data/mnist-browser';
import type { LabeledData } from '../../nn/dataset';
import {
  BOOK_SEARCH,
  BOOK_TRIALS,
  bestLine,
  bestTrials,
  runSearch,
  SearchPause,
  type TrialResult,
} from '../../nn/experiments/hyperparameter-search';
import { HistogramGrid } from '../../ui/histogram-grid';
import { ImageGrid, type ImageGridOptions } from '../../ui/image-grid';
import { LineChart } from '../../ui/line-chart';
import { OptimizerPathPlot } from '../../ui/optimizer-path-plot';
import { ProgressBar } from '../../ui/progress-bar';
import { ScatterPlot, type ScatterPoint } from '../../ui/scatter-plot';
import { button, el } from '../dom';
import type { TrainerHandle } from '../trainer-client';
import { Comlink, startTrainerWorker } from '../trainer-client';

/** 30 filters of 5x5, signed: a diverging colour map, normalised per filter. */
const FILTER_GRID = {
  columns: 10,
  scale: 5,
  colorMap: 'diverging',
  imageSize: [5, 5],
  captions: false,
} as const satisfies ImageGridOptions;

export class ExperimentsLab {
  readonly element = el('section', { class: 'lab experiments-lab' });
  private paths: OptimizerPathPlot | null = null;
  private histograms: HistogramGrid | null = null;
  private readonly curveCharts: Array<LineChart | ProgressBar | ImageGrid | ScatterPlot> = [];
  private mnist: Promise<unknown> | null = null;
  /** The first 500 training images, for the hyperparameter search's workers. */
  private searchImages: Promise<LabeledData> | null = null;
  /** Stops a running hyperparameter search (and ends its workers). */
  private stopSearch: (() => void) | null = null;

  constructor(private readonly opts: { trainer: TrainerHandle; backend: Promise<unknown> }) {}

  async mount(parent: HTMLElement): Promise<void> {
    parent.append(this.element);
    const pathsBox = el('div', { class: 'slot' });
    const histBox = el('div', { class: 'slot scroll-x' });
    const seed = el('input', {
      type: 'number',
      name: 'experimentSeed',
      value: '0',
      min: '0',
      'aria-label': 'seed',
    });
    const rerun = button('Draw new random weights', { 'data-action': 'rerun-init' });
    rerun.addEventListener('click', () => {
      seed.value = String(Number(seed.value) + 1);
      void this.runInit(Number(seed.value));
    });
    this.element.append(
      el('h2', {}, 'Experiments (chapters 6 to 8)'),
      el(
        'div',
        { class: 'panel' },
        el('h3', {}, 'How four optimizers walk down x²/20 + y² (fig. 6-8)'),
        el(
          'p',
          { class: 'muted' },
          'All four start at (-7, 2). The valley is 20 times steeper across (y) than along (x): plain SGD bounces from wall to wall, Momentum builds speed and overshoots, AdaGrad and Adam scale each direction by its own gradient history and head for the middle.',
        ),
        pathsBox,
      ),
      el(
        'div',
        { class: 'panel' },
        el(
          'h3',
          {},
          'Activations layer by layer for different initial weights (figs. 6-10 to 6-14)',
        ),
        el(
          'p',
          { class: 'muted' },
          '1,000 random inputs through 5 layers of 100 units. With std 1, sigmoid outputs pile up at 0 and 1, where its slope vanishes. With std 0.01 every unit says the same thing. Xavier (for sigmoid and tanh) and He (for ReLU) keep the activations spread out layer after layer.',
        ),
        el('div', { class: 'actions' }, rerun, seed),
        histBox,
      ),
    );
    this.element.append(
      await this.curvesPanel(
        'optimizer-compare',
        'Optimizers training the same net on MNIST (fig. 6-9)',
        'A 5-layer, 100-unit ReLU net, batch 128, each rule with its book learning rate, same initial weights and batches. SGD crawls; the adaptive rules and momentum drop the loss much faster.',
        ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'],
      ),
      await this.curvesPanel(
        'weight-init-compare',
        'Initial weights and learning (fig. 6-15)',
        'The same net with SGD, started from std 0.01, Xavier or He weights. With std 0.01 the signal dies out in the forward pass, so the gradients are tiny and the loss barely moves; He, made for ReLU, learns fastest.',
        ['std 0.01', 'Xavier', 'He'],
      ),
      await this.accuracyPanel(
        'batch-norm',
        'Batch normalization and the initial weight scale (fig. 6-19)',
        'The same 5-layer net on 1,000 images for 20 epochs, for 16 initial weight scales from 1 down to 0.0001, with and without batch norm. The chart shows the final training accuracy against log10 of the scale. Without batch norm only a narrow band of scales learns at all (too large blows the loss up to NaN: those points are missing); with it, almost every scale learns.',
        ['with batch norm', 'without'],
        'log10(initial std)',
      ),
      await this.accuracyPanel(
        'overfit',
        'Overfitting and two cures (figs. 6-20 to 6-23)',
        'A 7-layer net trained on only 300 images for 200 epochs. Plain training memorises them (train accuracy 100%) while test accuracy stalls far below: overfitting. Weight decay (λ = 0.1) and dropout (0.2) keep the weights from fitting the noise and narrow the gap.',
        ['plain train', 'plain test', 'decay train', 'decay test', 'dropout train', 'dropout test'],
        'epoch',
      ),
      await this.searchPanel(),
      await this.filtersPanel(),
      await this.mistakesPanel(),
    );
    [this.paths, this.histograms] = await Promise.all([
      OptimizerPathPlot.create(pathsBox, { width: 620, height: 340 }),
      HistogramGrid.create(histBox, { cellWidth: 100, cellHeight: 50 }),
    ]);
    await this.opts.backend;
    const result = await this.opts.trainer.api.optimizerPaths();
    this.paths.update({
      paths: result.paths.map((p) => ({ name: `${p.optimizer} (lr ${p.lr})`, points: p.points })),
    });
    await this.runInit(0);
  }

  /** Loss curves of several training runs (figs. 6-9 and 6-15), steps per run adjustable. */
  private curvesPanel(
    name: 'optimizer-compare' | 'weight-init-compare',
    title: string,
    caption: string,
    series: string[],
  ): Promise<HTMLElement> {
    const iterations = el('input', {
      type: 'number',
      name: `${name}-iterations`,
      value: '2000',
      min: '10',
      max: '20000',
      'aria-label': 'steps per variant',
    });
    return this.comparePanel({
      name,
      title,
      caption,
      series,
      controls: [iterations, el('span', { class: 'muted' }, 'steps each')],
      chart: {
        title: 'Training loss (moving average of 20 steps)',
        xLabel: 'step',
        yLabel: 'loss',
        xIntegers: true,
      },
      stepUnit: 'step',
      run: async (onProgress) => {
        const r = await this.opts.trainer.api.trainingCurves(
          name,
          Number(iterations.value),
          0,
          Comlink.proxy((p) =>
            onProgress(p.done, p.total, `${p.variant}: loss ${p.loss.toFixed(3)}`),
          ),
        );
        return {
          series: Object.fromEntries(
            r.variants.map((v) => [
              v.label,
              v.smoothed.map((y, i) => [i + 1, y] as [number, number]),
            ]),
          ),
          summary: r.variants
            .map((v) => `${v.label} ${(v.testAccuracy * 100).toFixed(1)}%`)
            .join(' · '),
        };
      },
    });
  }

  /** Accuracy per epoch (overfit) or per initial scale (batch-norm). */
  private accuracyPanel(
    name: 'batch-norm' | 'overfit',
    title: string,
    caption: string,
    series: string[],
    xLabel: string,
  ): Promise<HTMLElement> {
    const overfit = name === 'overfit';
    return this.comparePanel({
      name,
      title,
      caption,
      series,
      controls: [],
      chart: {
        title: overfit ? 'Accuracy per epoch' : 'Final training accuracy',
        xLabel,
        yLabel: 'accuracy',
        yRange: [0, 1],
        width: overfit ? 900 : 620,
        xIntegers: overfit,
      },
      stepUnit: 'epoch',
      run: async (onProgress) => {
        const r = await this.opts.trainer.api.accuracyCurves(
          name,
          0,
          Comlink.proxy((p) => onProgress(p.done, p.total, `${p.variant}: epoch ${p.epoch}`)),
        );
        const last = (a: number[]) => a[a.length - 1];
        const byScale = (bn: boolean) =>
          r.variants
            .filter((v) => v.batchNorm === bn && v.diverged === null)
            .map((v) => [Math.log10(v.scale ?? 1), last(v.trainAccuracy)] as [number, number])
            .sort((a, b) => a[0] - b[0]);
        const perEpoch = (a: number[]) => a.map((y, e) => [e + 1, y] as [number, number]);
        const series: Record<string, Array<[number, number]>> = overfit
          ? Object.fromEntries(
              r.variants.flatMap((v, i) => {
                const key = ['plain', 'decay', 'dropout'][i];
                return [
                  [`${key} train`, perEpoch(v.trainAccuracy)],
                  [`${key} test`, perEpoch(v.testAccuracy)],
                ];
              }),
            )
          : { 'with batch norm': byScale(true), without: byScale(false) };
        return { series, summary: `${r.variants.length} runs` };
      },
    });
  }

  /**
   * The frame of every "train and compare" panel: title, caption, a run button with its
   * controls, a progress bar, and a chart filled by `run` in the worker.
   */
  private async comparePanel(spec: {
    name: string;
    title: string;
    caption: string;
    series: string[];
    controls: HTMLElement[];
    chart: {
      title: string;
      xLabel: string;
      yLabel: string;
      yRange?: [number, number];
      width?: number;
      /** Counted x (steps, epochs): no 0.5 ticks on a short run. */
      xIntegers?: boolean;
    };
    stepUnit: string;
    run: (
      onProgress: (done: number, total: number, message: string) => void,
    ) => Promise<{ series: Record<string, Array<[number, number]>>; summary: string }>;
  }): Promise<HTMLElement> {
    const run = button('Train and compare', { class: 'primary', 'data-action': spec.name });
    const chartBox = el('div', { class: 'slot' });
    const progressBox = el('div', { class: 'slot' });
    const panel = el(
      'div',
      { class: 'panel', 'data-experiment': spec.name },
      el('h3', {}, spec.title),
      el('p', { class: 'muted' }, spec.caption),
      el('div', { class: 'actions' }, run, ...spec.controls),
      progressBox,
      chartBox,
    );
    const [chart, progress] = await Promise.all([
      LineChart.create(chartBox, {
        width: spec.chart.width ?? 620,
        height: 260,
        title: spec.chart.title,
        xLabel: spec.chart.xLabel,
        yLabel: spec.chart.yLabel,
        yRange: spec.chart.yRange,
        xIntegers: spec.chart.xIntegers,
        series: spec.series.map((s) => ({ name: s })),
      }),
      ProgressBar.create(progressBox, { label: 'Training the variants', stepUnit: spec.stepUnit }),
    ]);
    this.curveCharts.push(chart, progress);
    run.addEventListener('click', async () => {
      run.disabled = true;
      chart.update({ series: Object.fromEntries(spec.series.map((s) => [s, []])) });
      try {
        this.mnist ??= this.opts.trainer.api.loadMnist(new URL('mnist/', document.baseURI).href);
        await this.mnist;
        const started = performance.now();
        const result = await spec.run((done, total, message) => {
          const elapsed = (performance.now() - started) / 1000;
          progress.update({
            step: done,
            total,
            state: 'running',
            etaSeconds: (elapsed / done) * (total - done),
            message,
          });
        });
        chart.update({ series: result.series });
        const seconds = ((performance.now() - started) / 1000).toFixed(0);
        progress.update({ state: 'done', message: `${result.summary} (${seconds} s)` });
        panel.dataset.done = 'true';
      } catch (e) {
        progress.update({ state: 'error', message: (e as Error).message });
      } finally {
        run.disabled = false;
      }
    });
    return panel;
  }

  /** Fig. 7-24: the shipped SimpleConvNet's first filters beside random ones, and a digit's feature maps. */
  private async filtersPanel(): Promise<HTMLElement> {
    const show = button('Show the filters', { class: 'primary', 'data-action': 'conv-filters' });
    const boxes = {
      before: el('div', { class: 'slot' }),
      after: el('div', { class: 'slot' }),
      maps: el('div', { class: 'slot' }),
    };
    const panel = el(
      'div',
      { class: 'panel', 'data-experiment': 'conv-filters' },
      el('h3', {}, 'What the first convolution learned (fig. 7-24)'),
      el(
        'p',
        { class: 'muted' },
        'The 30 filters (5×5) of the SimpleConvNet we ship, beside the random filters it started from (blue negative, orange positive). Training turns noise into edge and blob detectors; below, what each trained filter responds to in one test digit (its feature map after ReLU).',
      ),
      el('div', { class: 'actions' }, show),
      el(
        'div',
        { class: 'samples-row' },
        el('div', {}, el('h3', {}, 'Before training'), boxes.before),
        el('div', {}, el('h3', {}, 'After training'), boxes.after),
      ),
      el('h3', {}, 'Feature maps of a test digit'),
      boxes.maps,
    );
    const [before, after, maps] = await Promise.all([
      ImageGrid.create(boxes.before, FILTER_GRID),
      ImageGrid.create(boxes.after, FILTER_GRID),
      ImageGrid.create(boxes.maps, {
        columns: 10,
        scale: 2,
        colorMap: 'gray',
        imageSize: [24, 24],
        captions: false,
      }),
    ]);
    this.curveCharts.push(before, after, maps);
    show.addEventListener('click', async () => {
      show.disabled = true;
      try {
        await this.loadShipped(shippedModelUrl, 'model');
        const r = await this.opts.trainer.api.convFiltersExperiment(0);
        before.update({
          images: r.before.values,
          shape: [r.before.shape[0], r.before.shape[2], r.before.shape[3]],
        });
        after.update({
          images: r.after.values,
          shape: [r.after.shape[0], r.after.shape[2], r.after.shape[3]],
        });
        // Feature maps normalised together to [0, 1] for the gray map.
        let max = 0;
        for (const v of r.maps.values) max = Math.max(max, v);
        maps.update({ images: r.maps.values.map((v) => v / (max || 1)), shape: r.maps.shape });
        panel.dataset.done = 'true';
      } catch (e) {
        panel.append(el('p', { class: 'model-message error' }, (e as Error).message));
      } finally {
        show.disabled = false;
      }
    });
    return panel;
  }

  /** Loads a shipped model file (and MNIST, once) into the experiments worker. */
  private async loadShipped(url: string, what: string): Promise<void> {
    this.mnist ??= this.opts.trainer.api.loadMnist(new URL('mnist/', document.baseURI).href);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`could not fetch the shipped ${what} (HTTP ${res.status})`);
    await Promise.all([
      this.mnist,
      this.opts.trainer.api.load(new Uint8Array(await res.arrayBuffer())),
    ]);
  }

  /** Fig. 8-3 and ch. 8.3.4 on the DeepConvNet we ship: its mistakes, and float16 weights. */
  private async mistakesPanel(): Promise<HTMLElement> {
    const show = button('Show the mistakes', { class: 'primary', 'data-action': 'misclassified' });
    const half = button('Round the weights to float16', { 'data-action': 'half-precision' });
    const summary = el('p', { class: 'status', 'aria-live': 'polite' });
    const halfOut = el('div', { class: 'half-precision' });
    const gridBox = el('div', { class: 'slot scroll-x' });
    const panel = el(
      'div',
      { class: 'panel', 'data-experiment': 'misclassified' },
      el('h3', {}, 'What the deep net still gets wrong (fig. 8-3)'),
      el(
        'p',
        { class: 'muted' },
        'The DeepConvNet we ship (chapter 8: six 3×3 convolutions) run over all 10,000 test digits. Each image below is one it gets wrong, captioned true → predicted. Many are digits a person would hesitate over too: a 4 with an open top, a 7 with a bar, a 9 drawn like a 4.',
      ),
      el('div', { class: 'actions' }, show),
      summary,
      gridBox,
      el('h3', {}, 'Half the bits, the same answers (ch. 8.3.4)'),
      el(
        'p',
        { class: 'muted' },
        'The same net with every weight rounded to 16-bit floats (half the memory). A trained net is robust to this small noise, so test accuracy barely moves. The maths still runs in 32 bits: the tensor library has no 16-bit type.',
      ),
      el('div', { class: 'actions' }, half),
      halfOut,
    );
    const grid = await ImageGrid.create(gridBox, {
      columns: 12,
      scale: 2,
      colorMap: 'gray',
      captions: true,
    });
    this.curveCharts.push(grid);
    show.addEventListener('click', async () => {
      show.disabled = true;
      summary.textContent = 'Loading the DeepConvNet and classifying 10,000 test images…';
      try {
        await this.loadShipped(deepConvModelUrl, 'DeepConvNet');
        const r = await this.opts.trainer.api.misclassified(96);
        const shown = r.wrong.slice(0, r.images.length / 784);
        grid.update({
          images: r.images,
          shape: [shown.length, 28, 28],
          captions: shown.map((w) => `${w.label}→${w.predicted}`),
          wrong: shown.map(() => true),
        });
        summary.textContent = `${r.errors} of ${r.total.toLocaleString('en')} test images wrong (accuracy ${(r.accuracy * 100).toFixed(2)}%)${r.errors > shown.length ? `; the first ${shown.length} shown` : ''}.`;
        panel.dataset.done = 'true';
      } catch (e) {
        summary.textContent = (e as Error).message;
        summary.classList.add('error');
      } finally {
        show.disabled = false;
      }
    });
    half.addEventListener('click', async () => {
      half.disabled = true;
      halfOut.textContent = 'Evaluating twice on 10,000 test images…';
      try {
        await this.loadShipped(deepConvModelUrl, 'DeepConvNet');
        const r = await this.opts.trainer.api.halfPrecision();
        const pct = (a: number) => `${(a * 100).toFixed(2)}%`;
        halfOut.replaceChildren(
          el(
            'table',
            { class: 'truth' },
            el(
              'tr',
              {},
              el('th', {}, 'weights'),
              el('th', {}, 'test accuracy'),
              el('th', {}, 'size'),
            ),
            el(
              'tr',
              {},
              el('td', {}, 'float32'),
              el('td', {}, pct(r.float32Accuracy)),
              el('td', {}, `${(r.bytesFloat32 / 1024).toFixed(0)} KiB`),
            ),
            el(
              'tr',
              {},
              el('td', {}, 'float16'),
              el('td', {}, pct(r.float16Accuracy)),
              el('td', {}, `${(r.bytesFloat16 / 1024).toFixed(0)} KiB`),
            ),
          ),
          el('p', { class: 'muted' }, await shaderF16Note()),
        );
        panel.dataset.half = 'true';
      } catch (e) {
        halfOut.textContent = (e as Error).message;
      } finally {
        half.disabled = false;
      }
    });
    return panel;
  }

  /**
   * Fig. 6-24: random search of the learning rate and weight decay, one trial per Web Worker
   * of a pool (each a trainer worker), drawn live as trials finish.
   */
  private async searchPanel(): Promise<HTMLElement> {
    const run = button('Start the search', {
      class: 'primary',
      'data-action': 'hyperparameter-search',
    });
    const pauseButton = button('Pause', { 'data-action': 'pause-hyperparameter-search' });
    pauseButton.disabled = true;
    const stop = button('Stop', { 'data-action': 'stop-hyperparameter-search' });
    stop.disabled = true;
    const trials = el('input', {
      type: 'number',
      name: 'hyperparameter-trials',
      value: String(BOOK_TRIALS),
      min: '1',
      max: '1000',
      'aria-label': 'trials',
    });
    const poolSize = Math.max(1, Math.min(8, (navigator.hardwareConcurrency || 2) - 1));
    const boxes = {
      progress: el('div', { class: 'slot' }),
      scatter: el('div', { class: 'slot' }),
      curves: el('div', { class: 'slot' }),
    };
    const bestText = el('pre', { class: 'muted', 'data-role': 'best-trials' });
    const panel = el(
      'div',
      { class: 'panel', 'data-experiment': 'hyperparameter-search' },
      el('h3', {}, 'Searching for a learning rate and a weight decay (fig. 6-24)'),
      el(
        'p',
        { class: 'muted' },
        'Each trial draws a learning rate (between 0.000001 and 0.01) and a weight decay (between 0.00000001 and 0.0001) at random, evenly on a log scale, trains the 6-hidden-layer net on 400 images for 50 epochs and scores it on 100 other images held out for validation: the test set stays untouched. Good trials gather at the largest learning rates; below about 0.0001 the net hardly learns in 50 epochs, whatever the weight decay. That is how a search narrows the range to try next.',
      ),
      el(
        'div',
        { class: 'actions' },
        run,
        pauseButton,
        stop,
        trials,
        el('span', { class: 'muted' }, `trials, ${poolSize} at a time (one worker each)`),
      ),
      boxes.progress,
      el('div', { class: 'samples-row' }, boxes.scatter, boxes.curves),
      bestText,
    );
    const [scatter, curves, progress] = await Promise.all([
      ScatterPlot.create(boxes.scatter, {
        width: 460,
        height: 280,
        title: 'Validation accuracy of each trial',
        xLabel: 'learning rate (log scale)',
        yLabel: 'validation accuracy',
        logX: true,
        xRange: [1e-6, 1e-2],
        yRange: [0, 1],
        yFormat: 'percent',
        colorLabel: 'weight decay',
        colorRange: [1e-8, 1e-4],
        logColor: true,
      }),
      LineChart.create(boxes.curves, {
        width: 460,
        height: 280,
        title: 'The best 5: validation accuracy per epoch',
        xLabel: 'epoch',
        yLabel: 'validation accuracy',
        yRange: [0, 1],
        yFormat: 'percent',
        xIntegers: true,
        series: [1, 2, 3, 4, 5].map((i) => ({ name: `Best-${i}`, label: `#${i}` })),
      }),
      ProgressBar.create(boxes.progress, { label: 'Hyperparameter search', stepUnit: 'trial' }),
    ]);
    this.curveCharts.push(scatter, curves, progress);

    const show = (finished: readonly TrialResult[]) => {
      const best = bestTrials(finished, 5);
      const rank = new Map(best.map((t, i) => [t.trial, i + 1]));
      scatter.update({
        points: finished.map((t): ScatterPoint => {
          const r = rank.get(t.trial);
          return {
            x: t.lr,
            y: t.finalValAccuracy,
            c: t.weightDecay,
            highlight: r !== undefined,
            label: r === undefined ? undefined : `#${r}`,
          };
        }),
      });
      curves.update({
        series: Object.fromEntries(
          best.map((t, i) => [
            `Best-${i + 1}`,
            t.valAccuracy.map((y, e) => [e + 1, y] as [number, number]),
          ]),
        ),
      });
      bestText.textContent = best.map((t, i) => bestLine(t, i + 1)).join('\n');
    };

    /** The running search's pause (null when none runs), for the Pause/Resume button. */
    let searchPause: SearchPause | null = null;
    const setPauseButton = () => {
      pauseButton.disabled = searchPause === null;
      pauseButton.textContent = searchPause?.paused ? 'Resume' : 'Pause';
    };

    run.addEventListener('click', async () => {
      const total = Math.max(1, Math.min(1000, Math.floor(Number(trials.value) || BOOK_TRIALS)));
      const controller = new AbortController();
      const pause = new SearchPause();
      // Working time only, so that the ETA and the total leave out the time spent paused.
      let begun = false;
      let workedMs = 0;
      let since: number | null = null;
      const clock = {
        start: () => {
          if (begun) since ??= performance.now();
        },
        stop: () => {
          if (since !== null) workedMs += performance.now() - since;
          since = null;
        },
        seconds: () => (workedMs + (since === null ? 0 : performance.now() - since)) / 1000,
      };
      let done = 0;
      let wasPaused = false;
      pause.subscribe(() => {
        setPauseButton();
        if (pause.paused) {
          wasPaused = true;
          // Running trials cannot be frozen in their workers: say so until they are back
          // (onPaused below then says the pause has taken hold).
          progress.update({
            state: 'paused',
            message: begun
              ? `pausing after ${done} of ${total} trials: the running trials finish first`
              : 'paused: no trial starts until Resume',
          });
        } else {
          clock.start();
          progress.update({
            state: 'running',
            message: `resumed after ${done} of ${total} trials`,
          });
        }
      });
      const workers = Array.from({ length: Math.min(poolSize, total) }, () => startTrainerWorker());
      const end = () => {
        for (const w of workers) w.terminate();
      };
      this.stopSearch = () => {
        controller.abort();
        end();
      };
      run.disabled = true;
      stop.disabled = false;
      searchPause = pause;
      setPauseButton();
      const finished: TrialResult[] = [];
      show(finished);
      progress.update({ step: 0, total, state: 'running', message: 'starting the workers' });
      try {
        this.searchImages ??= loadSearchImages(new URL('mnist/', document.baseURI).href);
        const [images] = await Promise.all([
          this.searchImages,
          ...workers.map((w) => w.api.init('wasm')),
        ]);
        begun = true;
        if (!pause.paused) clock.start();
        const r = await runSearch(
          workers.map(
            (w) => (trial: number) =>
              w.api.hyperparameterTrial({
                seed: 0,
                trial,
                settings: BOOK_SEARCH,
                images: images.x,
                labels: images.labels,
              }),
          ),
          {
            seed: 0,
            trials: total,
            signal: controller.signal,
            pause,
            onTrial: (t, n) => {
              done = n;
              finished.push(t);
              show(finished);
              const accuracy = `trial ${t.trial}: val acc ${(t.finalValAccuracy * 100).toFixed(0)}%`;
              progress.update({
                step: n,
                total,
                state: pause.paused ? 'paused' : 'running',
                etaSeconds: (clock.seconds() / n) * (total - n),
                message: pause.paused ? `pausing, ${accuracy}` : accuracy,
              });
            },
            onPaused: (n) => {
              clock.stop();
              progress.update({ state: 'paused', message: `paused after ${n} of ${total} trials` });
            },
          },
        );
        show(r.trials);
        clock.stop();
        const seconds = `${clock.seconds().toFixed(0)} s${wasPaused ? ' (pauses not counted)' : ''}`;
        progress.update({
          state: r.stopped ? 'stopped' : 'done',
          message: `${r.trials.length} trials in ${seconds}`,
        });
        panel.dataset.done = 'true';
      } catch (e) {
        progress.update({ state: 'error', message: (e as Error).message });
      } finally {
        end();
        this.stopSearch = null;
        searchPause = null;
        setPauseButton();
        run.disabled = false;
        stop.disabled = true;
      }
    });
    pauseButton.addEventListener('click', () => {
      if (searchPause?.paused) searchPause.resume();
      else searchPause?.pause();
    });
    stop.addEventListener('click', () => this.stopSearch?.());
    return panel;
  }

  private async runInit(seed: number): Promise<void> {
    const result = await this.opts.trainer.api.weightInitActivations(seed);
    this.histograms?.update({
      rows: result.cases.map((c) => ({ label: c.label, cells: c.histograms })),
    });
    this.element.dataset.ready = 'true';
  }

  destroy(): void {
    this.stopSearch?.();
    this.paths?.destroy();
    this.histograms?.destroy();
    for (const c of this.curveCharts) c.destroy();
    this.element.remove();
  }
}

/** The first BOOK_SEARCH.trainSize MNIST training images (the search splits them itself). */
async function loadSearchImages(baseUrl: string): Promise<LabeledData> {
  const read = fetchMnistReader(baseUrl);
  const [images, labels] = await Promise.all([read('trainImages'), read('trainLabels')]);
  return toLabeledData(images, labels, 'MNIST training set', {}, BOOK_SEARCH.trainSize);
}

/**
 * Whether this browser's WebGPU adapter offers 16-bit shader arithmetic ('shader-f16'), and
 * what that means for us: tfjs-core 4.22 has no float16 dtype and its WebGPU kernels compute
 * in f32, so f16 inference is not possible with our stack even where the adapter could.
 */
async function shaderF16Note(): Promise<string> {
  const stack =
    'Our stack cannot run inference in f16 anyway: tfjs-core has no 16-bit tensor type and its WebGPU kernels compute in f32.';
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return `This browser has no WebGPU. ${stack}`;
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return `No WebGPU adapter is available here. ${stack}`;
    const has = adapter.features.has('shader-f16');
    return `This browser's WebGPU adapter ${has ? 'offers' : 'does not offer'} 16-bit shader arithmetic (shader-f16). ${stack}`;
  } catch (e) {
    return `Asking for a WebGPU adapter failed (${(e as Error).message}). ${stack}`;
  }
}
