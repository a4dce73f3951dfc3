/**
 * Render-on-demand for Pixi components. Charts change only when data arrives, so instead of
 * Pixi's 60 fps ticker (which costs a full frame per canvas per tick, even for a static chart)
 * each component stops the ticker and asks for one frame when its data changes. Many updates
 * between two animation frames (a fast training stream) cost one redraw.
 */
import type { Application } from 'pixi.js';

export class RedrawScheduler {
  private frame = 0;
  private destroyed = false;

  /** `draw` rebuilds the scene; the scheduler renders after it. */
  constructor(
    private readonly app: Application,
    private readonly draw: () => void,
  ) {
    app.ticker.stop();
  }

  /** Redraws on the next animation frame (at most once per frame). */
  request(): void {
    if (this.destroyed || this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.now();
    });
  }

  /** Redraws and renders immediately. */
  now(): void {
    if (this.destroyed) return;
    this.draw();
    this.app.render();
  }

  destroy(): void {
    this.destroyed = true;
    if (this.frame !== 0) cancelAnimationFrame(this.frame);
    this.frame = 0;
  }
}
