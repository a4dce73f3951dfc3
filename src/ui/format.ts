/**
 * Text for progress readouts: durations, counts, rates, and a smoothed rate/ETA estimate.
 * Pure code (time is passed in), unit-tested in Node.
 */

/**
 * A duration as "mm:ss", or "h:mm:ss" from one hour on; "--:--" when unknown (NaN, negative,
 * infinite). Seconds are rounded up while counting down so that "00:00" means done.
 */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '--:--';
  const total = Math.ceil(seconds - 1e-9);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** An integer with thousands separators (1,234,567). */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—';
}

/** A rate per second with 3 significant digits and k/M for large values (12.3k/s). */
export function formatRate(perSecond: number | undefined, unit: string): string {
  if (perSecond === undefined || !Number.isFinite(perSecond) || perSecond < 0) return `— ${unit}/s`;
  let v = perSecond;
  let suffix = '';
  if (v >= 1e6) {
    v /= 1e6;
    suffix = 'M';
  } else if (v >= 1e4) {
    v /= 1e3;
    suffix = 'k';
  }
  const text =
    v >= 100 ? Math.round(v).toLocaleString('en-US') : Number(v.toPrecision(3)).toString();
  return `${text}${suffix} ${unit}/s`;
}

/** Percentage of done/total, clamped to 0..100; 0 when total is not positive. */
export function percentOf(done: number, total: number): number {
  if (!(total > 0) || !Number.isFinite(done)) return 0;
  return Math.min(100, Math.max(0, (done / total) * 100));
}

/**
 * A rate (units per second) smoothed with an exponential moving average over time, so a
 * single slow step (a GC pause, the first WebGPU step compiling shaders) does not make the ETA
 * jump. `halfLife` is in seconds: older rates count half after that long.
 */
export class RateEstimator {
  private lastT: number | undefined;
  private lastCount = 0;
  private ema: number | undefined;

  constructor(private readonly halfLife = 3) {}

  /** Feeds the running count at time `t` (seconds); returns the smoothed rate, if known. */
  observe(count: number, t: number): number | undefined {
    if (this.lastT === undefined || count < this.lastCount) {
      this.lastT = t;
      this.lastCount = count;
      this.ema = undefined;
      return undefined;
    }
    const dt = t - this.lastT;
    if (dt <= 0) return this.ema;
    const rate = (count - this.lastCount) / dt;
    const alpha = 1 - 0.5 ** (dt / this.halfLife);
    this.ema = this.ema === undefined ? rate : this.ema + alpha * (rate - this.ema);
    this.lastT = t;
    this.lastCount = count;
    return this.ema;
  }

  get rate(): number | undefined {
    return this.ema;
  }

  reset(): void {
    this.lastT = undefined;
    this.lastCount = 0;
    this.ema = undefined;
  }
}

/** Seconds left at `rate` units per second; undefined when it cannot be known. */
export function etaSeconds(
  done: number,
  total: number,
  rate: number | undefined,
): number | undefined {
  if (rate === undefined || !(rate > 0) || !(total > 0)) return undefined;
  return Math.max(0, (total - done) / rate);
}

/** A class probability as a bar label: "93%", "4%", "<1%", and "" below half a percent. */
export function formatProbability(p: number): string {
  if (!(p >= 0.005)) return '';
  if (p < 0.01) return '<1%';
  return `${Math.round(p * 100)}%`;
}
