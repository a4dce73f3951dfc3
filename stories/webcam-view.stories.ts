import type { Meta, StoryObj } from '@storybook/html-vite';
import type { SceneStyle } from '../src/data/scenes/paper-style';
import { WebcamView, webcamViewHeight } from '../src/ui/webcam-view';
import { cleanup, mountLoader, renderMounted } from './support/mount';
import { play, SyntheticVideo, still } from './support/synthetic-video';

interface WebcamArgs {
  width: number;
  style: SceneStyle;
  seed: number;
  boxes: boolean;
  mask: boolean;
  /** Simulated time from sending a frame to its answer. */
  latencyMs: number;
  /** Largest pan of the synthetic camera, in video pixels. */
  pan: number;
  secondsPerPage: number;
}

/** The synthetic video's size: a small webcam's 4:3. */
const VIDEO = { width: 320, height: 240 };

const meta = {
  title: 'Vision/WebcamView',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          'The live view of the Vision page: a video (the camera, or any canvas that animates) ' +
          'with what the model saw drawn by Pixi over it: boxes tagged with digit and score, ' +
          'the class map as a translucent layer, the digit legend, and answers per second with ' +
          "the latency of each of the worker's stages. The page copies a frame on every " +
          'animation frame (`showFrame()`) and keeps one frame in flight to the worker; each ' +
          'answer (`update()`) stays until the next, so the overlay trails the live video by ' +
          'one latency. Here the video is synthetic: a canvas panning over generated pages of ' +
          'MNIST test digits (paper or clean), cutting to the next page every few seconds, and ' +
          'the "model" answers with the ground truth of the frame it was sent after ' +
          '`latencyMs` (its stage split is simulated too), so no camera and no model are needed.',
      },
    },
  },
  argTypes: {
    style: { control: 'inline-radio', options: ['paper', 'clean'] },
    width: { control: { type: 'range', min: 280, max: 900, step: 10 } },
    latencyMs: { control: { type: 'range', min: 5, max: 500, step: 5 } },
    pan: { control: { type: 'range', min: 0, max: 80, step: 2 } },
    secondsPerPage: { control: { type: 'range', min: 1, max: 20, step: 1 } },
  },
  args: {
    width: 560,
    style: 'paper',
    seed: 3,
    boxes: true,
    mask: false,
    latencyMs: 45,
    pan: 24,
    secondsPerPage: 4,
  },
} satisfies Meta<WebcamArgs>;

export default meta;
type Story = StoryObj<WebcamArgs>;

/** The view at the page's proportions: the video's 4:3 and a legend row. */
function createView(root: HTMLElement, a: WebcamArgs): Promise<WebcamView> {
  return WebcamView.create(root, { width: a.width, height: webcamViewHeight(a.width) });
}

const video = (a: WebcamArgs) =>
  new SyntheticVideo({
    ...VIDEO,
    pages: 3,
    seed: a.seed,
    style: a.style,
    pan: a.pan,
    secondsPerPage: a.secondsPerPage,
  });

/** The live loop: the camera pans, pages change, boxes follow one latency behind. */
export const SyntheticVideoLive: Story = {
  loaders: [
    mountLoader<WebcamArgs>(async (root, a) => {
      const view = await createView(root, a);
      const stop = play(video(a), view, a);
      return () => {
        stop();
        view.destroy();
      };
    }),
  ],
};

/** Boxes and the class map together on clean scenes. */
export const BoxesAndMask: Story = {
  args: { style: 'clean', mask: true, seed: 8 },
  loaders: SyntheticVideoLive.loaders,
};

/** Paused mid-pan (one still, the same on every run): the last answer over the frame. */
export const Paused: Story = {
  args: { mask: true, latencyMs: 120 },
  loaders: [
    mountLoader<WebcamArgs>(async (root, a) => {
      const view = await createView(root, a);
      still(video(a), view, 1800, { ...a, message: 'Paused' });
      return () => view.destroy();
    }),
  ],
};

/** Before the first frame (the camera is starting, or was refused). */
export const NoVideoYet: Story = {
  loaders: [
    mountLoader<WebcamArgs>(async (root, a) => {
      const view = await createView(root, a);
      view.update({ message: 'Waiting for the camera…' });
      return () => view.destroy();
    }),
  ],
};

/**
 * On a phone (340 px wide), paused: the stats take two lines under the picture, where they
 * hide no box; the Paused line stays over it.
 */
export const Phone: Story = {
  args: { width: 340, latencyMs: 80 },
  loaders: Paused.loaders,
};
