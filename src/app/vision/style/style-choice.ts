/**
 * The style a picture is painted in: a gallery of the shipped styles (drawn by our own code,
 * in the worker) and any style pictures the user uploads, one of them chosen.
 */
import type { RgbImage, ShippedStyleInfo, StyleSource } from '../../../../workers/style-api';
import { StyleGallery } from '../../../ui/style-gallery';
import { el, field } from '../../dom';
import { forView, readImageFile } from './picture-io';

/** The style chosen, as the worker takes it and as the page names it. */
export interface ChosenStyle {
  source: StyleSource;
  name: string;
  picture: RgbImage;
}

/** Shown first: its cells and lead lines read at once on any content. */
const FIRST_STYLE = 'mosaic';

export class StyleChoice {
  readonly element = el('section', { class: 'panel style-choice' });
  private gallery: StyleGallery | null = null;
  private shipped: ShippedStyleInfo[] = [];
  private readonly uploads: Array<{ id: string; name: string; picture: RgbImage }> = [];
  private readonly upload = el('input', {
    type: 'file',
    accept: 'image/*',
    name: 'style-file',
    'aria-label': 'a style picture of your own',
  });
  private readonly message = el('p', { class: 'vision-message', role: 'status' });

  constructor(private readonly styles: Promise<ShippedStyleInfo[]>) {
    this.upload.addEventListener('change', () => void this.readUpload());
  }

  async mount(parent: HTMLElement): Promise<void> {
    this.element.append(el('h3', {}, 'Style'));
    parent.append(this.element);
    this.gallery = await StyleGallery.create(this.element, {
      label: 'Styles',
      thumbSize: 76,
      framed: false,
      emptyText: 'Drawing the styles…',
    });
    this.element.append(field('Or a style picture of your own', this.upload), this.message);
    this.gallery.onSelect(() => this.describe());
    try {
      this.shipped = await this.styles;
      this.refresh(FIRST_STYLE);
    } catch (e) {
      this.message.textContent = `The shipped styles could not be drawn: ${(e as Error).message}`;
      this.message.classList.add('error');
    }
  }

  /** The chosen style (null until the styles are drawn). */
  chosen(): ChosenStyle | null {
    const id = this.gallery?.selected ?? null;
    const mine = this.uploads.find((u) => u.id === id);
    if (mine) return { source: { picture: mine.picture }, name: mine.name, picture: mine.picture };
    const s = this.shipped.find((x) => x.name === id);
    return s ? { source: { shipped: s.name }, name: s.name, picture: s.picture } : null;
  }

  private refresh(selected?: string): void {
    this.gallery?.update({
      items: [
        ...this.shipped.map((s) => ({
          id: s.name,
          label: s.name,
          caption: s.description,
          picture: forView(s.picture),
        })),
        ...this.uploads.map((u) => ({
          id: u.id,
          label: u.name,
          caption: 'your picture',
          badge: 'yours',
          picture: forView(u.picture),
        })),
      ],
      ...(selected !== undefined ? { selected } : {}),
    });
    this.describe();
  }

  private describe(): void {
    const c = this.chosen();
    this.element.dataset.style = c?.name ?? '';
  }

  private async readUpload(): Promise<void> {
    const file = this.upload.files?.[0];
    if (!file) return;
    try {
      const picture = await readImageFile(file);
      const id = `upload-${this.uploads.length + 1}`;
      this.uploads.push({ id, name: file.name.replace(/\.[^.]+$/, ''), picture });
      this.message.textContent = '';
      this.refresh(id);
    } catch (e) {
      this.message.textContent = (e as Error).message;
      this.message.classList.add('error');
    }
  }
}
