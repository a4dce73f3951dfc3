import type { Meta, StoryObj } from '@storybook/html-vite';
import { BeforeAfterView } from '../src/ui/before-after-view';
import { cleanup, mountLoader, renderMounted } from './support/mount';
import { STYLE_NAMES, scenePicture, standInStylised, stylePicture } from './support/style';

interface BeforeAfterArgs {
  width: number;
  scene: number;
  style: string;
  position: number;
  beforeLabel: string;
  afterLabel: string;
}

const meta = {
  title: 'Vision/BeforeAfterView',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          'Two pictures of one scene under a divider: left of it the "before" (the content), ' +
          'right of it the "after" (the stylised picture). Drag anywhere on the picture with a ' +
          'mouse, pen or finger (vertical swipes still scroll the page), or focus the divider ' +
          'and use the arrows (2 %), Page Up/Down (10 %), Home and End: it is a real ' +
          '`role="slider"` with a spoken value ("60 % Content, 40 % Stylised"). The "after" ' +
          'may be smaller (a coarse pass at half size): it is stretched onto the "before". With ' +
          'one picture the view shows it whole, with no divider. Plain DOM and 2D canvases. ' +
          'Here the content is one of our generated landscapes and the "after" a stand-in (the ' +
          "content's brightness mapped onto the style's colours), not an optimised picture.",
      },
    },
  },
  argTypes: {
    width: { control: { type: 'range', min: 240, max: 720, step: 10 } },
    scene: { control: { type: 'range', min: 0, max: 50, step: 1 } },
    style: { control: 'select', options: STYLE_NAMES },
    position: { control: { type: 'range', min: 0, max: 1, step: 0.01 } },
  },
  args: {
    width: 420,
    scene: 2,
    style: 'mosaic',
    position: 0.5,
    beforeLabel: 'Content',
    afterLabel: 'Stylised',
  },
} satisfies Meta<BeforeAfterArgs>;

export default meta;
type Story = StoryObj<BeforeAfterArgs>;

const fromArgs = (after: 'stylised' | 'coarse' | 'none') =>
  mountLoader<BeforeAfterArgs>(async (root, a) => {
    const content = scenePicture(a.scene, 256);
    const view = await BeforeAfterView.create(root, {
      width: a.width,
      beforeLabel: a.beforeLabel,
      afterLabel: a.afterLabel,
      position: a.position,
      onChange: (p) => root.setAttribute('data-position', p.toFixed(2)),
    });
    const stylised =
      after === 'coarse'
        ? standInStylised(scenePicture(a.scene, 128), stylePicture(a.style, 128))
        : standInStylised(content, stylePicture(a.style, 256));
    view.update({
      before: content,
      after: after === 'none' ? null : stylised,
      caption:
        after === 'coarse'
          ? `${a.style}: step 30 of 100 (coarse pass, 128 x 128)`
          : after === 'none'
            ? 'the content, before a run'
            : `${a.style} · random filters: 100 steps in 22.7 s`,
    });
    return () => view.destroy();
  });

export const Stylised: Story = {
  loaders: [fromArgs('stylised')],
  // The keyboard moves the divider: Home to 0, then Page Up by 10 %.
  play: async ({ canvasElement }) => {
    const divider = canvasElement.querySelector<HTMLElement>('.ga-before-after__divider');
    if (!divider) throw new Error('no divider');
    const key = (k: string) =>
      divider.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
    key('Home');
    key('PageUp');
    if (divider.getAttribute('aria-valuenow') !== '10')
      throw new Error(
        `Home then Page Up left the divider at ${divider.getAttribute('aria-valuenow')} %`,
      );
    key('End');
    key('ArrowLeft');
    key('ArrowLeft');
    if (divider.getAttribute('aria-valuenow') !== '96')
      throw new Error(
        `End then two left arrows left it at ${divider.getAttribute('aria-valuenow')} %`,
      );
  },
};

/** While the coarse pass runs, the picture streamed is half the size: stretched onto the content. */
export const CoarsePass: Story = {
  args: { style: 'swirls', position: 0.35 },
  loaders: [fromArgs('coarse')],
};

/** Before a run: the content alone, whole, with no divider. */
export const ContentOnly: Story = {
  args: { style: 'waves' },
  loaders: [fromArgs('none')],
};

export const Phone: Story = {
  args: { width: 340, style: 'kandinsky', scene: 9 },
  loaders: [fromArgs('stylised')],
};
