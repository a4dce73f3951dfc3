/**
 * A worker's backend over its life: chosen when the worker starts (forced, or automatic with
 * measured-backend.ts), then, in automatic mode, chosen again for each net just before it
 * trains, by timing that net (or reading the cached timing). After a lost device the worker
 * stays where the fallback put it: the lost device is not tried again until the next init.
 */
import type { BackendChoice, BackendRequest } from './backend';
import {
  chooseMeasuredBackend,
  type MeasuredChoice,
  type MeasuredChoiceOptions,
} from './measured-backend';
import type { StepWorkload } from './step-timing';

export class BackendPerRun {
  private request: BackendRequest = 'auto';
  private lost = false;

  constructor(
    /** Options for every choice (wasm paths; tests pass fakes). */
    private readonly options: () => Promise<Omit<MeasuredChoiceOptions, 'request' | 'workload'>>,
  ) {}

  /** The worker's start: forced, or automatic (provisional when several backends compete). */
  async init(request: BackendRequest): Promise<MeasuredChoice> {
    this.request = request;
    this.lost = false;
    return chooseMeasuredBackend({ ...(await this.options()), request });
  }

  /**
   * Before a run of `workload`: the backend it should run on, made active, when that was
   * decided by a measurement (new or cached) or differs from `current`; else null (forced,
   * one candidate only, or after a lost device).
   */
  async forRun(workload: StepWorkload, current: BackendChoice): Promise<MeasuredChoice | null> {
    if (this.request !== 'auto' || this.lost) return null;
    const choice = await chooseMeasuredBackend({
      ...(await this.options()),
      request: 'auto',
      workload,
    });
    return choice.timings || choice.backend !== current.backend ? choice : null;
  }

  /** A run fell back from a lost device: keep its backend from now on. */
  deviceLost(): void {
    this.lost = true;
  }
}
