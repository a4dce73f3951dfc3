/**
 * The return curve fed episode by episode, in constant work per episode (amortised): the
 * trailing moving average (the same as arena-math's movingAverage) is kept as a running sum,
 * and the raw returns are binned so the chart never holds more than about `2 * bins` points:
 * every episode at first, then, each time the points reach 2 * bins, neighbouring bins merge
 * into bins twice as wide (each point the mean return of its bin). Thousands of +-1 returns
 * (Catch) read as a curve, not a solid block, and a tabular agent finishing thousands of
 * episodes a second cannot swamp the page.
 */
import type { Point } from '../../ui/line-chart';

export interface ReturnPoints {
  raw: Point[];
  average: Point[];
  /** True when the bins were merged since the last take: draw these points instead of adding them. */
  replace: boolean;
}

export class ReturnFeed {
  /** Episodes seen. */
  count = 0;
  /** Episodes in each plotted bin now. */
  binSize = 1;
  private readonly window: number[] = [];
  private sum = 0;
  private binSum = 0;
  private binCount = 0;
  private raw: Point[] = [];
  private average: Point[] = [];
  /** Points already handed out by take(). */
  private taken = 0;
  private merged = false;

  constructor(
    private readonly windowSize: number,
    private readonly bins = 50,
  ) {}

  /** Adds one episode's return. */
  push(value: number): void {
    this.count++;
    this.window.push(value);
    this.sum += value;
    if (this.window.length > this.windowSize) this.sum -= this.window.shift() ?? 0;
    this.binSum += value;
    if (++this.binCount < this.binSize) return;
    this.raw.push([this.count, this.binSum / this.binCount]);
    this.average.push([this.count, this.sum / this.window.length]);
    this.binSum = 0;
    this.binCount = 0;
    if (this.raw.length >= 2 * this.bins) this.mergeBins();
  }

  /** Neighbouring bins (equal sizes) become one: their mean at the later one's episode. */
  private mergeBins(): void {
    const raw: Point[] = [];
    const average: Point[] = [];
    for (let i = 1; i < this.raw.length; i += 2) {
      raw.push([this.raw[i][0], (this.raw[i - 1][1] + this.raw[i][1]) / 2]);
      average.push(this.average[i]);
    }
    this.raw = raw;
    this.average = average;
    this.binSize *= 2;
    this.merged = true;
  }

  /** The points added since the last take, or all of them after a merge (`replace`). */
  take(): ReturnPoints {
    if (this.merged) return this.all();
    const from = this.taken;
    this.taken = this.raw.length;
    return { raw: this.raw.slice(from), average: this.average.slice(from), replace: false };
  }

  /** Every point plotted so far (for a new chart); the next take() starts after them. */
  all(): ReturnPoints {
    this.taken = this.raw.length;
    this.merged = false;
    return { raw: this.raw.slice(), average: this.average.slice(), replace: true };
  }
}
