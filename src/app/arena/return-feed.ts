/**
 * The return curve fed episode by episode, in constant work per episode: the trailing moving
 * average (the same as arena-math's movingAverage) is kept as a running sum, and the points
 * handed to the chart thin out as episodes pile up (every episode up to `dense`, then every
 * 2nd, 4th... episode, doubling each time another `dense` points were plotted), so a tabular
 * agent finishing thousands of episodes a second cannot swamp the page. The plotted points are
 * kept (a few thousand per doubling), so the curve can be drawn again on a new chart.
 */
import type { Point } from '../../ui/line-chart';

export class ReturnFeed {
  /** Episodes seen. */
  count = 0;
  private readonly window: number[] = [];
  private sum = 0;
  private stride = 1;
  private plottedAtStride = 0;
  private readonly raw: Point[] = [];
  private readonly average: Point[] = [];
  /** Points already handed out by take(). */
  private taken = 0;

  constructor(
    private readonly windowSize: number,
    private readonly dense = 4000,
  ) {}

  /** Adds one episode's return. */
  push(value: number): void {
    this.count++;
    this.window.push(value);
    this.sum += value;
    if (this.window.length > this.windowSize) this.sum -= this.window.shift() ?? 0;
    if (this.count % this.stride !== 0) return;
    this.raw.push([this.count, value]);
    this.average.push([this.count, this.sum / this.window.length]);
    if (++this.plottedAtStride >= this.dense) {
      this.stride *= 2;
      this.plottedAtStride = 0;
    }
  }

  /** The points added since the last take (to append to the chart's two series). */
  take(): { raw: Point[]; average: Point[] } {
    const from = this.taken;
    this.taken = this.raw.length;
    return { raw: this.raw.slice(from), average: this.average.slice(from) };
  }

  /** Every point plotted so far (for a new chart); the next take() starts after them. */
  all(): { raw: Point[]; average: Point[] } {
    this.taken = this.raw.length;
    return { raw: this.raw.slice(), average: this.average.slice() };
  }
}
