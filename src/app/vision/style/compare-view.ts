/**
 * The two feature nets side by side: the same content, style and settings painted once with
 * the random multi-scale filters and once with the trained DeepConvNet, each picture with its
 * losses, its loss curve and its time. Each net measures content and style with its own
 * features, so their losses are not on one scale: the pictures and the times compare
 * directly, the curves show how each run converged.
 */

import { paintRgb } from '../../../ui/rgb-canvas';
import { StyleLossPanel } from '../../../ui/style-loss-panel';
import { el } from '../../dom';
import { weightsOf } from './live-view';
import { forView } from './picture-io';
import type { StyleResult } from './style-results';
import { FEATURE_LABELS } from './style-settings';

const fmt = (x: number) => (x === 0 ? '0' : x < 1e-3 ? x.toExponential(2) : x.toPrecision(3));

/**
 * "Random multi-scale filters: 22.7 s (4.4 steps/s) · Trained DeepConvNet (ours, MNIST):
 * 81.8 s (1.2 steps/s), 3.6x as long."
 */
export function timeVerdict(a: StyleResult, b: StyleResult): string {
  const said = (r: StyleResult) =>
    `${FEATURE_LABELS[r.settings.features]}: ${r.summary.seconds.toFixed(1)} s (${(r.summary.steps / Math.max(1e-9, r.summary.seconds)).toFixed(1)} steps/s)`;
  const [fast, slow] = a.summary.seconds <= b.summary.seconds ? [a, b] : [b, a];
  const ratio = slow.summary.seconds / Math.max(1e-9, fast.summary.seconds);
  return `${said(fast)} · ${said(slow)}, ${ratio.toFixed(1)}x as long.`;
}

export class CompareView {
  readonly element = el('section', { class: 'panel style-compare' });
  private readonly columns = el('div', { class: 'style-compare-columns' });
  private readonly status = el('p', { class: 'lab-status', role: 'status' });
  private readonly verdict = el('p', { class: 'style-compare-verdict' });
  private panels: StyleLossPanel[] = [];

  constructor() {
    this.element.hidden = true;
    this.element.append(
      el('h3', {}, 'Random filters vs the trained net'),
      el(
        'p',
        { class: 'muted' },
        'The same content, style and settings, painted with each feature net. Each net measures content and style with its own features, so their losses are not on one scale: compare the pictures and the times; the curves show how each run settled.',
      ),
      this.status,
      this.columns,
      this.verdict,
    );
  }

  mount(parent: HTMLElement): void {
    parent.append(this.element);
  }

  /** A comparison is under way: `which` of two runs is painting. */
  running(index: number, features: StyleResult['settings']['features']): void {
    this.element.hidden = false;
    this.element.dataset.state = 'running';
    this.status.textContent = `Painting ${index + 1} of 2: ${FEATURE_LABELS[features]}…`;
  }

  /** Says why a comparison ended early. */
  ended(message: string): void {
    this.element.dataset.state = 'ended';
    this.status.textContent = message;
  }

  async show(results: readonly StyleResult[]): Promise<void> {
    this.element.hidden = false;
    for (const p of this.panels) p.destroy();
    this.panels = [];
    this.columns.replaceChildren();
    for (const r of results) {
      const s = r.summary;
      const canvas = el('canvas', { class: 'style-compare-picture', role: 'img' });
      canvas.setAttribute('aria-label', `${r.label}, ${s.steps} steps`);
      paintRgb(canvas, forView(s.picture));
      const last = s.last;
      const table = el(
        'table',
        { class: 'style-compare-losses' },
        el('tr', {}, ...['content', 'style', 'TV', 'total', 'time'].map((h) => el('th', {}, h))),
        el(
          'tr',
          {},
          ...(last
            ? [last.content, last.style, last.tv, last.total].map(fmt)
            : ['–', '–', '–', '–']
          ).map((v) => el('td', {}, v)),
          el('td', {}, `${s.seconds.toFixed(1)} s`),
        ),
      );
      const column = el(
        'div',
        { class: 'style-compare-column', 'data-features': r.settings.features },
        el('h4', {}, FEATURE_LABELS[r.settings.features]),
        canvas,
        table,
      );
      this.columns.append(column);
      const panel = await StyleLossPanel.create(column, {
        width: 420,
        height: 180,
        title: 'Losses (weighted, log)',
      });
      panel.update({ points: r.points, weights: weightsOf(r.settings), steps: r.settings.steps });
      this.panels.push(panel);
    }
    const [a, b] = results;
    this.verdict.textContent = a && b ? timeVerdict(a, b) : '';
    this.status.textContent =
      results.length === 2 ? 'Done: both nets painted the same picture.' : '';
    this.element.dataset.state = 'done';
  }
}
