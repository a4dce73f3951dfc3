/**
 * The frame of every "train and compare" panel (figs. 6-9, 6-15, 6-19, 6-20): title, caption,
 * a run button with its controls, Pause/Resume and Stop, a progress bar, and a chart filled
 * by a curve experiment in the worker. A stopped run draws what it trained so far.
 */
import type { RunControl } from '../../../nn/run-control';
import { LineChart } from '../../../ui/line-chart';
import { ProgressBar } from '../../../ui/progress-bar';
import { button, el } from '../../dom';
import type { ExperimentsWorker } from './experiments-worker';
import type { ExperimentPanel } from './panel';
import { RunButtons } from './run-buttons';
import { WorkClock } from './work-clock';

export type Series = Record<string, Array<[number, number]>>;

/** What a curve experiment gives the chart: its series, a one-line summary, whether stopped. */
export interface CompareOutcome {
  series: Series;
  summary: string;
  stopped: boolean;
}

export interface CompareSpec {
  name: string;
  title: string;
  caption: string;
  series: string[];
  controls: HTMLElement[];
  chart: {
    title: string;
    xLabel: string;
    yLabel: string;
    /** Bounds and least span of the fitted value axis (accuracy: ACCURACY_AXIS). */
    yBounds?: readonly [number, number];
    yMinSpan?: number;
    /** Log y axis: a curve that explodes early (RMSProp's spike) leaves the rest readable. */
    logY?: boolean;
    width?: number;
    /** Counted x (steps, epochs): no 0.5 ticks on a short run. */
    xIntegers?: boolean;
  };
  /** What progress counts (step, epoch). */
  stepUnit: string;
  /**
   * Runs the experiment in the worker, reporting progress (throttled there) and, if it can,
   * the curves' new points as they come (`live`: drawn at once, replaced by the outcome's).
   */
  run: (
    onProgress: (done: number, total: number, message: string) => void,
    live: (series: string, points: Array<[number, number]>) => void,
  ) => Promise<CompareOutcome>;
}

export class ComparePanel implements ExperimentPanel {
  private readonly unsubscribeBusy: () => void;

  private constructor(
    readonly element: HTMLElement,
    private readonly chart: LineChart,
    private readonly progress: ProgressBar,
    runButton: HTMLButtonElement,
    private readonly buttons: RunButtons,
    private readonly spec: CompareSpec,
    private readonly worker: ExperimentsWorker,
  ) {
    runButton.addEventListener('click', () => void this.start());
    // One long experiment at a time in the worker: the others wait for it.
    this.unsubscribeBusy = worker.subscribeBusy((busy) => {
      runButton.disabled = busy;
      runButton.title = busy && !buttons.running ? 'another experiment is running' : '';
    });
  }

  static async create(spec: CompareSpec, worker: ExperimentsWorker): Promise<ComparePanel> {
    const run = button('Train and compare', { class: 'primary', 'data-action': spec.name });
    const buttons = new RunButtons(spec.name);
    const chartBox = el('div', { class: 'slot' });
    const progressBox = el('div', { class: 'slot' });
    const element = el(
      'div',
      { class: 'panel', 'data-experiment': spec.name },
      el('h3', {}, spec.title),
      el('p', { class: 'muted' }, spec.caption),
      el('div', { class: 'actions' }, run, buttons.pause, buttons.stop, ...spec.controls),
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
        yBounds: spec.chart.yBounds,
        yMinSpan: spec.chart.yMinSpan,
        logY: spec.chart.logY,
        xIntegers: spec.chart.xIntegers,
        series: spec.series.map((s) => ({ name: s })),
      }),
      ProgressBar.create(progressBox, { label: 'Training the variants', stepUnit: spec.stepUnit }),
    ]);
    return new ComparePanel(element, chart, progress, run, buttons, spec, worker);
  }

  private async start(): Promise<void> {
    this.chart.update({ series: Object.fromEntries(this.spec.series.map((s) => [s, []])) });
    try {
      await this.buttons.run((control) => this.train(control));
    } catch (e) {
      this.progress.update({ state: 'error', message: (e as Error).message });
    }
  }

  /** Runs the experiment in the worker under `control`, the progress bar and clock following. */
  private async train(control: RunControl): Promise<void> {
    const { spec, progress } = this;
    const clock = new WorkClock();
    let done = 0;
    let total = 0;
    control.subscribe((state) => {
      if (state === 'paused') {
        clock.stop();
        progress.update({ state: 'paused', message: `paused after ${done} ${spec.stepUnit}s` });
      } else if (state === 'running') {
        clock.start();
        progress.update({ state: 'running', message: 'resumed' });
      } else progress.update({ state: 'running', message: 'stopping at the next step' });
    });
    clock.start();
    const result = await this.worker.runControlled(control, () =>
      spec.run(
        (n, of, message) => {
          done = n;
          total = of;
          if (control.paused) return;
          progress.update({
            step: n,
            total: of,
            state: 'running',
            etaSeconds: clock.eta(n, of),
            message,
          });
        },
        (series, points) => this.chart.append(series, points),
      ),
    );
    clock.stop();
    const seconds = `${clock.seconds.toFixed(0)} s`;
    if (result === null) {
      progress.update({ state: 'stopped', message: 'stopped before it started' });
      return;
    }
    this.chart.update({ series: result.series });
    if (result.stopped)
      progress.update({
        state: 'stopped',
        message: `stopped after ${done} of ${total} ${spec.stepUnit}s: ${result.summary} (${seconds})`,
      });
    else progress.update({ state: 'done', message: `${result.summary} (${seconds})` });
    this.element.dataset.done = 'true';
  }

  stop(): void {
    this.buttons.stopRun();
  }

  destroy(): void {
    this.stop();
    this.unsubscribeBusy();
    this.chart.destroy();
    this.progress.destroy();
  }
}
