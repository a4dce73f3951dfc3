/**
 * The style studio's main view: the content and the picture being painted under a
 * before/after divider, updated as the worker streams pictures; progress and time; the
 * losses plotted step by step. A finished result picked in the gallery is shown here again.
 */
import type { RgbImage, StyleProgress } from '../../../../workers/style-api';
import { BeforeAfterView } from '../../../ui/before-after-view';
import { ProgressBar, type ProgressState } from '../../../ui/progress-bar';
import { StyleLossPanel, type StyleLossPoint } from '../../../ui/style-loss-panel';
import { el } from '../../dom';
import { forView } from './picture-io';
import type { StyleResult } from './style-results';
import { DEFAULT_SETTINGS } from './style-settings';

type StepEvent = Extract<StyleProgress, { type: 'step' }>;

export class LiveView {
  readonly element = el('div', { class: 'style-live' });
  private view: BeforeAfterView | null = null;
  private progress: ProgressBar | null = null;
  private losses: StyleLossPanel | null = null;
  private steps = 0;
  private label = '';
  /** Pictures drawn since the run started (for the tests). */
  private pictures = 0;

  async mount(parent: HTMLElement): Promise<void> {
    parent.append(this.element);
    const picture = el('div', { class: 'style-live-picture' });
    const side = el('div', { class: 'style-live-side' });
    this.element.append(picture, side);
    const width = Math.max(260, Math.min(440, picture.clientWidth || 440));
    this.view = await BeforeAfterView.create(picture, {
      width,
      beforeLabel: 'Content',
      afterLabel: 'Stylised',
      label: 'The content and the stylised picture: drag the divider to compare',
    });
    this.progress = await ProgressBar.create(side, { label: 'Painting' });
    const chartWidth = Math.max(280, Math.min(560, side.clientWidth || 520));
    this.losses = await StyleLossPanel.create(side, {
      width: chartWidth,
      height: 250,
      title: 'Losses (weighted, log scale)',
    });
    this.losses.update({ points: [], weights: weightsOf(DEFAULT_SETTINGS) });
  }

  /** The content chosen, shown whole until a run paints over it. */
  showContent(picture: RgbImage): void {
    this.view?.update({ before: forView(picture), after: null, caption: null });
    this.element.dataset.after = 'none';
  }

  start(e: Extract<StyleProgress, { type: 'start' }>, label: string, weights: WeightsOf): void {
    this.steps = e.steps;
    this.label = label;
    this.pictures = 0;
    this.view?.update({
      before: forView(e.content),
      // The run starts from the content: until the first picture, "after" is the content too.
      after: forView(e.content),
      caption: `${label}: starting…`,
    });
    this.progress?.update({ step: 0, total: e.steps, state: 'running', elapsedSeconds: 0 });
    this.losses?.update({ points: [], weights, steps: e.steps });
    this.element.dataset.after = 'content';
    this.element.dataset.pictures = '0';
  }

  step(e: StepEvent): void {
    const point: StyleLossPoint = {
      step: e.step,
      content: e.content,
      style: e.style,
      tv: e.tv,
      total: e.total,
      seconds: e.seconds,
    };
    this.losses?.append(point);
    this.progress?.update({
      step: e.step,
      total: e.steps,
      state: 'running',
      elapsedSeconds: e.seconds,
    });
    this.element.dataset.step = String(e.step);
  }

  picture(picture: RgbImage, step: number): void {
    this.pictures++;
    this.view?.update({
      after: forView(picture),
      caption: `${this.label}: step ${step} of ${this.steps} (${picture.width} x ${picture.height})`,
    });
    this.element.dataset.after = 'painted';
    this.element.dataset.pictures = String(this.pictures);
  }

  setState(state: ProgressState, message?: string): void {
    this.progress?.update({ state, ...(message !== undefined ? { message } : {}) });
  }

  /** A finished (or stopped) run, live or picked in the gallery again. */
  showResult(r: StyleResult): void {
    const s = r.summary;
    this.view?.update({
      before: forView(s.content),
      after: forView(s.picture),
      caption: `${r.label}: ${s.steps} steps in ${s.seconds.toFixed(1)} s${s.reason === 'stopped' ? ' (stopped)' : ''}`,
    });
    this.progress?.update({
      step: s.steps,
      total: r.settings.steps,
      state: s.reason === 'done' ? 'done' : s.reason === 'stopped' ? 'stopped' : 'error',
      elapsedSeconds: s.seconds,
      message:
        s.reason === 'diverged' ? 'the losses became infinite: lower the learning rate' : r.label,
    });
    this.losses?.update({
      points: r.points,
      weights: weightsOf(r.settings),
      steps: r.settings.steps,
    });
    this.element.dataset.after = 'painted';
    this.element.dataset.shown = r.id;
  }

  /** Scrolls the view in when a run starts below the fold (the settings are above it). */
  reveal(): void {
    const r = this.element.getBoundingClientRect();
    if (r.top > innerHeight * 0.6 || r.bottom < 0)
      this.element.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  /** Draws the chart now (screenshots). */
  flush(): void {
    this.losses?.flush();
  }
}

export type WeightsOf = { content: number; style: number; tv: number };

export function weightsOf(s: {
  contentWeight: number;
  styleWeight: number;
  tvWeight: number;
}): WeightsOf {
  return { content: s.contentWeight, style: s.styleWeight, tv: s.tvWeight };
}
