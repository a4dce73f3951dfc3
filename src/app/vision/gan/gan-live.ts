/**
 * A GAN run as it happens: the fixed-noise samples (the same noise every time, so what
 * changes is the generator), the losses and the discriminator's verdicts, the scores over
 * training time, and the run's health in plain sentences. Fed the worker's progress events;
 * it also shows a loaded model's grid and scores before any training.
 */
import type {
  GanImages,
  GanProgress,
  GanScoreReport,
  GanWarning,
} from '../../../../workers/gan-api';
import { GanLossPanel, type GanLossPoint } from '../../../ui/gan-loss-panel';
import { ImageGrid } from '../../../ui/image-grid';
import { LineChart } from '../../../ui/line-chart';
import { DEFAULT_GAN_HEALTH } from '../../../vision/gan/gan-health';
import { el } from '../../dom';
import { healthHeadline, histogramNote, scoreLine } from './gan-settings';

/** One point of the scores' curve: training seconds (scoring left out) and the scores. */
export interface ScorePoint {
  stepsDone: number;
  trainingSeconds: number;
  confidentShare: number;
  coverage: number;
  agreement: number | null;
  frechet: number;
  /** The same distance between as many training digits and the test digits, for scale. */
  frechetRealVsReal: number;
}

export class GanLive {
  readonly element = el('section', { class: 'panel gan-live' });
  private readonly gridCaption = el('p', { class: 'muted gan-grid-caption' });
  private readonly gridBox = el('div', { class: 'gan-grid-box' });
  private readonly chartsBox = el('div', { class: 'gan-charts' });
  private readonly health = el('div', { class: 'gan-health', role: 'status' });
  private readonly scores = el('p', { class: 'gan-scores muted' });
  private grid: ImageGrid | null = null;
  private losses: GanLossPanel | null = null;
  private scoreChart: LineChart | null = null;
  private warnings: GanWarning[] = [];
  private readonly curve: ScorePoint[] = [];
  /** Steps waiting for the next animation frame (a chart append per frame, not per event). */
  private pending: GanLossPoint[] = [];
  private flushQueued = false;

  async mount(parent: HTMLElement): Promise<void> {
    this.element.append(
      el(
        'div',
        { class: 'gan-live-row' },
        el(
          'div',
          { class: 'gan-samples' },
          el('h3', {}, 'Samples'),
          this.gridCaption,
          this.gridBox,
        ),
        this.chartsBox,
      ),
      el('h3', {}, 'Health'),
      this.health,
      this.scores,
    );
    parent.append(this.element);
    const wide = this.chartsBox.clientWidth || 600;
    const width = Math.max(280, Math.min(520, wide - 8));
    [this.grid, this.losses, this.scoreChart] = await Promise.all([
      ImageGrid.create(this.gridBox, {
        columns: 8,
        rows: 8,
        scale: 2,
        gap: 4,
        captions: false,
      }),
      GanLossPanel.create(this.chartsBox, { width, height: 200 }),
      LineChart.create(this.chartsBox, {
        width,
        height: 200,
        title: 'Scores by the digit classifier',
        xLabel: 'training seconds',
        yLabel: 'share',
        yRange: [0, 1],
        series: [
          { name: 'confident', label: 'confident' },
          { name: 'coverage', label: 'coverage' },
          { name: 'agreement', label: 'asked digit', optional: true },
        ],
      }),
    ]);
    this.showHealth(null);
  }

  /** A new run or model: empty charts, no warnings. */
  reset(): void {
    this.losses?.clear();
    this.scoreChart?.clear();
    this.warnings = [];
    this.lastDiversity = null;
    this.curve.length = 0;
    this.pending = [];
    this.scores.textContent = '';
    this.element.dataset.scores = '[]';
    this.showHealth(null);
  }

  /** The shown model's InfoGAN code size (0: none), kept for the grids its run streams. */
  private codes = 0;

