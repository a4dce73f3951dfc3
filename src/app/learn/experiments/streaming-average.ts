/**
 * The moving average of src/math's `movingAverage`, computed as the losses stream in: each
 * variant's curve grows live, point for point the one the finished experiment draws.
 */
export class StreamingAverage {
  private readonly runs = new Map<string, { values: number[]; sum: number }>();

  constructor(private readonly window: number) {}

  /** Adds [variant, step, value] triples; returns each variant's new [step, average] points. */
  add(
    triples: ReadonlyArray<readonly [string, number, number]>,
  ): Map<string, Array<[number, number]>> {
    const out = new Map<string, Array<[number, number]>>();
    for (const [variant, step, value] of triples) {
      let run = this.runs.get(variant);
      if (!run) {
        run = { values: [], sum: 0 };
        this.runs.set(variant, run);
      }
      run.values.push(value);
      run.sum += value;
      const n = run.values.length;
      if (n > this.window) run.sum -= run.values[n - 1 - this.window];
      let points = out.get(variant);
      if (!points) {
        points = [];
        out.set(variant, points);
      }
      points.push([step, run.sum / Math.min(n, this.window)]);
    }
    return out;
  }
}
