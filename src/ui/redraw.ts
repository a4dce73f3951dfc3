/**
 * Render-on-demand for canvas components. Charts change only when data arrives, so instead of
 * a 60 fps ticker (a full frame per canvas per tick, even for a static chart) each component
 * asks for one frame when its data changes. Many requests between two animation frames (a
 * fast training stream) cost one redraw.
 */

/** The frame clock (requestAnimationFrame by default; tests pass their own). */
export interface FrameClock {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

const ANIMATION_FRAMES: FrameClock = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

export class RedrawScheduler {
  private frame = 0;
  private destroyed = false;

  /** `redraw` rebuilds and shows the picture. */
  constructor(
    private readonly redraw: () => void,
    private readonly clock: FrameClock = ANIMATION_FRAMES,
  ) {}

  /** Redraws on the next animation frame (at most once per frame). */
  request(): void {
    if (this.destroyed || this.frame !== 0) return;
    this.frame = this.clock.request(() => {
      this.frame = 0;
      this.now();
    });
  }

  /** Redraws immediately (and drops a pending frame: it would draw the same picture). */
  now(): void {
    if (this.destroyed) return;
    this.cancelPending();
    this.redraw();
  }

  destroy(): void {
    this.destroyed = true;
    this.cancelPending();
  }

  private cancelPending(): void {
    if (this.frame !== 0) this.clock.cancel(this.frame);
    this.frame = 0;
  }
}
