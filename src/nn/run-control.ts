/**
 * Pause, resume, stop: the one run-control primitive of every long job (the MNIST trainer,
 * the RL loops, the hyperparameter search, the curve experiments), whether it runs in a
 * worker, in the CLI or in a test.
 *
 * A job checks its control between steps (`await control.checkpoint()`), so a pause takes
 * hold after the current step and a stop ends the job at a step boundary, never half-way
 * through an update. Listeners hear every change of state, so a page or a worker can echo it.
 */

/** Where a run stands, as its controls see it. */
export type RunControlState = 'running' | 'paused' | 'stopped';

export class RunControl {
  private pausedFlag = false;
  private readonly abort = new AbortController();
  /** Resolved by resume() or stop(); waited on while paused. */
  private wake: (() => void) | null = null;
  private held: Promise<void> | null = null;
  private readonly listeners = new Set<(state: RunControlState) => void>();

  /** Aborted once the run is stopped: hand it to fetch, timers or another job. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  get paused(): boolean {
    return this.pausedFlag && !this.stopped;
  }

  get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  get state(): RunControlState {
    return this.stopped ? 'stopped' : this.pausedFlag ? 'paused' : 'running';
  }

  pause(): void {
    if (this.pausedFlag || this.stopped) return;
    this.pausedFlag = true;
    this.held = new Promise<void>((resolve) => {
      this.wake = resolve;
    });
    this.changed();
  }

  resume(): void {
    if (!this.pausedFlag || this.stopped) return;
    this.pausedFlag = false;
    this.release();
    this.changed();
  }

  /** Ends the run at its next checkpoint; wakes a paused run so that it can end. */
  stop(): void {
    if (this.stopped) return;
    this.pausedFlag = false;
    this.abort.abort();
    this.release();
    this.changed();
  }

  /** Stops this run when `signal` aborts (an outer job's stop, a caller's AbortController). */
  follow(signal: AbortSignal | undefined): this {
    if (!signal) return this;
    if (signal.aborted) this.stop();
    else signal.addEventListener('abort', () => this.stop(), { once: true });
    return this;
  }

  /**
   * Resolves at once while running; while paused, when resumed or stopped. True while the run
   * should go on, false once it is stopped.
   */
  async checkpoint(): Promise<boolean> {
    while (this.pausedFlag && !this.stopped && this.held) await this.held;
    return !this.stopped;
  }

  /** Calls `listener` after each change of state; returns the unsubscribe. */
  subscribe(listener: (state: RunControlState) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private release(): void {
    const wake = this.wake;
    this.wake = null;
    this.held = null;
    wake?.();
  }

  private changed(): void {
    const state = this.state;
    for (const listener of [...this.listeners]) listener(state);
  }
}

/**
 * Lets messages (pause, stop, a page's request) in between two steps of a long job.
 * setImmediate where it exists (Node): a setTimeout(0) is clamped to >= 1 ms, and to 4 ms
 * after a few nested calls in browsers, which a loop of short steps would pay on every step.
 * A MessageChannel round trip elsewhere (browsers and workers), which is not clamped.
 */
export function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (cb: () => void) => unknown }).setImmediate;
  if (immediate) return new Promise((resolve) => immediate(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
