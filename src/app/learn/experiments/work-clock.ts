/**
 * The working time of a run that can pause: started and stopped as the run goes and holds,
 * so that an ETA and a total leave the pauses out.
 */
export class WorkClock {
  private workedMs = 0;
  private since: number | null = null;

  constructor(private readonly now: () => number = () => performance.now()) {}

  get running(): boolean {
    return this.since !== null;
  }

  /** Counts from now on (no change while counting). */
  start(): void {
    this.since ??= this.now();
  }

  /** Stops counting, keeping the time so far (no change while stopped). */
  stop(): void {
    if (this.since !== null) this.workedMs += this.now() - this.since;
    this.since = null;
  }

  get seconds(): number {
    return (this.workedMs + (this.since === null ? 0 : this.now() - this.since)) / 1000;
  }

  /** Seconds left for `total` units at the pace of the first `done`. */
  eta(done: number, total: number): number {
    return (this.seconds / done) * (total - done);
  }
}
