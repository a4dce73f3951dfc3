/**
 * The book's chapter 6 experiments, computed in the trainer worker by the same functions as
 * `npm run cli -- experiment <name>`, drawn here with a caption of what to look for.
 */
import { HistogramGrid } from '../../ui/histogram-grid';
import { OptimizerPathPlot } from '../../ui/optimizer-path-plot';
import { button, el } from '../dom';
import type { TrainerHandle } from '../trainer-client';

export class ExperimentsLab {
  readonly element = el('section', { class: 'lab experiments-lab' });
  private paths: OptimizerPathPlot | null = null;
  private histograms: HistogramGrid | null = null;

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
      el('h2', {}, 'Experiments (chapter 6)'),
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

  private async runInit(seed: number): Promise<void> {
    const result = await this.opts.trainer.api.weightInitActivations(seed);
    this.histograms?.update({
      rows: result.cases.map((c) => ({ label: c.label, cells: c.histograms })),
    });
    this.element.dataset.ready = 'true';
  }

  destroy(): void {
    this.paths?.destroy();
    this.histograms?.destroy();
    this.element.remove();
  }
}
