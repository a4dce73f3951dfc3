/**
 * The Experiments page: the book's chapter 6 to 8 experiments, computed in the page's own
 * trainer worker (the search: in a pool of them) by the same functions as
 * `npm run cli -- experiment <name>`, each panel drawn with a caption of what to look for.
 * Leaving the page (its holder hidden, or the page destroyed) stops every long experiment.
 */

import { el } from '../../dom';
import type { TrainerHandle } from '../../trainer-client';
import { bindFormToUrl, UrlState } from '../../url-state';
import { accuracyPanel } from './accuracy-panel';
import { ExperimentsWorker } from './experiments-worker';
import { FiltersPanel } from './filters-panel';
import { lossCurvesPanel } from './loss-curves-panel';
import { MistakesPanel } from './mistakes-panel';
import { OptimizerPathsPanel } from './optimizer-paths-panel';
import type { ExperimentPanel } from './panel';
import { SearchPanel } from './search-panel';
import { WeightInitPanel } from './weight-init-panel';

export class ExperimentsLab {
  readonly element = el('section', { class: 'lab experiments-lab' });
  private readonly worker: ExperimentsWorker;
  private readonly panels: ExperimentPanel[] = [];
  private leaving: MutationObserver | null = null;
  /** Every panel's settings, and the experiment run last (`exp`), shared through the URL. */
  private readonly url = new UrlState('learn/experiments');

  constructor(opts: { trainer: TrainerHandle; backend: Promise<unknown> }) {
    this.worker = new ExperimentsWorker(opts.trainer, opts.backend);
  }

  async mount(parent: HTMLElement): Promise<void> {
    parent.append(this.element);
    this.element.append(el('h2', {}, 'Experiments (chapters 6 to 8)'));
    this.stopOnLeaving(parent);
    const worker = this.worker;
    const paths = await this.add(OptimizerPathsPanel.create());
    const init = await this.add(WeightInitPanel.create(worker));
    await this.add(lossCurvesPanel('optimizer-compare', worker));
    await this.add(lossCurvesPanel('weight-init-compare', worker));
    await this.add(accuracyPanel('batch-norm', worker));
    await this.add(accuracyPanel('overfit', worker));
    await this.add(SearchPanel.create());
    await this.add(FiltersPanel.create(worker));
    await this.add(MistakesPanel.create(worker));
    bindFormToUrl(this.element, this.url);
    this.followExperimentInUrl();
    await worker.backend;
    await paths.load(worker);
    await init.draw(init.seedValue());
    this.element.dataset.ready = 'true';
  }

  /** A link naming an experiment scrolls to its panel; running one names it in the URL. */
  private followExperimentInUrl(): void {
    const named = this.url.raw('exp');
    const panel = Array.from(this.element.querySelectorAll<HTMLElement>('[data-experiment]')).find(
      (p) => p.dataset.experiment === named,
    );
    if (panel) {
      this.url.set({ exp: named });
      requestAnimationFrame(() => panel.scrollIntoView({ block: 'start' }));
    }
    this.element.addEventListener('click', (e) => {
      const action = (e.target as HTMLElement).closest('button')?.dataset.action;
      const owner = (e.target as HTMLElement).closest<HTMLElement>('[data-experiment]');
      if (action && owner?.dataset.experiment === action) this.url.set({ exp: action });
    });
  }

  private async add<P extends ExperimentPanel>(creating: Promise<P>): Promise<P> {
    const panel = await creating;
    this.panels.push(panel);
    this.element.append(panel.element);
    return panel;
  }

  /** The app hides a page's holder when another page shows: the long runs stop then. */
  private stopOnLeaving(holder: HTMLElement): void {
    this.leaving = new MutationObserver(() => {
      if (holder.hidden) this.stopAll();
    });
    this.leaving.observe(holder, { attributes: true, attributeFilter: ['hidden'] });
  }

  private stopAll(): void {
    for (const panel of this.panels) panel.stop();
  }

  destroy(): void {
    this.leaving?.disconnect();
    for (const panel of this.panels) panel.destroy();
    this.element.remove();
  }
}
