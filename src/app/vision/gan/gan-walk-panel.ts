/**
 * The latent walk: four noise vectors visited in a loop, the generator's picture gliding from
 * one to the next (LatentWalkView). "New walk" picks four other vectors; for a conditional
 * model the walk keeps the digit the picker asks for, so only the handwriting changes.
 */
import type { GanWalk } from '../../../../workers/gan-api';
import { LatentWalkView } from '../../../ui/latent-walk-view';
import { button, el } from '../../dom';

/** Noise vectors per walk, and frames between two of them. */
const VECTORS = 4;
const FRAMES_PER_LEG = 24;

export interface WalkSource {
  walk(seeds: number[], framesPerLeg: number): Promise<GanWalk>;
}

export class GanWalkPanel {
  readonly element = el('section', { class: 'panel gan-walk' });
  private readonly note = el('p', { class: 'muted' });
  private readonly message = el('p', { class: 'gan-walk-message', role: 'status' });
  private readonly again = button('New walk', { 'data-action': 'new-walk' });
  private view: LatentWalkView | null = null;
  private firstSeed = 1000;
  /** Whether the user paused it (leaving the studio pauses it too, but that is not theirs). */
  private userPaused = false;

  constructor(private readonly source: WalkSource) {
    this.again.addEventListener('click', () => {
      this.firstSeed += VECTORS;
      void this.refresh();
    });
  }

  async mount(parent: HTMLElement): Promise<void> {
    const box = el('div', { class: 'gan-walk-box' });
    this.element.append(
      el('h3', {}, 'Walk through the noise'),
      this.note,
      box,
      el('div', { class: 'actions' }, this.again),
      this.message,
    );
    parent.append(this.element);
    this.view = await LatentWalkView.create(box, {
      title: 'Latent walk',
      scale: 8,
      keyframes: VECTORS,
    });
    this.view.element.addEventListener('click', (e) => {
      if ((e.target as HTMLElement).dataset?.action === 'walk-play')
        this.userPaused = !this.view?.isPlaying;
    });
  }

  /** A walk through the current seeds' vectors with the model as it is now. */
  async refresh(caption = ''): Promise<void> {
    const seeds = Array.from({ length: VECTORS }, (_, i) => this.firstSeed + i);
    try {
      const walk = await this.source.walk(seeds, FRAMES_PER_LEG);
      this.view?.update({
        frames: walk.images,
        count: walk.count,
        size: walk.size,
        keyframes: walk.keyframes,
        loop: true,
        caption,
      });
      this.note.textContent = `The generator's picture as its noise z moves along great circles between ${VECTORS} random noise vectors (the thumbnails) and back to the first: nearby noise gives nearby digits, and the digits in between are the generator's own.`;
      this.message.textContent = '';
      this.element.dataset.walk = String(walk.count);
    } catch (e) {
      this.message.textContent = `No walk: ${(e as Error).message}`;
    }
  }

  /** The studio is hidden: stop animating. */
  pause(): void {
    this.view?.pause();
  }

  /** The studio is shown again: go on unless the user had paused it. */
  resume(): void {
    if (!this.userPaused) this.view?.play();
  }
}
