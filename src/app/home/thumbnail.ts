/**
 * What the Home page's three live thumbnails share: a loop that runs only while Home shows and
 * the page is visible, a count of the pictures shown (on the host as `data-frames`, so tests
 * and curious users can see it move and stop), and one destroy that ends both.
 */
import { ThumbLoop } from './thumb-loop';

/** Where a thumbnail goes: the element its canvas card joins, a text line under it, a size. */
export interface ThumbnailSlot {
  host: HTMLElement;
  /** One short line of live figures under the picture (the cabinet's score display). */
  readout: HTMLElement;
  width: number;
  height: number;
}

export interface Thumbnail {
  /** Pictures shown so far. */
  readonly frames: number;
  destroy(): void;
}

export abstract class ThumbnailBase implements Thumbnail {
  frames = 0;
  private readonly loop: ThumbLoop;

  protected constructor(
    protected readonly slot: ThumbnailSlot,
    intervalMs: number,
  ) {
    this.loop = new ThumbLoop(() => this.tick(), intervalMs);
  }

  /** Starts the loop; returns this (for `return new X(...).begin()`). */
  begin(): this {
    this.loop.start();
    return this;
  }

  /** Advances the thumbnail by one step of its loop. */
  protected abstract tick(): void;
  /** Destroys the thumbnail's components. */
  protected abstract dispose(): void;

  /** Call after each picture handed to a component, with the figures it shows. */
  protected shown(readout: string): void {
    this.frames++;
    this.slot.host.dataset.frames = String(this.frames);
    this.slot.readout.textContent = readout;
  }

  destroy(): void {
    this.loop.stop();
    this.dispose();
  }
}
