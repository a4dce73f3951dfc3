import type { Meta, StoryObj } from '@storybook/html-vite';
import { ScatterPlot, type ScatterPoint } from '../src/ui/scatter-plot';
import { cleanup, mountLoader, renderMounted, rng } from './support/mount';

interface ScatterPlotArgs {
  width: number;
  height: number;
  title: string;
  /** Trials in the generated search. */
  trials: number;
  /** How many of the best trials are highlighted. */
  best: number;
}

/**
 * A hyperparameter search as the book's fig. 6-24 finds it: validation accuracy high only for
 * learning rates near 1e-2 and small weight decay, near chance (0.1) below 1e-4.
 */
function search(trials: number, best: number, seed = 5): ScatterPoint[] {
  const u = rng(seed);
  const points: ScatterPoint[] = Array.from({ length: trials }, () => {
    const weightDecay = 10 ** (-8 + 4 * u());
    const lr = 10 ** (-6 + 4 * u());
    const learn = 1 / (1 + Math.exp(-3 * (Math.log10(lr) + 3.2)));
    const decay = 1 - 0.15 * ((Math.log10(weightDecay) + 8) / 4);
    const y = Math.min(0.95, 0.1 + 0.75 * learn * decay + (u() - 0.5) * 0.06);
    return { x: lr, y: Math.max(0.02, y), c: weightDecay };
  });
  const ranked = [...points].sort((a, b) => b.y - a.y).slice(0, best);
  ranked.forEach((p, i) => {
    p.highlight = true;
    p.label = `#${i + 1}`;
  });
  return points;
}

const searchOptions = {
  xLabel: 'learning rate (log)',
  yLabel: 'validation accuracy',
  logX: true,
  xRange: [1e-6, 1e-2] as [number, number],
  yRange: [0, 1] as [number, number],
  colorLabel: 'weight decay',
  colorRange: [1e-8, 1e-4] as [number, number],
  logColor: true,
};

const meta = {
  title: 'Charts/ScatterPlot',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          'A scatter plot drawn with Pixi in the line chart’s look. Axes may be log-scaled (a ' +
          'learning rate over four decades), each dot may carry a colour value read on the colour ' +
          'bar (here the weight decay), and highlighted dots are drawn larger with a ring and a ' +
          'label (the best trials). `append(points)` streams dots in, one redraw per frame.',
      },
    },
  },
  argTypes: {
    width: { control: { type: 'range', min: 240, max: 960, step: 10 } },
    height: { control: { type: 'range', min: 160, max: 600, step: 10 } },
    trials: { control: { type: 'range', min: 0, max: 500, step: 1 } },
    best: { control: { type: 'range', min: 0, max: 10, step: 1 } },
  },
  args: {
    width: 620,
    height: 300,
    title: 'Validation accuracy per trial',
    trials: 100,
    best: 5,
  },
} satisfies Meta<ScatterPlotArgs>;

export default meta;
type Story = StoryObj<ScatterPlotArgs>;

export const HyperparameterSearch: Story = {
  loaders: [
    mountLoader<ScatterPlotArgs>(async (root, a) => {
      const plot = await ScatterPlot.create(root, { ...a, ...searchOptions });
      plot.update({ points: search(a.trials, a.best) });
      return () => plot.destroy();
    }),
  ],
};

export const Empty: Story = {
  args: { trials: 0 },
  loaders: HyperparameterSearch.loaders,
};

/** Plain linear axes without a colour bar: fitted to the data. */
export const LinearNoColor: Story = {
  args: { title: 'y = x² + noise', trials: 80, best: 0 },
  loaders: [
    mountLoader<ScatterPlotArgs>(async (root, a) => {
      const plot = await ScatterPlot.create(root, { ...a, xLabel: 'x', yLabel: 'y' });
      const u = rng(2);
      plot.update({
        points: Array.from({ length: a.trials }, () => {
          const x = 4 * u() - 2;
          return { x, y: x * x + (u() - 0.5) };
        }),
      });
      return () => plot.destroy();
    }),
  ],
};

/** Trials arriving one by one, as the worker pool finishes them; restarts at the end. */
export const LiveSearch: Story = {
  args: { title: 'Validation accuracy per trial (live)', trials: 100 },
  loaders: [
    mountLoader<ScatterPlotArgs>(async (root, a) => {
      const plot = await ScatterPlot.create(root, { ...a, ...searchOptions });
      const all = search(Math.max(1, a.trials), 0);
      let at = 0;
      const timer = setInterval(() => {
        if (at >= all.length) {
          plot.clear();
          at = 0;
        }
        plot.append([all[at++]]);
      }, 120);
      return () => {
        clearInterval(timer);
        plot.destroy();
      };
    }),
  ],
};
