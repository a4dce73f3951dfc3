/** Fig. 7-24: the shipped SimpleConvNet's first filters beside random ones, and a digit's feature maps. */
import shippedModelUrl from '../../../../models/simple-conv.gam?url';
import { ImageGrid, type ImageGridOptions } from '../../../ui/image-grid';
import { button, el } from '../../dom';
import type { ExperimentsWorker } from './experiments-worker';
import type { ExperimentPanel } from './panel';

/** 30 filters of 5x5, signed: a diverging colour map, normalised per filter. */
const FILTER_GRID = {
  columns: 10,
  scale: 5,
  colorMap: 'diverging',
  imageSize: [5, 5],
  captions: false,
} as const satisfies ImageGridOptions;

export class FiltersPanel implements ExperimentPanel {
  private constructor(
    readonly element: HTMLElement,
    private readonly grids: ImageGrid[],
  ) {}

  static async create(worker: ExperimentsWorker): Promise<FiltersPanel> {
    const show = button('Show the filters', { class: 'primary', 'data-action': 'conv-filters' });
    const boxes = {
      before: el('div', { class: 'slot' }),
      after: el('div', { class: 'slot' }),
      maps: el('div', { class: 'slot' }),
    };
    const element = el(
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
    show.addEventListener('click', async () => {
      show.disabled = true;
      try {
        await worker.loadShipped(shippedModelUrl, 'model');
        const r = await worker.api.convFiltersExperiment(0);
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
        element.dataset.done = 'true';
      } catch (e) {
        element.append(el('p', { class: 'model-message error' }, (e as Error).message));
      } finally {
        show.disabled = false;
      }
    });
    return new FiltersPanel(element, [before, after, maps]);
  }

  /** Short (one forward pass): nothing to stop. */
  stop(): void {}

  destroy(): void {
    for (const grid of this.grids) grid.destroy();
  }
}
