/** Figs. 6-10 to 6-14: activations layer by layer for different initial weights, redrawable. */
import { HistogramGrid } from '../../../ui/histogram-grid';
import { button, el } from '../../dom';
import type { ExperimentsWorker } from './experiments-worker';
import type { ExperimentPanel } from './panel';

export class WeightInitPanel implements ExperimentPanel {
  private constructor(
    readonly element: HTMLElement,
    private readonly histograms: HistogramGrid,
    private readonly worker: ExperimentsWorker,
    private readonly seed: HTMLInputElement,
  ) {}

  static async create(worker: ExperimentsWorker): Promise<WeightInitPanel> {
    const box = el('div', { class: 'slot scroll-x' });
    const seed = el('input', {
      type: 'number',
      name: 'experimentSeed',
      value: '0',
      min: '0',
      'aria-label': 'seed',
    });
    const rerun = button('Draw new random weights', { 'data-action': 'rerun-init' });
    const element = el(
      'div',
      { class: 'panel' },
      el('h3', {}, 'Activations layer by layer for different initial weights (figs. 6-10 to 6-14)'),
      el(
        'p',
        { class: 'muted' },
        '1,000 random inputs through 5 layers of 100 units. With std 1, sigmoid outputs pile up at 0 and 1, where its slope vanishes. With std 0.01 every unit says the same thing. Xavier (for sigmoid and tanh) and He (for ReLU) keep the activations spread out layer after layer.',
      ),
      el('div', { class: 'actions' }, rerun, seed),
      box,
    );
    const panel = new WeightInitPanel(
      element,
      await HistogramGrid.create(box, { cellWidth: 100, cellHeight: 50 }),
      worker,
      seed,
    );
    rerun.addEventListener('click', () => {
      seed.value = String(panel.seedValue() + 1);
      // Said as a change, so the page's URL state keeps the seed.
      seed.dispatchEvent(new Event('change', { bubbles: true }));
      void panel.draw(panel.seedValue());
    });
    return panel;
  }

  /** The seed field's value (0 when it holds no whole number of at least 0). */
  seedValue(): number {
    const n = Math.round(Number(this.seed.value));
    return Number.isFinite(n) && n >= 0 ? n : 0;
  }

  /** Draws the histograms of initial weights seeded `seed`. */
  async draw(seed: number): Promise<void> {
    const result = await this.worker.api.weightInitActivations(seed);
    this.histograms.update({
      rows: result.cases.map((c) => ({ label: c.label, cells: c.histograms })),
    });
  }

  /** Short: nothing to stop. */
  stop(): void {}

  destroy(): void {
    this.histograms.destroy();
  }
}
