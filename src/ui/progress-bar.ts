/**
 * Training progress: state, step i/N, percent, ETA, samples/s. Plain DOM (no canvas): text
 * stays selectable and accessible, and a bar is what CSS does best.
 */

import { setThemeVariables } from './card';
import { Component } from './component';
import {
  etaSeconds,
  formatCount,
  formatDuration,
  formatRate,
  percentOf,
  RateEstimator,
} from './format';
import { css, type Theme } from './theme';

export type ProgressState = 'idle' | 'running' | 'paused' | 'stopped' | 'done' | 'error';

export interface ProgressBarOptions {
  /** What is progressing, e.g. "Training" (also the accessible name). */
  label?: string;
  /** Width in CSS pixels (default: fill the parent). */
  width?: number;
  /** Unit of `step` in the readout (default "step"). */
  stepUnit?: string;
}

export interface ProgressData {
  step: number;
  total: number;
  state: ProgressState;
  /** Samples per second as measured by the trainer; omitted: not shown. */
  samplesPerSecond?: number;
  /** Seconds left, if the caller knows; otherwise estimated from the step rate. */
  etaSeconds?: number;
  /** Seconds since the start. */
  elapsedSeconds?: number;
  /** A short note shown after the state (e.g. the error message). */
  message?: string;
}

/**
 * What update() takes: any subset of ProgressData, merged into the last values (so a pause
 * button can send just `{ state: 'paused' }`). The optional readouts (rate, ETA, elapsed,
 * message) are cleared by passing them as undefined explicitly, or by a new `state`.
 */
export type ProgressUpdate = Partial<ProgressData>;

const STATE_TEXT: Record<ProgressState, string> = {
  idle: 'Ready',
  running: 'Running',
  paused: 'Paused',
  stopped: 'Stopped',
  done: 'Done',
  error: 'Error',
};

function stateColor(theme: Theme, state: ProgressState): number {
  switch (state) {
    case 'running':
      return theme.accent2;
    case 'done':
      return theme.accent;
    case 'paused':
      return theme.series[2];
    case 'error':
      return theme.warn;
    default:
      return theme.muted;
  }
}

const STYLE_ID = 'ga-progress-style';
// No transition on the bar's width: updates come per training step (tens per second), faster
// than any easing, and a transition that never ends keeps the page "animating".
const STYLE = `
.ga-progress { font: 12px/1.4 var(--ga-font); color: var(--ga-text); background: var(--ga-panel);
  border: 1px solid var(--ga-line); border-radius: 10px; padding: 12px 14px; box-sizing: border-box;
  font-variant-numeric: tabular-nums; }
.ga-progress__head { display: flex; align-items: baseline; gap: 10px; margin-bottom: 8px; }
.ga-progress__label { font-size: 13px; font-weight: 600; }
.ga-progress__state { display: inline-flex; align-items: center; gap: 6px; font-size: 11px;
  font-weight: 600; letter-spacing: 0.04em; text-transform: uppercase; color: var(--ga-state);
  padding: 1px 8px; border-radius: 999px; background: color-mix(in srgb, var(--ga-state) 14%, transparent); }
.ga-progress__state::before { content: ''; width: 7px; height: 7px; border-radius: 50%;
  background: var(--ga-state); }
.ga-progress__message { color: var(--ga-muted); overflow: hidden; text-overflow: ellipsis;
  white-space: nowrap; min-width: 0; flex: 1; }
.ga-progress__percent { margin-left: auto; font-size: 13px; font-weight: 600; }
.ga-progress__track { height: 8px; border-radius: 999px; background: var(--ga-line); overflow: hidden; }
.ga-progress__fill { height: 100%; width: 0; border-radius: inherit; background: var(--ga-state);
  transition: background-color 200ms; }
.ga-progress__stats { display: flex; flex-wrap: wrap; gap: 4px 16px; margin-top: 8px; color: var(--ga-muted); }
.ga-progress__stats b { color: var(--ga-text); font-weight: 600; }
@media (prefers-reduced-motion: reduce) { .ga-progress__fill { transition: none; } }
`;

function injectStyle(): void {
  if (document.getElementById(STYLE_ID)) return;
  const style = document.createElement('style');
  style.id = STYLE_ID;
  style.textContent = STYLE;
  document.head.appendChild(style);
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  parent?: HTMLElement,
) {
  const e = document.createElement(tag);
  e.className = className;
  parent?.appendChild(e);
  return e;
}

export class ProgressBar extends Component<ProgressUpdate> {
  private readonly rate = new RateEstimator();
  private readonly stateBadge: HTMLElement;
  private readonly message: HTMLElement;
  private readonly percent: HTMLElement;
  private readonly track: HTMLElement;
  private readonly fill: HTMLElement;
  private readonly stepText: HTMLElement;
  private readonly etaText: HTMLElement;
  private readonly rateText: HTMLElement;
  private readonly elapsedText: HTMLElement;
  private current: ProgressData = { step: 0, total: 0, state: 'idle' };

