import type { Meta, StoryObj } from '@storybook/html-vite';
import { BeforeAfterView } from '../src/ui/before-after-view';
import { StyleGallery, type StyleGalleryItem } from '../src/ui/style-gallery';
import { SHIPPED_STYLES } from '../src/vision/style/styles';
import { cleanup, mountLoader, renderMounted } from './support/mount';
import { lossCurve, scenePicture, standInStylised, stylePicture } from './support/style';

interface GalleryArgs {
  title: string;
  thumbSize: number;
  scene: number;
  /** Width of the before/after view beside the results. */
  viewWidth: number;
}

const meta = {
  title: 'Vision/StyleGallery',
  tags: ['autodocs'],
  render: renderMounted,
  beforeEach: cleanup,
  parameters: {
    docs: {
      description: {
        component:
          'Pictures with captions, one of which is chosen: the styles a picture can be painted ' +
          'in (the five shipped styles, drawn by our own code, and uploads), or the results of ' +
          'style runs (feature net, steps, time, loss). It is a radio group: click or tap an ' +
          'item, or move with the arrows (wrapping), Home and End; the chosen item is framed. ' +
          'Plain DOM with a 2D canvas per thumbnail. In the studio the results gallery drives ' +
          'the before/after view: picking a result shows it against its content again (the ' +
          '"Results with before/after" story). The results here are stand-ins (the content\'s ' +
          "brightness mapped onto the style's colours), not optimised pictures.",
      },
    },
  },
  argTypes: {
    thumbSize: { control: { type: 'range', min: 56, max: 180, step: 4 } },
    scene: { control: { type: 'range', min: 0, max: 50, step: 1 } },
    viewWidth: { control: { type: 'range', min: 240, max: 640, step: 10 } },
  },
  args: { title: 'Style', thumbSize: 88, scene: 2, viewWidth: 400 },
} satisfies Meta<GalleryArgs>;

export default meta;
type Story = StoryObj<GalleryArgs>;

const styleItems = (size: number): StyleGalleryItem[] =>
  SHIPPED_STYLES.map((s) => ({
    id: s.name,
    label: s.name,
    caption: s.description,
    picture: stylePicture(s.name, size),
  }));

export const ShippedStyles: Story = {
  loaders: [
    mountLoader<GalleryArgs>(async (root, a) => {
      const gallery = await StyleGallery.create(root, {
        title: a.title,
        label: 'Styles',
        thumbSize: a.thumbSize,
      });
      gallery.update({ items: styleItems(128), selected: 'mosaic' });
      gallery.onSelect((id) => root.setAttribute('data-chosen', id));
      root.style.maxWidth = '640px';
      return () => gallery.destroy();
    }),
  ],
  // A click chooses an item; the arrows move the choice (wrapping round at the end).
  play: async ({ canvasElement }) => {
    const root = canvasElement.querySelector('.ga-story-root');
    const item = (id: string) =>
      canvasElement.querySelector<HTMLButtonElement>(`.ga-style-gallery__item[data-id="${id}"]`);
    item('swirls')?.click();
    if (root?.getAttribute('data-chosen') !== 'swirls')
      throw new Error(`a click on swirls chose ${root?.getAttribute('data-chosen')}`);
    item('swirls')?.focus();
    item('swirls')?.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }),
    );
    if (root?.getAttribute('data-chosen') !== 'waves')
      throw new Error(`ArrowRight from the last item chose ${root?.getAttribute('data-chosen')}`);
    if (item('waves')?.getAttribute('aria-checked') !== 'true')
      throw new Error('the chosen item is not marked aria-checked');
  },
};

/** The studio's results: picking one shows it against its content in the before/after view. */
export const ResultsWithBeforeAfter: Story = {
  args: { title: 'Results', thumbSize: 112 },
  loaders: [
    mountLoader<GalleryArgs>(async (root, a) => {
      Object.assign(root.style, { display: 'grid', gap: '12px', maxWidth: '760px' });
      const content = scenePicture(a.scene, 256);
      const view = await BeforeAfterView.create(root, {
        width: a.viewWidth,
        beforeLabel: 'Content',
        afterLabel: 'Stylised',
      });
      const gallery = await StyleGallery.create(root, {
        title: a.title,
        label: 'Results: pick one to see it above',
        thumbSize: a.thumbSize,
      });
      const results = SHIPPED_STYLES.map((s, i) => {
        const features = i % 2 === 0 ? 'random' : 'trained';
        const seconds = features === 'random' ? 22.7 + i : 81.8 + i;
        const last = lossCurve(100, i + 1, seconds / 100).at(-1);
        return {
          id: `result-${i + 1}`,
          label: `${s.name} · ${features === 'random' ? 'random filters' : 'trained net'}`,
          caption: `100 steps · ${seconds.toFixed(1)} s · loss ${last?.total.toPrecision(2)}`,
          badge: features,
          picture: standInStylised(content, stylePicture(s.name, 256)),
        };
      });
      const show = (id: string) => {
        const r = results.find((x) => x.id === id);
        if (r)
          view.update({ before: content, after: r.picture, caption: `${r.label}: ${r.caption}` });
      };
      gallery.update({ items: results, selected: 'result-1' });
      gallery.onSelect(show);
      show('result-1');
      return () => {
        gallery.destroy();
        view.destroy();
      };
    }),
  ],
};

export const Empty: Story = {
  args: { title: 'Results' },
  loaders: [
    mountLoader<GalleryArgs>(async (root, a) => {
      const gallery = await StyleGallery.create(root, {
        title: a.title,
        emptyText: 'Finished pictures gather here: pick one to compare it with its content again.',
      });
      gallery.update({ items: [] });
      root.style.maxWidth = '520px';
      return () => gallery.destroy();
    }),
  ],
};
