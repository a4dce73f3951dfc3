/**
 * Fig. 6-24: random search of the learning rate and weight decay on the trial pool, one
 * trial per Web Worker (each a trainer worker), drawn live as trials finish.
 */
import { toLabeledData } from '../../../data/mnist';
import { fetchMnistReader } from '../../../data/mnist-browser';
import type { LabeledData } from '../../../nn/dataset';
import {
  BOOK_SEARCH,
  BOOK_TRIALS,
  bestLine,
  bestTrials,
  type TrialResult,
} from '../../../nn/experiments/hyperparameter-search';
import { searchOnWorkers } from '../../../nn/experiments/trial-pool';
import type { RunControl } from '../../../nn/run-control';
import { ACCURACY_AXIS, LineChart } from '../../../ui/line-chart';
import { ProgressBar } from '../../../ui/progress-bar';
import { ScatterPlot, type ScatterPoint } from '../../../ui/scatter-plot';
import { button, el } from '../../dom';
import { startTrainerWorker } from '../../trainer-client';
import type { ExperimentPanel } from './panel';
import { RunButtons } from './run-buttons';
import { WorkClock } from './work-clock';

export class SearchPanel implements ExperimentPanel {
  /** The first 500 training images, for the search's workers (fetched once). */
  private images: Promise<LabeledData> | null = null;

  private constructor(
    readonly element: HTMLElement,
    private readonly charts: { scatter: ScatterPlot; curves: LineChart; progress: ProgressBar },
    private readonly bestText: HTMLElement,
    private readonly trials: HTMLInputElement,
    private readonly run: HTMLButtonElement,
    private readonly buttons: RunButtons,
  ) {
    run.addEventListener('click', () => void this.start());
  }

  static async create(): Promise<SearchPanel> {
    const run = button('Start the search', {
      class: 'primary',
      'data-action': 'hyperparameter-search',
    });
    const buttons = new RunButtons('hyperparameter-search');
    const trials = el('input', {
      type: 'number',
      name: 'hyperparameter-trials',
      value: String(BOOK_TRIALS),
      min: '1',
      max: '1000',
      'aria-label': 'trials',
    });
    const boxes = {
      progress: el('div', { class: 'slot' }),
      scatter: el('div', { class: 'slot' }),
      curves: el('div', { class: 'slot' }),
    };
    const bestText = el('pre', { class: 'muted', 'data-role': 'best-trials' });
    const element = el(
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
        buttons.pause,
        buttons.stop,
        trials,
        el('span', { class: 'muted' }, `trials, ${poolSize()} at a time (one worker each)`),
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
        ...ACCURACY_AXIS,
        yFormat: 'percent',
        xIntegers: true,
        series: [1, 2, 3, 4, 5].map((i) => ({ name: `Best-${i}`, label: `#${i}` })),
      }),
      ProgressBar.create(boxes.progress, { label: 'Hyperparameter search', stepUnit: 'trial' }),
    ]);
    return new SearchPanel(element, { scatter, curves, progress }, bestText, trials, run, buttons);
  }

  /** Draws the finished trials: all in the scatter plot, the best five's curves and lines. */
  private show(finished: readonly TrialResult[]): void {
    const best = bestTrials(finished, 5);
    const rank = new Map(best.map((t, i) => [t.trial, i + 1]));
    this.charts.scatter.update({
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
    this.charts.curves.update({
      series: Object.fromEntries(
        best.map((t, i) => [
          `Best-${i + 1}`,
          t.valAccuracy.map((y, e) => [e + 1, y] as [number, number]),
        ]),
      ),
    });
    this.bestText.textContent = best.map((t, i) => bestLine(t, i + 1)).join('\n');
  }

  private async start(): Promise<void> {
    const total = Math.max(1, Math.min(1000, Math.floor(Number(this.trials.value) || BOOK_TRIALS)));
    this.run.disabled = true;
    try {
      await this.buttons.run((control) => this.search(control, total));
    } catch (e) {
      this.charts.progress.update({ state: 'error', message: (e as Error).message });
    } finally {
      this.run.disabled = false;
    }
  }

  /** Runs `total` trials on the pool under `control`, drawing each as it finishes. */
  private async search(control: RunControl, total: number): Promise<void> {
    const { progress } = this.charts;
    // Working time only, counted once the workers are up: the ETA and the total leave pauses out.
    const clock = new WorkClock();
    let begun = false;
    let done = 0;
    let wasPaused = false;
    control.subscribe((state) => {
      if (state === 'paused') {
        wasPaused = true;
        // Running trials cannot be frozen in their workers: say so until they are back
        // (onPaused below then says the pause has taken hold).
        progress.update({
          state: 'paused',
          message: begun
            ? `pausing after ${done} of ${total} trials: the running trials finish first`
            : 'paused: no trial starts until Resume',
        });
      } else if (state === 'running') {
        if (begun) clock.start();
        progress.update({ state: 'running', message: `resumed after ${done} of ${total} trials` });
      }
    });
    const finished: TrialResult[] = [];
    this.show(finished);
    progress.update({ step: 0, total, state: 'running', message: 'starting the workers' });
    this.images ??= loadSearchImages(new URL('mnist/', document.baseURI).href);
    const images = await this.images;
    const r = await searchOnWorkers(startTrainerWorker, {
      seed: 0,
      trials: total,
      settings: BOOK_SEARCH,
      workers: poolSize(),
      images: images.x,
      labels: images.labels,
      backend: 'wasm',
      control,
      onReady: () => {
        begun = true;
        if (!control.paused) clock.start();
      },
      onTrial: (t, n) => {
        done = n;
        finished.push(t);
        this.show(finished);
        const accuracy = `trial ${t.trial}: val acc ${(t.finalValAccuracy * 100).toFixed(0)}%`;
        progress.update({
          step: n,
          total,
          state: control.paused ? 'paused' : 'running',
          etaSeconds: clock.eta(n, total),
          message: control.paused ? `pausing, ${accuracy}` : accuracy,
        });
      },
      onPaused: (n) => {
        clock.stop();
        progress.update({ state: 'paused', message: `paused after ${n} of ${total} trials` });
      },
    });
    this.show(r.trials);
    clock.stop();
    const seconds = `${clock.seconds.toFixed(0)} s${wasPaused ? ' (pauses not counted)' : ''}`;
    progress.update({
      state: r.stopped ? 'stopped' : 'done',
      message: `${r.trials.length} trial${r.trials.length === 1 ? '' : 's'} in ${seconds}`,
    });
    this.element.dataset.done = 'true';
  }

  stop(): void {
    this.buttons.stopRun();
  }

  destroy(): void {
    this.stop();
    this.charts.scatter.destroy();
    this.charts.curves.destroy();
    this.charts.progress.destroy();
  }
}

/** Workers of the pool: one per core but one (for the page), at most 8. */
function poolSize(): number {
  return Math.max(1, Math.min(8, (navigator.hardwareConcurrency || 2) - 1));
}

/** The first BOOK_SEARCH.trainSize MNIST training images (the search splits them itself). */
async function loadSearchImages(baseUrl: string): Promise<LabeledData> {
  const read = fetchMnistReader(baseUrl);
  const [images, labels] = await Promise.all([read('trainImages'), read('trainLabels')]);
  return toLabeledData(images, labels, 'MNIST training set', {}, BOOK_SEARCH.trainSize);
}
