/**
 * The Vision area: the live demo (camera or its fallbacks) in one vision worker that holds the
 * shipped detector, FCN and R-CNN flow, and "Train it here" in a second one, so training never
 * holds up the frames. Leaving the page releases the camera.
 */
import type { BackendChoice, BackendRequest } from '../../../workers/vision-api';
import { el } from '../dom';
import { LiveDemo } from './live-demo';
import { fetchBytes, SHIPPED, type ShippedModel } from './shipped-models';
import { TrainPanel } from './train-panel';
import { startVisionWorker, type VisionHandle } from './vision-client';
import type { VisionStudio } from './vision-studio';

export class VisionPage implements VisionStudio {
  readonly element = el('div', { class: 'vision-page' });
  private readonly worker: VisionHandle;
  readonly backend: Promise<BackendChoice>;
  private readonly live: LiveDemo;
  private readonly train: TrainPanel;
  private mounted: Promise<void> | null = null;

  constructor(request: BackendRequest) {
    this.worker = startVisionWorker();
    this.backend = this.worker.api.init(request);
    const models = this.backend.then(() => this.loadShipped());
    this.live = new LiveDemo(this.worker, models);
    this.train = new TrainPanel({
      request,
      onTrained: async (bytes) => {
        await this.worker.api.load('trained', bytes);
        this.live.trainedReady();
      },
    });
  }

  private async loadShipped(): Promise<void> {
    await Promise.all(
      (Object.keys(SHIPPED) as ShippedModel[]).map(async (name) => {
        const bytes = await fetchBytes(SHIPPED[name].url);
        if (SHIPPED[name].rcnn) await this.worker.api.loadRcnn(name, bytes);
        else await this.worker.api.load(name, bytes);
      }),
    );
    this.element.dataset.models = 'ready';
  }

  /** Shows the page (mounting it the first time) and starts the live demo. */
  show(parent: HTMLElement): Promise<void> {
    if (parent.firstChild !== this.element) parent.replaceChildren(this.element);
    if (!this.mounted) {
      this.mounted = (async () => {
        await this.live.mount(this.element);
        await this.train.mount(this.element);
      })();
      return this.mounted;
    }
    return this.mounted.then(() => this.live.enter());
  }

  /** The page is left: the camera is released, the loop stops. */
  leave(): void {
    this.live.leave();
  }
}
