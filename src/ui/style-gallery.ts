/**
 * A gallery of pictures with captions, one of which can be chosen: the styles a picture can
 * be painted in (thumbnails of the shipped styles and uploads), or the results of style runs
 * (each with its feature net, losses and time). Plain DOM with a 2D canvas per thumbnail: the
 * choice is a radio group (arrows, Home/End, click or tap), so a keyboard and a screen reader
 * use it as they would a set of radio buttons.
 */
import { setThemeVariables, styleCard } from './card';
import { Component } from './component';
import { paintRgb, type RgbImage } from './rgb-canvas';

export interface StyleGalleryItem {
  /** Unique within the gallery; what onSelect reports. */
  id: string;
  /** First caption line (a style's name). */
  label: string;
  picture: RgbImage;
  /** Second caption line (a description, or losses and time). */
  caption?: string;
  /** A short tag on the thumbnail ("random", "yours"). */
  badge?: string;
}

export interface StyleGalleryOptions {
  /** Heading over the gallery. */
  title?: string;
  /** Accessible name of the group (default: the title, else "Gallery"). */
  label?: string;
  /** Side of a thumbnail in CSS pixels (default 88). */
  thumbSize?: number;
  /** Shown when there are no items. */
  emptyText?: string;
  /** The card's border and background (default true); false inside a panel of the page's own. */
  framed?: boolean;
}

export interface StyleGalleryData {
  items: readonly StyleGalleryItem[];
  /** The chosen item's id (absent: kept; null: none). */
  selected?: string | null;
}

const STYLE_ID = 'ga-style-gallery-style';
const STYLE = `
.ga-style-gallery { padding: 10px 12px; font: 12px/1.35 var(--ga-font); color: var(--ga-text); }
.ga-style-gallery [hidden] { display: none !important; }
.ga-style-gallery__title { margin: 0 0 8px; font-size: 13px; font-weight: 600; }
.ga-style-gallery__items { display: grid; gap: 10px;
  grid-template-columns: repeat(auto-fill, minmax(var(--ga-thumb), 1fr)); }
.ga-style-gallery__item { all: unset; box-sizing: border-box; display: flex; flex-direction: column;
  gap: 4px; cursor: pointer; border-radius: 8px; padding: 4px; border: 2px solid transparent;
  min-width: 0; }
.ga-style-gallery__item:hover { border-color: var(--ga-line); }
.ga-style-gallery__item[aria-checked="true"] { border-color: var(--ga-accent, #7aa2ff); }
.ga-style-gallery__item:focus-visible { outline: 3px solid var(--ga-accent, #7aa2ff); outline-offset: 2px; }
.ga-style-gallery__thumb { position: relative; width: 100%; aspect-ratio: 1; }
.ga-style-gallery__thumb canvas { width: 100%; height: 100%; display: block; object-fit: cover;
  border-radius: 5px; background: var(--ga-bg); }
.ga-style-gallery__badge { position: absolute; left: 4px; top: 4px; padding: 0 6px; border-radius: 999px;
  font-size: 10px; font-weight: 600; color: #fff; background: rgba(0, 0, 0, 0.6); }
.ga-style-gallery__label { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.ga-style-gallery__caption { color: var(--ga-muted); font-size: 11px; overflow-wrap: anywhere; }
.ga-style-gallery__empty { color: var(--ga-muted); margin: 4px 0; }
`;

function injectStyle(): void {
  if (document.getElementById(STYLE_ID)) return;
  const style = document.createElement('style');
  style.id = STYLE_ID;
  style.textContent = STYLE;
  document.head.appendChild(style);
}

function part<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  parent: HTMLElement,
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  parent.appendChild(e);
  return e;
}

/** The index arrow keys, Home and End move to from `i` among `n` items (null: not ours). */
export function galleryKeyTarget(key: string, i: number, n: number): number | null {
  if (n === 0) return null;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return (i + 1) % n;
    case 'ArrowLeft':
    case 'ArrowUp':
      return (i - 1 + n) % n;
    case 'Home':
      return 0;
    case 'End':
      return n - 1;
    default:
      return null;
  }
}

export class StyleGallery extends Component<StyleGalleryData> {
  private readonly list: HTMLElement;
  private readonly emptyText: HTMLElement;
  private items: readonly StyleGalleryItem[] = [];
  private buttons: HTMLButtonElement[] = [];
  private chosen: string | null = null;
  private readonly framed: boolean;
  private readonly handlers = new Set<(id: string) => void>();

