/**
 * The Experiments page's trainer worker (its own: long runs must not hold up the other labs):
 * MNIST loaded once, the shipped nets, and the curve experiments under a RunControl.
 */
import type { RunControl } from '../../../nn/run-control';
import type { TrainerHandle } from '../../trainer-client';

export class ExperimentsWorker {
  private mnist: Promise<unknown> | null = null;
  /** The curve experiment running in the worker (one at a time), or null. */
  private curves: RunControl | null = null;
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

  get curvesBusy(): boolean {
    return this.curves !== null;
  }

  /** Hears when a curve experiment starts or ends (for the other panels' run buttons). */
  subscribeBusy(listener: (busy: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Runs a curve experiment (`job`, a call into the worker) under `control`, whose pause,
   * resume and stop reach the worker's experiment: one at a time, since they reach the one
   * the worker runs. Null when stopped before the worker started it (MNIST still loading).
   */
  async runCurves<T>(control: RunControl, job: () => Promise<T>): Promise<T | null> {
    if (this.curves) throw new Error('another experiment is training: stop it first');
    this.setCurves(control);
    const echo = control.subscribe((state) => {
      if (state === 'paused') void this.api.pause();
      else if (state === 'running') void this.api.resume();
      else void this.api.stop();
    });
    try {
      await this.loadMnist();
      if (control.stopped) return null;
      const running = job();
      // Paused while MNIST loaded: the worker's experiment starts held.
      if (control.paused) void this.api.pause();
      return await running;
    } finally {
      echo();
      this.setCurves(null);
    }
  }

  private setCurves(control: RunControl | null): void {
    this.curves = control;
    for (const listener of [...this.listeners]) listener(control !== null);
  }
}
