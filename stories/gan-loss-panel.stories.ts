import type { Meta, StoryObj } from '@storybook/html-vite';
import { GanLossPanel } from '../src/ui/gan-loss-panel';
import { ganRun, type RunKind } from './support/gan';
import { cleanup, mountLoader, renderMounted } from './support/mount';

interface LossPanelArgs {
  kind: RunKind;
  steps: number;
  width: number;
  height: number;
}

const meta = {
  title: 'Vision/GanLossPanel',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          "A GAN's training as two live `LineChart`s: the two players' losses, which move " +
          'against each other rather than both down (the discriminator starts at 2 ln 2, when it ' +
          'cannot tell real from fake), and what the discriminator says, D(x) on real digits and ' +
          "D(G(z)) on the generator's, from 0 (fake) to 1 (real). In a healthy run both settle " +
          "between 0 and 1; D(G(z)) pinned near 0 with the generator's loss climbing means the " +
          'discriminator has won and the generator learns nothing more (the studio says so in ' +
          "words). An InfoGAN's step reports carry Q's loss as well (reading the code back from " +
          'a fake, from ln 10 towards 0): it joins the losses, and the legend names it only ' +
          'once it has points. `append` takes step reports as the GAN worker streams them. The curves here ' +
          "are made up, shaped like a DCGAN's on MNIST.",
      },
    },
  },
  argTypes: {
    kind: { control: 'inline-radio', options: ['healthy', 'infogan', 'discriminator-wins'] },
    steps: { control: { type: 'range', min: 0, max: 2000, step: 10 } },
    width: { control: { type: 'range', min: 280, max: 640, step: 10 } },
    height: { control: { type: 'range', min: 160, max: 320, step: 10 } },
  },
  args: { kind: 'healthy', steps: 600, width: 420, height: 220 },
} satisfies Meta<LossPanelArgs>;

export default meta;
type Story = StoryObj<LossPanelArgs>;

const panel = mountLoader<LossPanelArgs>(async (root, a) => {
  const p = await GanLossPanel.create(root, { width: a.width, height: a.height });
  p.append(ganRun(a.kind, a.steps));
  return () => p.destroy();
});

export const Healthy: Story = { loaders: [panel] };

export const InfoGan: Story = { args: { kind: 'infogan', steps: 800 }, loaders: [panel] };

export const DiscriminatorWins: Story = {
  args: { kind: 'discriminator-wins', steps: 900 },
  loaders: [panel],
};

export const NoStepsYet: Story = { args: { steps: 0 }, loaders: [panel] };
