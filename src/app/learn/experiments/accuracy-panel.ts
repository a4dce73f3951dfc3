/**
 * Figs. 6-19 and 6-20: accuracy per initial scale (batch-norm) or per epoch (overfit), drawn
 * as the runs train: the overfit curves grow an epoch at a time, and each batch-norm point
 * appears when its run ends. The accuracy axis fits the data (inside 0..1).
 */
import type { AccuracyCurvesProgress } from '../../../nn/experiments/accuracy-curves';
import { ACCURACY_AXIS } from '../../../ui/line-chart';
import { Comlink } from '../../trainer-client';
import { ComparePanel, type Series } from './compare-panel';
import type { ExperimentsWorker } from './experiments-worker';

const PANELS = {
  'batch-norm': {
    title: 'Batch normalization and the initial weight scale (fig. 6-19)',
    caption:
      'The same 5-layer net on 1,000 images for 20 epochs, for 16 initial weight scales from 1 down to 0.0001, with and without batch norm. The chart shows the final training accuracy against log10 of the scale. Without batch norm only a narrow band of scales learns at all (too large blows the loss up to NaN: those points are missing); with it, almost every scale learns.',
    series: ['with batch norm', 'without'],
    xLabel: 'log10(initial std)',
  },
  overfit: {
    title: 'Overfitting and two cures (figs. 6-20 to 6-23)',
    caption:
      'A 7-layer net trained on only 300 images for 200 epochs. Plain training memorises them (train accuracy 100%) while test accuracy stalls far below: overfitting. Weight decay (λ = 0.1) and dropout (0.2) keep the weights from fitting the noise and narrow the gap.',
    series: [
      'plain train',
      'plain test',
      'decay train',
      'decay test',
      'dropout train',
      'dropout test',
    ],
    xLabel: 'epoch',
  },
} as const;

/** The overfit series of the i-th variant (plain, weight decay, dropout). */
const OVERFIT_KEYS = ['plain', 'decay', 'dropout'] as const;

/** The points one epoch adds to the chart, by series. */
export function livePoints(
  name: 'batch-norm' | 'overfit',
  p: AccuracyCurvesProgress,
): Array<[string, [number, number]]> {
  if (name === 'overfit') {
    const key = OVERFIT_KEYS[p.index];
    return [
      [`${key} train`, [p.epoch, p.trainAccuracy]],
      [`${key} test`, [p.epoch, p.testAccuracy]],
    ];
  }
  // Batch norm charts a run's final accuracy: one point when its last epoch is done.
  if (p.epoch < p.epochs) return [];
  const series = p.batchNorm ? 'with batch norm' : 'without';
  return [[series, [Math.log10(p.scale ?? 1), p.trainAccuracy]]];
}

export function accuracyPanel(
  name: keyof typeof PANELS,
  worker: ExperimentsWorker,
): Promise<ComparePanel> {
  const overfit = name === 'overfit';
  const { title, caption, series, xLabel } = PANELS[name];
  return ComparePanel.create(
    {
      name,
      title,
      caption,
      series: [...series],
      controls: [],
      chart: {
        title: overfit ? 'Accuracy per epoch' : 'Final training accuracy',
        xLabel,
        yLabel: 'accuracy',
        ...ACCURACY_AXIS,
        width: overfit ? 900 : 620,
        xIntegers: overfit,
      },
      stepUnit: 'epoch',
      run: async (onProgress, live) => {
        const r = await worker.api.accuracyCurves(
          name,
          0,
          Comlink.proxy((p) => {
            for (const [series, point] of livePoints(name, p)) live(series, [point]);
            onProgress(p.done, p.total, `${p.variant}: epoch ${p.epoch}`);
          }),
        );
        const last = (a: number[]) => a[a.length - 1];
        const byScale = (bn: boolean) =>
          r.variants
            .filter((v) => v.batchNorm === bn && v.diverged === null)
            .map((v) => [Math.log10(v.scale ?? 1), last(v.trainAccuracy)] as [number, number])
            .sort((a, b) => a[0] - b[0]);
        const perEpoch = (a: number[]) => a.map((y, e) => [e + 1, y] as [number, number]);
        const curves: Series = overfit
          ? Object.fromEntries(
              r.variants.flatMap((v, i) => {
                const key = OVERFIT_KEYS[i];
                return [
                  [`${key} train`, perEpoch(v.trainAccuracy)],
                  [`${key} test`, perEpoch(v.testAccuracy)],
                ];
              }),
            )
          : { 'with batch norm': byScale(true), without: byScale(false) };
        return { series: curves, summary: `${r.variants.length} runs`, stopped: r.stopped };
      },
    },
    worker,
  );
}