  /** The model's samples (after a load, or a run's latest); `codes` as the model's config. */
  showGrid(g: GanImages, stepsDone: number, codes = this.codes): void {
    this.codes = codes;
    this.grid?.update({ images: g.images, shape: [g.count, g.size, g.size] });
    const conditional = g.labels !== null;
    const after = `After ${stepsDone.toLocaleString('en')} steps.`;
    this.gridCaption.textContent = conditional
      ? `${after} A row per digit, 0 at the top to 9 at the bottom; each column keeps one noise vector, so it draws every digit in one hand.`
      : codes > 0
        ? `${after} A row per value of the InfoGAN's code (${codes}): no labels were given, so each row is a kind of digit the generator found by itself, in no set order; each column keeps one noise vector.`
        : `${after} The same ${g.count} noise vectors each time: what changes is the generator.`;
    this.element.dataset.gridStep = String(stepsDone);
    this.element.dataset.gridRows = String(g.rows);
  }

  showScores(s: GanScoreReport, stepsDone: number, trainingSeconds: number | null): void {
    this.scores.textContent = `Scores after ${stepsDone.toLocaleString('en')} steps: ${scoreLine(s)} ${histogramNote(s.histogram)}`;
    if (trainingSeconds === null) return;
    this.curve.push({
      stepsDone,
      trainingSeconds,
      confidentShare: s.confidentShare,
      coverage: s.coverage,
      agreement: s.agreement,
      frechet: s.frechet,
      frechetRealVsReal: s.frechetRealVsReal,
    });
    const x = Math.round(trainingSeconds * 10) / 10;
    this.scoreChart?.append('confident', [[x, s.confidentShare]]);
    this.scoreChart?.append('coverage', [[x, s.coverage]]);
    if (s.agreement !== null) this.scoreChart?.append('agreement', [[x, s.agreement]]);
    this.element.dataset.scores = JSON.stringify(this.curve);
  }

  /** One progress event of a run. */
  onProgress(p: GanProgress): void {
    switch (p.type) {
      case 'step':
        this.pending.push(p);
        this.element.dataset.steps = String(p.stepsDone);
        this.queueFlush();
        break;
      case 'samples':
        this.showGrid(p, p.stepsDone);
        this.showHealth({ step: p.step, diversity: p.diversity, real: p.realDiversity });
        break;
      case 'warning':
        this.warnings.push(p.warning);
        this.showHealth(null);
        break;
      case 'score':
        this.showScores(p.scores, p.stepsDone, p.trainingSeconds);
        break;
      default:
        break;
    }
  }

  /** The charts' new points, drawn once per animation frame. */
  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    requestAnimationFrame(() => {
      this.flushQueued = false;
      this.losses?.append(this.pending);
      this.pending = [];
    });
  }

  private lastDiversity: { step: number; diversity: number; real: number } | null = null;

  private showHealth(d: { step: number; diversity: number; real: number } | null): void {
    if (d) this.lastDiversity = d;
    const items: HTMLElement[] = this.warnings.map((w) =>
      el(
        'div',
        { class: 'gan-warning', 'data-kind': w.kind },
        el('strong', {}, healthHeadline(w)),
        el('span', { class: 'muted' }, ` At step ${w.step}: ${w.message}.`),
      ),
    );
    if (items.length === 0)
      items.push(el('p', { class: 'gan-healthy' }, healthyText(this.lastDiversity)));
    this.health.replaceChildren(...items);
    this.element.dataset.warnings = this.warnings.map((w) => w.kind).join(' ');
  }

  /** Draws every canvas now (tests, screenshots). */
  flush(): void {
    this.grid?.flush();
    this.losses?.flush();
    this.scoreChart?.flush();
  }
}

/** What the page says while no warning stands: too early to judge, or nothing seen. */
function healthyText(d: { step: number; diversity: number; real: number } | null): string {
  if (!d)
    return 'Nothing to judge yet: health is checked while a model trains (mode collapse, the discriminator winning, numbers blowing up).';
  const spread = `mean distance between samples ${d.diversity.toFixed(1)}, between real digits ${d.real.toFixed(1)}`;
  if (d.step < DEFAULT_GAN_HEALTH.warmupSteps)
    return `Too early to judge (${spread}): every generator starts out drawing alike blurs, so mode collapse is judged from step ${DEFAULT_GAN_HEALTH.warmupSteps} of a run.`;
  return `No trouble seen: the samples differ from each other (${spread}), and the discriminator has not won.`;
}
