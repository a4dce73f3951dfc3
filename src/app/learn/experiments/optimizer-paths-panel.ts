/** Fig. 6-8: how four optimizers walk down x²/20 + y², computed in the worker. */
import { OptimizerPathPlot } from '../../../ui/optimizer-path-plot';
import { el } from '../../dom';
import type { ExperimentsWorker } from './experiments-worker';
import type { ExperimentPanel } from './panel';

export class OptimizerPathsPanel implements ExperimentPanel {
  private constructor(
    readonly element: HTMLElement,
    private readonly plot: OptimizerPathPlot,
  ) {}

  static async create(): Promise<OptimizerPathsPanel> {
    const box = el('div', { class: 'slot' });
    const element = el(
      'div',
      { class: 'panel' },
      el('h3', {}, 'How four optimizers walk down x²/20 + y² (fig. 6-8)'),
      el(
        'p',
        { class: 'muted' },
        'All four start at (-7, 2). The valley is 20 times steeper across (y) than along (x): plain SGD bounces from wall to wall, Momentum builds speed and overshoots, AdaGrad and Adam scale each direction by its own gradient history and head for the middle.',
      ),
      box,
    );
    return new OptimizerPathsPanel(
      element,
      await OptimizerPathPlot.create(box, { width: 620, height: 340 }),
    );
  }

  async load(worker: ExperimentsWorker): Promise<void> {
    const result = await worker.api.optimizerPaths();
    this.plot.update({
      paths: result.paths.map((p) => ({ name: `${p.optimizer} (lr ${p.lr})`, points: p.points })),
    });
  }

  /** Short: nothing to stop. */
  stop(): void {}

  destroy(): void {
    this.plot.destroy();
  }
}
