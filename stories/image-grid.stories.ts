import { pixelsBase64, count as sampleCount, labels as sampleLabels } from 'virtual:mnist-sample';
import type { Meta, StoryObj } from '@storybook/html-vite';
import type { ColorMap } from '../src/ui/color-map';
import { ImageGrid } from '../src/ui/image-grid';
import { cleanup, gaussian, mountLoader, renderMounted, rng } from './support/mount';

interface ImageGridArgs {
  title: string;
  count: number;
  columns: number;
  scale: number;
  gap: number;
  colorMap: ColorMap;
  captions: boolean;
  /** Fraction of the sample shown as mispredicted (digits stories). */
  errorRate: number;
}

/** The first MNIST test images as 0..1 floats ([n, 28, 28]). */
function mnist(n: number): { images: Float32Array; labels: number[] } {
  const bytes = Uint8Array.from(atob(pixelsBase64), (c) => c.charCodeAt(0));
  const count = Math.min(n, sampleCount);
  const images = new Float32Array(count * 784);
  for (let i = 0; i < images.length; i++) images[i] = bytes[i] / 255;
  return { images, labels: sampleLabels.slice(0, count) };
}

/** Typical MNIST confusions, used to fake a few wrong predictions for display. */
const CONFUSED_WITH = [6, 7, 7, 5, 9, 3, 0, 1, 3, 4];

function predictionsFor(labels: number[], errorRate: number): number[] {
  // Evenly spread, repeatable mistakes: every (1 / errorRate)-th image, offset by 4.
  const every = errorRate > 0 ? Math.max(1, Math.round(1 / errorRate)) : 0;
  return labels.map((l, i) => (every > 0 && (i + 4) % every === 0 ? CONFUSED_WITH[l] : l));
}

/**
 * 5x5 conv filters in the book's layout [FN, C=1, FH, FW]. "learned" are oriented edge and blob
 * detectors (Gabor-like), as first-layer filters look after training; "random" is the He/std
 * initialisation they start from.
 */
function filters(n: number, kind: 'learned' | 'random'): Float32Array {
  const normal = gaussian(rng(kind === 'learned' ? 29 : 31));
  const out = new Float32Array(n * 25);
  for (let f = 0; f < n; f++) {
    const theta = (f * Math.PI) / 7.3;
    const freq = 0.6 + (f % 3) * 0.35;
    const phase = (f % 4) * (Math.PI / 2);
    const sigma = 1.1 + (f % 5) * 0.25;
    for (let r = 0; r < 5; r++) {
      for (let c = 0; c < 5; c++) {
        const x = c - 2;
        const y = r - 2;
        const xr = x * Math.cos(theta) + y * Math.sin(theta);
        const gabor =
          Math.exp(-(x * x + y * y) / (2 * sigma * sigma)) * Math.cos(freq * xr * 2 + phase);
        out[f * 25 + r * 5 + c] =
          kind === 'learned' ? 0.3 * gabor + 0.03 * normal() : 0.01 * normal();
      }
    }
  }
  return out;
}

const meta = {
  title: 'Charts/ImageGrid',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          'A grid of small single-channel images scaled up crisply (nearest neighbour, integer ' +
          'factor), all in one texture atlas. `gray` shows 0..1 data such as MNIST digits; ' +
          '`diverging` shows signed data such as conv filters, normalised per image, blue ' +
          'negative, orange positive, zero neutral. Captions give the prediction, in red with ' +
          'the true label in brackets when wrong. (Predictions in these stories are faked for ' +
          'display; the digits are the first MNIST test images.)',
      },
    },
  },
  argTypes: {
    colorMap: { control: 'inline-radio', options: ['gray', 'diverging'] },
    count: { control: { type: 'range', min: 0, max: 64, step: 1 } },
    columns: { control: { type: 'range', min: 1, max: 16, step: 1 } },
    scale: { control: { type: 'range', min: 1, max: 12, step: 1 } },
    gap: { control: { type: 'range', min: 0, max: 24, step: 1 } },
    errorRate: { control: { type: 'range', min: 0, max: 1, step: 0.05 } },
  },
  args: {
    title: 'Test digits',
    count: 24,
    columns: 8,
    scale: 2,
    gap: 8,
    colorMap: 'gray',
    captions: true,
    errorRate: 0.15,
  },
} satisfies Meta<ImageGridArgs>;

