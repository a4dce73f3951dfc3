/**
 * The Experiments page's trainer worker (its own: long runs must not hold up the other labs):
 * MNIST loaded once, the shipped nets, and the long experiments (the curves, the pass over
 * the test set) under a RunControl.
 */
import type { RunControl } from '../../../nn/run-control';
import type { TrainerHandle } from '../../trainer-client';

export class ExperimentsWorker {
  private mnist: Promise<unknown> | null = null;
  /** The long experiment running in the worker (one at a time), or null. */
  private running: RunControl | null = null;
  private readonly listeners = new Set<(busy: boolean) => void>();

  constructor(
    private readonly handle: TrainerHandle,
    /** Resolves once the worker's backend is up. */
    readonly backend: Promise<unknown>,
  ) {}

  get api(): TrainerHandle['api'] {
    return this.handle.api;
  }

  loadMnist(): Promise<unknown> {
    this.mnist ??= this.api.loadMnist(new URL('mnist/', document.baseURI).href);
    return this.mnist;
  }

  /** Loads a shipped model file (and MNIST, once) into the worker. */
  async loadShipped(url: string, what: string): Promise<void> {
    const mnist = this.loadMnist();
    const res = await fetch(url);
    if (!res.ok) throw new Error(`could not fetch the shipped ${what} (HTTP ${res.status})`);
    await Promise.all([mnist, this.api.load(new Uint8Array(await res.arrayBuffer()))]);
  }

  /** Hears when a long experiment starts or ends (for the other panels' run buttons). */
  subscribeBusy(listener: (busy: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Runs a long experiment (`job`, a call into the worker) under `control`, whose pause,
   * resume and stop reach the worker's experiment: one at a time, since they reach the one
   * the worker runs. `prepare` loads what it needs first (MNIST by default). Null when
   * stopped before the worker started it.
   */
  async runControlled<T>(
    control: RunControl,
    job: () => Promise<T>,
    prepare: () => Promise<unknown> = () => this.loadMnist(),
  ): Promise<T | null> {
    if (this.running) throw new Error('another experiment is running: stop it first');
    this.setRunning(control);
    const echo = control.subscribe((state) => {
      if (state === 'paused') void this.api.pause();
      else if (state === 'running') void this.api.resume();
      else void this.api.stop();
    });
    try {
      await prepare();
      if (control.stopped) return null;
      const running = job();
      // Paused while preparing: the worker's experiment starts held.
      if (control.paused) void this.api.pause();
      return await running;
    } finally {
      echo();
      this.setRunning(null);
    }
  }

  private setRunning(control: RunControl | null): void {
    this.running = control;
    for (const listener of [...this.listeners]) listener(control !== null);
  }
}
