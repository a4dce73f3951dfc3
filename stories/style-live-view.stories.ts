import type { Meta, StoryObj } from '@storybook/html-vite';
import { centreCrop, panWindow } from '../src/app/vision/style/live-geometry';
import { LiveMeter } from '../src/ui/live-style-stats';
import { type LiveLayout, LiveStyleView } from '../src/ui/live-style-view';
import { paintRgb } from '../src/ui/rgb-canvas';
import { cleanup, mountLoader, renderMounted, rng } from './support/mount';
import { STYLE_NAMES, scenePicture, standInStylised, stylePicture } from './support/style';

interface LiveArgs {
  width: number;
  layout: LiveLayout;
  scene: number;
  style: string;
  /** Frames the stand-in "net" paints a second. */
  paintedFps: number;
  /** A line over the painting (empty: none). */
  message: string;
  /** Paint frames (off: the view before its first frame). */
  running: boolean;
}

const meta = {
  title: 'Vision/LiveStyleView',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          'The style studio’s live mode: a video and its painting by a fast style net, side by ' +
          'side or under a divider (drag it, or focus it and use the arrows, Page Up/Down, Home, ' +
          'End: a real `role="slider"`). The video is the page’s own element (a camera’s ' +
          '`<video>`, or a canvas it animates) shown as it is; the painting is RGBA from the ' +
          'worker put on a 2D canvas with one `putImageData`, so the page’s thread stays free. ' +
          'Under them: frames painted per second over the last two seconds, the median latency, ' +
          'and where a frame’s time goes (grab on the page, send to the worker, prepare, the ' +
          'net, read back, back to the page, draw). Here the video is one of our generated ' +
          'landscapes drifting slowly (the mode’s stand-in when there is no camera) and the ' +
          '"painting" a stand-in (the landscape’s brightness on the style’s colours, cropped ' +
          'where the video is), at the pace and with the stage times a net would have.',
      },
    },
  },
  argTypes: {
    width: { control: { type: 'range', min: 280, max: 900, step: 10 } },
    layout: { control: 'inline-radio', options: ['side', 'divider'] },
    scene: { control: { type: 'range', min: 0, max: 50, step: 1 } },
    style: { control: 'select', options: STYLE_NAMES },
    paintedFps: { control: { type: 'range', min: 1, max: 30, step: 1 } },
  },
  args: {
    width: 720,
    layout: 'side',
    scene: 7,
    style: 'mosaic',
    paintedFps: 12,
    message: '',
    running: true,
  },
} satisfies Meta<LiveArgs>;

export default meta;
type Story = StoryObj<LiveArgs>;

const SIDE = 480;
const [WW, WH] = [360, 270];
const [PW, PH] = [192, 144];

const mount = mountLoader<LiveArgs>(async (root, a) => {
  const view = await LiveStyleView.create(root, {
    width: a.width,
    layout: a.layout,
    beforeLabel: 'Camera',
    afterLabel: 'Stylised',
  });
  // The "camera": a window drifting over a landscape; the "painting": the same window of a
  // stand-in stylised landscape, drawn once.
  const scene = document.createElement('canvas');
  paintRgb(scene, scenePicture(a.scene, SIDE));
  const painted = document.createElement('canvas');
  paintRgb(painted, standInStylised(scenePicture(a.scene, SIDE), stylePicture(a.style, SIDE)));
  const video = document.createElement('canvas');
  video.width = 320;
  video.height = 240;
  const frame = document.createElement('canvas');
  frame.width = PW;
  frame.height = PH;
  const frameCtx = frame.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
  const start = performance.now();
  const at = (now: number) => panWindow((now - start) / 1000, SIDE, WW, WH);
  let raf = 0;
  const tick = (now: number) => {
    const { x, y } = at(now);
    video.getContext('2d')?.drawImage(scene, x, y, WW, WH, 0, 0, video.width, video.height);
    raf = requestAnimationFrame(tick);
  };
  raf = requestAnimationFrame(tick);
  view.setSource(video);
  view.update({
    caption: `${a.style} (stand-in) · ${PW} x ${PH} · generated landscape`,
    message: a.message || (a.running ? null : 'Waiting for the camera…'),
  });
  const meter = new LiveMeter();
  const noise = rng(a.scene + 1);
  const period = 1000 / a.paintedFps;
  const paintOne = () => {
    const { x, y } = at(performance.now());
    const c = centreCrop(WW, WH, PW / PH);
    frameCtx.drawImage(painted, x + c.sx, y + c.sy, c.sw, c.sh, 0, 0, PW, PH);
    view.paint(frameCtx.getImageData(0, 0, PW, PH).data, PW, PH);
    // Stage times shaped like a real net's: the net takes most of the frame.
    const net = period * 0.9 * (0.95 + 0.1 * noise());
    const stages = {
      grab: 1.4,
      send: 0.3,
      preprocess: 0.4,
      forward: net,
      readback: 0.3,
      back: 0.3,
      draw: 0.1,
    };
    meter.record(performance.now(), net + 2.8, stages);
    view.update({ stats: meter.figures() });
  };
  // Not running with a message (paused): the last painting stays.
  if (!a.running && a.message) paintOne();
  const timer = a.running ? setInterval(paintOne, period) : null;
  return () => {
    if (timer !== null) clearInterval(timer);
    cancelAnimationFrame(raf);
    view.destroy();
  };
});

/** The desktop layout: the camera beside its painting, the figures under them. */
export const SideBySide: Story = { loaders: [mount] };

/** One picture under a divider (a phone's layout); the play moves it by keyboard. */
export const Divider: Story = {
  args: { layout: 'divider', width: 360, style: 'waves', scene: 12 },
  loaders: [mount],
  play: async ({ canvasElement }) => {
    const divider = canvasElement.querySelector<HTMLElement>('.ga-live-style__divider');
    if (!divider) throw new Error('no divider');
    const key = (k: string) =>
      divider.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
    key('Home');
    key('PageUp');
    key('PageUp');
    key('PageUp');
    if (divider.getAttribute('aria-valuenow') !== '30')
      throw new Error(
        `Home then three Page Ups left the divider at ${divider.getAttribute('aria-valuenow')} %`,
      );
  },
};

/** A slow net (256 x 192 on a busy machine): few frames, long latency. */
export const Slow: Story = {
  args: { paintedFps: 4, style: 'kandinsky', scene: 3 },
  loaders: [mount],
};

/** Paused: the last painting stays, with a word over it. */
export const Paused: Story = {
  args: { message: 'Paused', style: 'swirls', running: false },
  loaders: [mount],
};

/** Before the first frame: the camera is starting, nothing painted yet. */
export const NoFramesYet: Story = { args: { running: false }, loaders: [mount] };