export default meta;
type Story = StoryObj<ImageGridArgs>;

const gridOptions = (a: ImageGridArgs) => ({
  title: a.title,
  columns: a.columns,
  scale: a.scale,
  gap: a.gap,
  colorMap: a.colorMap,
  captions: a.captions,
});

export const MnistPredictions: Story = {
  loaders: [
    mountLoader<ImageGridArgs>(async (root, a) => {
      const { images, labels } = mnist(a.count);
      const grid = await ImageGrid.create(root, {
        ...gridOptions(a),
        rows: Math.ceil(labels.length / a.columns),
      });
      const predictions = predictionsFor(labels, a.errorRate);
      grid.update({ images, shape: [labels.length, 28, 28], labels, predictions });
      // Clicking (or arrow keys) selects a digit; start on the first mistake.
      grid.onSelect((i) => root.setAttribute('data-selected', String(i)));
      grid.select(predictions.findIndex((p, i) => p !== labels[i]));
      return () => grid.destroy();
    }),
  ],
  // A click on the second digit of the second row selects image columns + 1.
  play: async ({ canvasElement, args }) => {
    const canvas = canvasElement.querySelector('canvas');
    const root = canvasElement.querySelector('.ga-story-root');
    if (!canvas || !root || args.count <= args.columns + 1) return;
    const box = canvas.getBoundingClientRect();
    const cell = 28 * args.scale;
    const x = box.left + 12 + cell + args.gap + cell / 2;
    const y = box.top + 12 + 26 + cell + 20 + args.gap + cell / 2;
    canvas.dispatchEvent(new MouseEvent('click', { clientX: x, clientY: y, bubbles: true }));
    const picked = root.getAttribute('data-selected');
    if (picked !== String(args.columns + 1)) {
      throw new Error(`clicking image ${args.columns + 1} selected ${picked}`);
    }
  },
};

export const MnistLabels: Story = {
  args: { title: 'Training samples', count: 40, columns: 10, scale: 1, gap: 6 },
  loaders: [
    mountLoader<ImageGridArgs>(async (root, a) => {
      const { images, labels } = mnist(a.count);
      // Created for one row: the update resizes the canvas to the rows it needs.
      const grid = await ImageGrid.create(root, gridOptions(a));
      grid.update({ images, shape: [labels.length, 1, 28, 28], labels });
      return () => grid.destroy();
    }),
  ],
};

const filterStory = (kind: 'learned' | 'random') =>
  mountLoader<ImageGridArgs>(async (root, a) => {
    const grid = await ImageGrid.create(root, { ...gridOptions(a), imageSize: [5, 5] });
    const n = a.count;
    grid.update({
      images: filters(n, kind),
      shape: [n, 1, 5, 5],
      captions: a.captions ? Array.from({ length: n }, (_, i) => `#${i + 1}`) : undefined,
    });
    return () => grid.destroy();
  });

export const ConvFiltersLearned: Story = {
  args: {
    title: 'conv1 filters (after training)',
    count: 30,
    columns: 10,
    scale: 9,
    gap: 8,
    colorMap: 'diverging',
  },
  loaders: [filterStory('learned')],
};

export const ConvFiltersRandomInit: Story = {
  args: {
    title: 'conv1 filters (random init)',
    count: 30,
    columns: 10,
    scale: 9,
    gap: 8,
    colorMap: 'diverging',
    captions: false,
  },
  loaders: [filterStory('random')],
};

export const Empty: Story = {
  args: { title: 'Misclassified digits', count: 0 },
  loaders: [
    mountLoader<ImageGridArgs>(async (root, a) => {
      const grid = await ImageGrid.create(root, { ...gridOptions(a), rows: 2 });
      return () => grid.destroy();
    }),
  ],
};
