/** Figs. 6-9 and 6-15: loss curves of several training runs, steps per run adjustable. */

import { el } from '../../dom';
import { Comlink } from '../../trainer-client';
import { ComparePanel } from './compare-panel';
import type { ExperimentsWorker } from './experiments-worker';
import { StreamingAverage } from './streaming-average';

/** Steps in the curves' moving average (as the experiment's own `smoothed`). */
const SMOOTHING = 20;

const PANELS = {
  'optimizer-compare': {
    title: 'Optimizers training the same net on MNIST (fig. 6-9)',
    caption:
      'A 5-layer, 100-unit ReLU net, batch 128, each rule with its book learning rate, same initial weights and batches. SGD crawls; the adaptive rules and momentum drop the loss much faster.',
    series: ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'],
  },
  'weight-init-compare': {
    title: 'Initial weights and learning (fig. 6-15)',
    caption:
      'The same net with SGD, started from std 0.01, Xavier or He weights. With std 0.01 the signal dies out in the forward pass, so the gradients are tiny and the loss barely moves; He, made for ReLU, learns fastest.',
    series: ['std 0.01', 'Xavier', 'He'],
  },
} as const;

export function lossCurvesPanel(
  name: keyof typeof PANELS,
  worker: ExperimentsWorker,
): Promise<ComparePanel> {
  const iterations = el('input', {
    type: 'number',
    name: `${name}-iterations`,
    value: '2000',
    min: '10',
    max: '20000',
    'aria-label': 'steps per variant',
  });
  const { title, caption, series } = PANELS[name];
  return ComparePanel.create(
    {
      name,
      title,
      caption,
      series: [...series],
      controls: [iterations, el('span', { class: 'muted' }, 'steps each')],
      chart: {
        title: `Training loss (moving average of ${SMOOTHING} steps, log scale)`,
        xLabel: 'step',
        yLabel: 'loss',
        xIntegers: true,
        logY: true,
      },
      stepUnit: 'step',
      run: async (onProgress, live) => {
        const smooth = new StreamingAverage(SMOOTHING);
        const r = await worker.api.trainingCurves(
          name,
          Number(iterations.value),
          0,
          Comlink.proxy((p) => {
            for (const [variant, points] of smooth.add(p.recent)) live(variant, points);
            onProgress(p.done, p.total, `${p.variant}: loss ${p.loss.toFixed(3)}`);
          }),
        );
        return {
          series: Object.fromEntries(
            r.variants.map((v) => [
              v.label,
              v.smoothed.map((y, i) => [i + 1, y] as [number, number]),
            ]),
          ),
          summary: r.variants
            .map((v) => `${v.label} ${(v.testAccuracy * 100).toFixed(1)}%`)
            .join(' · '),
          stopped: r.stopped,
        };
      },
    },
    worker,
  );
}
