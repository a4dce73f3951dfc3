/**
 * The style loss panel's arithmetic, apart from Pixi so a unit test can hold it: each term
 * times its weight (the weighted terms add up to the total), and the line saying where the
 * run is.
 */

/** One step's losses, unweighted, as the optimiser reports them. */
export interface StyleLossPoint {
  step: number;
  content: number;
  style: number;
  tv: number;
  /** The weighted sum. */
  total: number;
  /** Seconds since the run started. */
  seconds: number;
}

export interface StyleLossWeights {
  content: number;
  style: number;
  tv: number;
}

export interface StyleLossData {
  points: readonly StyleLossPoint[];
  weights: StyleLossWeights;
  /** Steps planned, for "step 40 of 200". */
  steps?: number;
}

/** The chart's series: the weighted terms and their sum. */
export const SERIES = [
  { name: 'total', label: 'total' },
  { name: 'style', label: 'style' },
  { name: 'content', label: 'content' },
  { name: 'tv', label: 'TV' },
] as const;

export type SeriesName = (typeof SERIES)[number]['name'];

/** The chart's value of each series at one step: each term times its weight. */
export function weightedTerms(p: StyleLossPoint, w: StyleLossWeights): Record<SeriesName, number> {
  return {
    total: p.total,
    style: p.style * w.style,
    content: p.content * w.content,
    tv: p.tv * w.tv,
  };
}

/** "step 40 of 200 · 12.3 s · 3.3 steps/s · weights content 1, style 20, TV 1". */
export function lossReadout(data: StyleLossData): string {
  const last = data.points.at(-1);
  const w = data.weights;
  const weights = `weights content ${w.content}, style ${w.style}, TV ${w.tv}`;
  if (!last) return `no steps yet · ${weights}`;
  const of = data.steps ? ` of ${data.steps}` : '';
  const rate = last.seconds > 0 ? ` · ${(last.step / last.seconds).toFixed(1)} steps/s` : '';
  return `step ${last.step}${of} · ${last.seconds.toFixed(1)} s${rate} · ${weights}`;
}
