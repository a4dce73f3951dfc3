import type { Meta, StoryObj } from '@storybook/html-vite';
import { DigitPad, type PadStroke } from '../src/ui/digit-pad';
import { cleanup, mountLoader, renderMounted } from './support/mount';

interface DigitPadArgs {
  size: number;
  /** Stroke width as a fraction of the pad. */
  brush: number;
  preview: boolean;
  clearButton: boolean;
  disabled: boolean;
}

/** A '1' with a small flag at the top, in pad units (0..1). */
const ONE_STROKES: PadStroke[] = [
  [
    [0.42, 0.25],
    [0.52, 0.15],
    [0.52, 0.85],
  ],
];

/** A '7' with the crossbar some people write. */
const SEVEN_STROKES: PadStroke[] = [
  [
    [0.25, 0.2],
    [0.75, 0.2],
    [0.6, 0.45],
    [0.45, 0.85],
  ],
  [
    [0.4, 0.5],
    [0.68, 0.5],
  ],
];

const meta = {
  title: 'Controls/DigitPad',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          'A pad to draw a digit on with the mouse, a pen or a finger: thick round white strokes ' +
          'on black, like MNIST, smoothed between pointer samples (pointer events with pointer ' +
          'capture). The strokes are rasterised on a plain 2D canvas, which is read back and ' +
          'preprocessed the way MNIST was made (`mnist-preprocess.ts`): cropped to the ink, ' +
          'scaled so the longer side is 20 px (area averaging), and placed in 28×28 with its ' +
          'centre of mass at the centre. The small image beside the pad is exactly what ' +
          '`onChange(image28)` delivers, throttled to ~100 ms while drawing and at once on ' +
          'pointer up. `drawStrokes([[x, y], ...])` draws programmatically (pad units 0..1); ' +
          'Clear, or Escape on the focused pad, wipes it.',
      },
    },
  },
  argTypes: {
    size: { control: { type: 'range', min: 160, max: 480, step: 10 } },
    brush: { control: { type: 'range', min: 0.03, max: 0.15, step: 0.005 } },
  },
  args: { size: 280, brush: 0.07, preview: true, clearButton: true, disabled: false },
} satisfies Meta<DigitPadArgs>;

export default meta;
type Story = StoryObj<DigitPadArgs>;

function padLoader(strokes: PadStroke[]) {
  return mountLoader<DigitPadArgs>(async (root, a) => {
    const pad = await DigitPad.create(root, {
      size: a.size,
      brush: a.brush,
      preview: a.preview,
      clearButton: a.clearButton,
    });
    pad.drawStrokes(strokes);
    pad.update({ disabled: a.disabled });
    return () => pad.destroy();
  });
}

/** Nothing drawn yet: draw here with the mouse, a pen or a finger. */
export const Empty: Story = { loaders: [padLoader([])] };

/** A '1' drawn with `drawStrokes`: in 28×28 it is 20 px tall and a few px wide, centred. */
export const DrawnOne: Story = { loaders: [padLoader(ONE_STROKES)] };

/** A '7' in two strokes. */
export const DrawnSeven: Story = { loaders: [padLoader(SEVEN_STROKES)] };