  static async create(
    parent: HTMLElement,
    options: StyleGalleryOptions = {},
  ): Promise<StyleGallery> {
    const host = document.createElement('div');
    host.className = 'ga-card ga-style-gallery';
    return StyleGallery.attach(parent, host, (h) => new StyleGallery(h, options));
  }

  private constructor(element: HTMLElement, options: StyleGalleryOptions) {
    super(element);
    injectStyle();
    styleCard(element, this.theme);
    this.framed = options.framed ?? true;
    this.unframe();
    element.style.width = '100%';
    element.style.setProperty('--ga-thumb', `${options.thumbSize ?? 88}px`);
    this.setAccent();
    if (options.title) part('h3', 'ga-style-gallery__title', element, options.title);
    this.list = part('div', 'ga-style-gallery__items', element);
    this.list.setAttribute('role', 'radiogroup');
    this.list.setAttribute('aria-label', options.label ?? options.title ?? 'Gallery');
    this.emptyText = part(
      'p',
      'ga-style-gallery__empty',
      element,
      options.emptyText ?? 'Nothing here yet.',
    );
    this.list.addEventListener('keydown', (e) => this.onKey(e));
  }

  /** The chosen item's id, or null. */
  get selected(): string | null {
    return this.chosen;
  }

  /** Calls `handler` with the id the user chooses (click, tap, arrows); returns an unsubscribe. */
  onSelect(handler: (id: string) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  update(data: StyleGalleryData): void {
    const focusedId = this.buttons.find((b) => b === document.activeElement)?.dataset.id;
    this.items = data.items;
    if (data.selected !== undefined) this.chosen = data.selected;
    if (this.chosen !== null && !this.items.some((it) => it.id === this.chosen)) this.chosen = null;
    this.buttons = this.items.map((item) => this.makeItem(item));
    this.list.replaceChildren(...this.buttons);
    this.emptyText.hidden = this.items.length > 0;
    this.syncChecked();
    if (focusedId) this.buttons.find((b) => b.dataset.id === focusedId)?.focus();
  }

  protected themeChanged(): void {
    styleCard(this.element, this.theme);
    this.unframe();
    setThemeVariables(this.element, this.theme);
    this.setAccent();
  }

  /** Without a frame: no border, background or padding of its own (the page's panel has them). */
  private unframe(): void {
    if (this.framed) return;
    Object.assign(this.element.style, { border: 'none', background: 'transparent', padding: '0' });
  }

  private setAccent(): void {
    this.element.style.setProperty(
      '--ga-accent',
      `#${this.theme.accent2.toString(16).padStart(6, '0')}`,
    );
  }

  private makeItem(item: StyleGalleryItem): HTMLButtonElement {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'ga-style-gallery__item';
    b.dataset.id = item.id;
    b.setAttribute('role', 'radio');
    b.setAttribute('aria-label', item.caption ? `${item.label}: ${item.caption}` : item.label);
    const thumb = part('span', 'ga-style-gallery__thumb', b);
    paintRgb(part('canvas', '', thumb), item.picture);
    if (item.badge) part('span', 'ga-style-gallery__badge', thumb, item.badge);
    part('span', 'ga-style-gallery__label', b, item.label);
    if (item.caption) part('span', 'ga-style-gallery__caption', b, item.caption);
    b.addEventListener('click', () => this.choose(item.id));
    return b;
  }

  private choose(id: string): void {
    this.chosen = id;
    this.syncChecked();
    for (const h of this.handlers) h(id);
  }

  /** aria-checked on the chosen item; a roving tabindex (the chosen, else the first, is tabbable). */
  private syncChecked(): void {
    const tabbable = this.chosen ?? this.items[0]?.id;
    for (const b of this.buttons) {
      b.setAttribute('aria-checked', String(b.dataset.id === this.chosen));
      b.tabIndex = b.dataset.id === tabbable ? 0 : -1;
    }
    this.element.dataset.selected = this.chosen ?? '';
  }

  private onKey(e: KeyboardEvent): void {
    const i = this.buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    const next = galleryKeyTarget(e.key, i, this.buttons.length);
    if (next === null) return;
    e.preventDefault();
    const id = this.items[next]?.id;
    if (id === undefined) return;
    this.choose(id);
    this.buttons[next]?.focus();
  }
}
