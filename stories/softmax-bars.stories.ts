import type { Meta, StoryObj } from '@storybook/html-vite';
import { SoftmaxBars } from '../src/ui/softmax-bars';
import { cleanup, mountLoader, renderMounted, rng } from './support/mount';

interface SoftmaxArgs {
  width: number;
  height: number;
  title: string;
  /** The class that gets the largest probability. */
  predicted: number;
  /** Its probability. */
  confidence: number;
  /** The runner-up class, which gets most of the rest. */
  runnerUp: number;
  /** The true class; -1 for none (a digit drawn by the user). */
  trueLabel: number;
}

/**
 * A plausible softmax output: `confidence` on one class, a runner-up with a good share of the
 * rest (always below the winner), and the remainder spread unevenly over the other classes.
 */
function distribution(a: SoftmaxArgs, seed = 5): Float32Array {
  const u = rng(seed);
  const p = new Float32Array(10);
  const confidence = Math.min(1, Math.max(0.1, a.confidence));
  const runnerUp = a.runnerUp === a.predicted ? (a.predicted + 1) % 10 : a.runnerUp;
  const rest = 1 - confidence;
  const second = Math.min(rest * 0.6, confidence * 0.8);
  const weights = Array.from({ length: 10 }, () => 0.15 + u() ** 3);
  weights[a.predicted] = 0;
  weights[runnerUp] = 0;
  const sum = weights.reduce((s, v) => s + v, 0);
  for (let i = 0; i < 10; i++) p[i] = ((rest - second) * weights[i]) / sum;
  p[runnerUp] = second;
  p[a.predicted] = confidence;
  return p;
}

const meta = {
  title: 'Charts/SoftmaxBars',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          'The output of the softmax layer as one bar per class. The argmax is highlighted ' +
          '(red when it disagrees with the true label), the true label is marked with a caret, ' +
          'and the header reads out the prediction and its probability. Bars ease to new ' +
          'values (150 ms; none with reduced motion), so live inference on a drawing pad ' +
          'reads as a change rather than a flicker.',
      },
    },
  },
  argTypes: {
    predicted: { control: { type: 'range', min: 0, max: 9, step: 1 } },
    runnerUp: { control: { type: 'range', min: 0, max: 9, step: 1 } },
    trueLabel: { control: { type: 'range', min: -1, max: 9, step: 1 } },
    confidence: { control: { type: 'range', min: 0.1, max: 1, step: 0.01 } },
    width: { control: { type: 'range', min: 220, max: 720, step: 10 } },
    height: { control: { type: 'range', min: 140, max: 400, step: 10 } },
  },
  args: {
    width: 360,
    height: 210,
    title: 'Prediction',
    predicted: 7,
    confidence: 0.93,
    runnerUp: 9,
    trueLabel: 7,
  },
} satisfies Meta<SoftmaxArgs>;

export default meta;
type Story = StoryObj<SoftmaxArgs>;

const fromArgs = mountLoader<SoftmaxArgs>(async (root, a) => {
  const bars = await SoftmaxBars.create(root, { width: a.width, height: a.height, title: a.title });
  bars.update({ probabilities: distribution(a), trueLabel: a.trueLabel >= 0 ? a.trueLabel : null });
  bars.flush();
  return () => bars.destroy();
});

export const ConfidentCorrect: Story = { loaders: [fromArgs] };

export const Wrong: Story = {
  args: { predicted: 9, confidence: 0.58, runnerUp: 4, trueLabel: 4 },
  loaders: [fromArgs],
};

export const Uncertain: Story = {
  args: { predicted: 3, confidence: 0.31, runnerUp: 5, trueLabel: -1, title: 'Your digit' },
  loaders: [fromArgs],
};

export const Empty: Story = {
  loaders: [
    mountLoader<SoftmaxArgs>(async (root, a) => {
      const bars = await SoftmaxBars.create(root, {
        width: a.width,
        height: a.height,
        title: a.title,
      });
      return () => bars.destroy();
    }),
  ],
};

/** New predictions every 1.2 s, as while the user draws. */
export const Live: Story = {
  args: { trueLabel: -1, title: 'Live inference' },
  loaders: [
    mountLoader<SoftmaxArgs>(async (root, a) => {
      const bars = await SoftmaxBars.create(root, {
        width: a.width,
        height: a.height,
        title: a.title,
      });
      let n = 0;
      const show = (): void => {
        const u = rng(100 + n);
        const predicted = Math.floor(u() * 10);
        const runnerUp = (predicted + 1 + Math.floor(u() * 9)) % 10;
        const confidence = 0.3 + 0.69 * u();
        bars.update({ probabilities: distribution({ ...a, predicted, runnerUp, confidence }, n) });
        n++;
      };
      show();
      bars.flush();
      const timer = setInterval(show, 1200);
      return () => {
        clearInterval(timer);
        bars.destroy();
      };
    }),
  ],
};
