import type { Meta, StoryObj } from '@storybook/html-vite';
import { LatentWalkView } from '../src/ui/latent-walk-view';
import { walkFrames } from './support/gan';
import { cleanup, mountLoader, renderMounted } from './support/mount';

interface WalkArgs {
  /** Sample digits visited (indices into the MNIST sample). */
  vectors: number;
  framesPerLeg: number;
  loop: boolean;
  fps: number;
  scale: number;
  autoplay: boolean;
  caption: string;
}

const meta = {
  title: 'Vision/LatentWalkView',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          "A generator's walk through its noise space, played. One large image glides from one " +
          "noise vector's picture to the next: neighbouring frames are blended at the display's " +
          "rate, so even a coarse walk moves smoothly. The visited vectors' pictures sit under it " +
          'as thumbnails, with a playhead on a track between them and the nearest one framed. ' +
          'Play/pause and a scrubber sit in the card; a looping walk (its last leg leads back to ' +
          'the first vector) goes round and round, an open one back and forth, so it never ' +
          'jumps. With reduced motion it starts paused. Frames are plain data, pixels in 0..1. ' +
          'In the studio the GAN worker makes the frames along great circles between noise ' +
          'vectors; here they are stand-ins, cross-fades between MNIST test digits.',
      },
    },
  },
  argTypes: {
    vectors: { control: { type: 'range', min: 2, max: 8, step: 1 } },
    framesPerLeg: { control: { type: 'range', min: 2, max: 48, step: 1 } },
    fps: { control: { type: 'range', min: 1, max: 60, step: 1 } },
    scale: { control: { type: 'range', min: 2, max: 12, step: 1 } },
  },
  args: {
    vectors: 4,
    framesPerLeg: 24,
    loop: true,
    fps: 12,
    scale: 8,
    autoplay: true,
    caption: '',
  },
} satisfies Meta<WalkArgs>;

export default meta;
type Story = StoryObj<WalkArgs>;

const walk = mountLoader<WalkArgs>(async (root, a) => {
  const keys = Array.from({ length: a.vectors }, (_, i) => [0, 1, 2, 3, 4, 7, 11, 18][i % 8]);
  const w = walkFrames(keys, a.framesPerLeg, a.loop);
  const view = await LatentWalkView.create(root, {
    title: 'Latent walk',
    scale: a.scale,
    fps: a.fps,
    autoplay: a.autoplay,
    keyframes: a.vectors,
  });
  view.update({
    frames: w.frames,
    count: w.count,
    size: 28,
    keyframes: w.keyframes,
    loop: a.loop,
    caption: a.caption,
  });
  return () => view.destroy();
});

export const Looping: Story = { loaders: [walk] };

export const BackAndForth: Story = {
  args: { loop: false, vectors: 3, caption: 'open walk' },
  loaders: [walk],
};

export const Paused: Story = {
  args: { autoplay: false, caption: 'digit 7' },
  loaders: [walk],
  // The play button starts it; a second click stops it again.
  play: async ({ canvasElement }) => {
    const card = canvasElement.querySelector<HTMLElement>('.ga-latent-walk');
    const button = card?.querySelector<HTMLButtonElement>('[data-action="walk-play"]');
    if (!card || !button) throw new Error('no walk card or play button');
    const playing = () => card.dataset.playing;
    if (playing() !== 'false') throw new Error('the walk should start paused');
    button.click();
    if (playing() !== 'true') throw new Error('play did not start the walk');
    button.click();
    if (playing() !== 'false') throw new Error('pause did not stop the walk');
  },
};

export const Empty: Story = {
  loaders: [
    mountLoader<WalkArgs>(async (root, a) => {
      const view = await LatentWalkView.create(root, { title: 'Latent walk', scale: a.scale });
      return () => view.destroy();
    }),
  ],
};
