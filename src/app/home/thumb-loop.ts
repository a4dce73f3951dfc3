/**
 * The clock of a Home thumbnail: calls `tick` every `intervalMs` while the page is visible,
 * holds no timer while it is hidden (another tab, a minimised window), and none at all once
 * stopped, so leaving Home leaves nothing running.
 */

/** What the loop needs of the document: whether it is hidden, and word when that changes. */
export interface VisibilitySource {
  readonly hidden: boolean;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
}

export class ThumbLoop {
  private timer: ReturnType<typeof setInterval> | null = null;
  private started = false;
  private readonly onVisibility = (): void => this.sync();

  constructor(
    private readonly tick: () => void,
    private readonly intervalMs: number,
    private readonly page: VisibilitySource = document,
  ) {
    if (!(intervalMs > 0))
      throw new RangeError(`ThumbLoop: intervalMs must be > 0, got ${intervalMs}`);
  }

  /** Whether a timer is set now (started, and the page visible). */
  get ticking(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.page.addEventListener('visibilitychange', this.onVisibility);
    this.sync();
  }

  /** Clears the timer and stops listening; start() may run it again. */
  stop(): void {
    this.started = false;
    this.page.removeEventListener('visibilitychange', this.onVisibility);
    this.sync();
  }

  /** A timer exactly when started and visible. */
  private sync(): void {
    const want = this.started && !this.page.hidden;
    if (want && this.timer === null) {
      this.timer = setInterval(() => this.run(), this.intervalMs);
    } else if (!want && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** A tick that throws stops the loop (one error, not one every interval). */
  private run(): void {
    try {
      this.tick();
    } catch (err) {
      this.stop();
      throw err;
    }
  }
}