  private constructor(
    root: HTMLElement,
    private readonly opts: ProgressBarOptions,
  ) {
    super(root);
    injectStyle();
    setThemeVariables(root, this.theme);
    if (opts.width) root.style.width = `${opts.width}px`;
    root.style.maxWidth = '100%';

    const head = el('div', 'ga-progress__head', root);
    const label = el('span', 'ga-progress__label', head);
    label.textContent = opts.label ?? 'Progress';
    label.id = `ga-progress-${Math.random().toString(36).slice(2, 10)}`;
    this.stateBadge = el('span', 'ga-progress__state', head);
    this.message = el('span', 'ga-progress__message', head);
    this.percent = el('span', 'ga-progress__percent', head);

    this.track = el('div', 'ga-progress__track', root);
    this.track.setAttribute('role', 'progressbar');
    this.track.setAttribute('aria-valuemin', '0');
    this.track.setAttribute('aria-valuemax', '100');
    this.track.setAttribute('aria-labelledby', label.id);
    this.fill = el('div', 'ga-progress__fill', this.track);

    const stats = el('div', 'ga-progress__stats', root);
    this.stepText = el('span', '', stats);
    this.etaText = el('span', '', stats);
    this.rateText = el('span', '', stats);
    this.elapsedText = el('span', '', stats);

    this.update({ step: 0, total: 0, state: 'idle' });
  }

  /** Async like the canvas components, though nothing here needs to wait. */
  static async create(parent: HTMLElement, options: ProgressBarOptions = {}): Promise<ProgressBar> {
    const root = el('div', 'ga-progress');
    return ProgressBar.attach(parent, root, (r) => new ProgressBar(r, options));
  }

  protected themeChanged(): void {
    setThemeVariables(this.element, this.theme);
    this.showStateColor();
  }

  /** The state's colour, for the badge and the bar. */
  private showStateColor(): void {
    const color = css(stateColor(this.theme, this.current.state));
    this.element.style.setProperty('--ga-state', color);
  }

  /** The values shown now (after merging every update). */
  get value(): Readonly<ProgressData> {
    return this.current;
  }

  update(patch: ProgressUpdate): void {
    const previous = this.current;
    const data: ProgressData = { ...previous, ...patch };
    // A message belongs to the state it came with.
    if (patch.state !== undefined && patch.state !== previous.state && !('message' in patch)) {
      data.message = undefined;
    }
    this.current = data;
    const { step, total, state } = data;
    const pct = state === 'done' && total > 0 ? 100 : percentOf(step, total);
    this.showStateColor();
    this.element.dataset.state = state;

    this.stateBadge.textContent = STATE_TEXT[state];
    this.message.textContent = data.message ?? '';
    this.message.title = data.message ?? '';
    this.percent.textContent = `${pct.toFixed(pct > 0 && pct < 10 ? 1 : 0)}%`;
    this.fill.style.width = `${pct}%`;

    // ETA: the caller's if given, else from the smoothed step rate while running.
    // Only a new step is a rate sample: a state-only update must not read as zero progress.
    let rate = this.rate.rate;
    if (state === 'running' && patch.step !== undefined) {
      rate = this.rate.observe(step, performance.now() / 1000);
    } else if (state !== 'running' && state !== 'paused') {
      this.rate.reset();
    }
    const eta =
      state === 'done'
        ? 0
        : state === 'running'
          ? (data.etaSeconds ?? etaSeconds(step, total, rate))
          : undefined;

    const unit = this.opts.stepUnit ?? 'step';
    const stepLabel = unit.charAt(0).toUpperCase() + unit.slice(1);
    this.stepText.innerHTML = '';
    this.stepText.append(`${stepLabel} `, bold(formatCount(step)), ` / ${formatCount(total)}`);
    this.etaText.innerHTML = '';
    this.etaText.append('ETA ', bold(formatDuration(eta)));
    this.rateText.innerHTML = '';
    const [rateValue, ...rateUnit] = formatRate(data.samplesPerSecond, 'samples').split(' ');
    this.rateText.append(bold(rateValue), ` ${rateUnit.join(' ')}`);
    this.rateText.hidden = data.samplesPerSecond === undefined;
    this.elapsedText.innerHTML = '';
    this.elapsedText.append('Elapsed ', bold(formatDuration(data.elapsedSeconds)));
    this.elapsedText.hidden = data.elapsedSeconds === undefined;

    this.track.setAttribute('aria-valuenow', pct.toFixed(1));
    this.track.setAttribute(
      'aria-valuetext',
      `${STATE_TEXT[state]}: ${unit} ${formatCount(step)} of ${formatCount(total)}, ` +
        `${Math.round(pct)}%${eta !== undefined && state === 'running' ? `, about ${formatDuration(eta)} left` : ''}`,
    );
    this.track.setAttribute('aria-busy', String(state === 'running'));
  }
}

function bold(text: string): HTMLElement {
  const b = document.createElement('b');
  b.textContent = text;
  return b;
}
