/**
 * Two pictures of one scene, one over the other, with a divider to drag across them: left of
 * it the "before" (a content picture), right of it the "after" (the same picture stylised).
 * Plain DOM and 2D canvases: the pictures are shown as they are, and the divider is a real
 * focusable slider (role="slider", arrows, Page Up/Down, Home/End), so it works with a
 * keyboard and a screen reader. Drag anywhere on the picture with a mouse, pen or finger
 * (vertical swipes still scroll the page). The arithmetic lives in before-after-math.ts.
 */
import { afterClip, clampPosition, percent, valueText } from './before-after-math';
import { setThemeVariables, styleCard } from './card';
import { Component } from './component';
import { wireDividerDrag } from './divider-drag';
import { paintRgb, type RgbImage } from './rgb-canvas';

export interface BeforeAfterOptions {
  /** Width in CSS pixels (default 360); the height follows the pictures' aspect. */
  width?: number;
  /** Names of the two sides, on the picture and for screen readers. */
  beforeLabel?: string;
  afterLabel?: string;
  /** Where the divider starts, 0..1 of the width (default 0.5). */
  position?: number;
  /** The card's accessible name (default "Before and after"). */
  label?: string;
  /** Hears the divider's new position when the user moves it. */
  onChange?: (position: number) => void;
}

export interface BeforeAfterData {
  /** Pictures left out are kept; null clears one. */
  before?: RgbImage | null;
  after?: RgbImage | null;
  /** Moves the divider (0..1). */
  position?: number;
  /** A line under the picture ("step 40 of 200"); null clears it. */
  caption?: string | null;
}

const STYLE_ID = 'ga-before-after-style';
const STYLE = `
.ga-before-after { padding: 10px; font: 12px/1.4 var(--ga-font); color: var(--ga-text); }
.ga-before-after [hidden] { display: none !important; }
.ga-before-after__frame { position: relative; width: 100%; overflow: hidden; border-radius: 6px;
  background: var(--ga-bg); touch-action: pan-y; cursor: ew-resize; user-select: none; }
.ga-before-after__frame canvas { position: absolute; inset: 0; width: 100%; height: 100%; display: block; }
.ga-before-after__tag { position: absolute; top: 8px; padding: 1px 8px; border-radius: 999px;
  font-size: 11px; font-weight: 600; color: #fff; background: rgba(0, 0, 0, 0.55); pointer-events: none; }
.ga-before-after__tag--before { left: 8px; }
.ga-before-after__tag--after { right: 8px; }
.ga-before-after__divider { position: absolute; top: 0; bottom: 0; width: 0; outline: none; }
.ga-before-after__divider::before { content: ''; position: absolute; top: 0; bottom: 0; left: -1px;
  width: 2px; background: #fff; box-shadow: 0 0 3px rgba(0, 0, 0, 0.6); }
.ga-before-after__handle { position: absolute; top: 50%; left: -15px; width: 30px; height: 30px;
  margin-top: -15px; border-radius: 50%; background: #fff; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.5);
  display: flex; align-items: center; justify-content: center; color: #222; font-size: 14px; }
.ga-before-after__divider:focus-visible .ga-before-after__handle { outline: 3px solid var(--ga-focus, #7aa2ff);
  outline-offset: 2px; }
.ga-before-after__empty { position: absolute; inset: 0; display: flex; align-items: center;
  justify-content: center; color: var(--ga-muted); }
.ga-before-after__caption { margin-top: 6px; color: var(--ga-muted); font-variant-numeric: tabular-nums; min-height: 1.4em; }
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
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  parent.appendChild(e);
  return e;
}

export class BeforeAfterView extends Component<BeforeAfterData> {
  private readonly frame: HTMLElement;
  private readonly beforeCanvas: HTMLCanvasElement;
  private readonly afterCanvas: HTMLCanvasElement;
  private readonly divider: HTMLElement;
  private readonly beforeTag: HTMLElement;
  private readonly afterTag: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly caption: HTMLElement;
  private readonly beforeLabel: string;
  private readonly afterLabel: string;
  private hasBefore = false;
  private hasAfter = false;
  private p: number;

  static async create(
    parent: HTMLElement,
    options: BeforeAfterOptions = {},
  ): Promise<BeforeAfterView> {
    const host = document.createElement('div');
    host.className = 'ga-card ga-before-after';
    return BeforeAfterView.attach(parent, host, (h) => new BeforeAfterView(h, options));
  }

  private constructor(
    element: HTMLElement,
    private readonly opts: BeforeAfterOptions,
  ) {
    super(element);
    injectStyle();
    styleCard(element, this.theme);
    element.style.width = `${opts.width ?? 360}px`;
    element.setAttribute('role', 'group');
    element.setAttribute('aria-label', opts.label ?? 'Before and after');
    this.beforeLabel = opts.beforeLabel ?? 'Before';
    this.afterLabel = opts.afterLabel ?? 'After';
    this.p = clampPosition(opts.position ?? 0.5);

    this.frame = part('div', 'ga-before-after__frame', element);
    this.frame.style.aspectRatio = '1';
    this.beforeCanvas = part('canvas', 'ga-before-after__before', this.frame);
    this.afterCanvas = part('canvas', 'ga-before-after__after', this.frame);
    for (const c of [this.beforeCanvas, this.afterCanvas]) c.setAttribute('aria-hidden', 'true');
    this.empty = part('div', 'ga-before-after__empty', this.frame);
    this.empty.textContent = 'No picture yet';
    this.beforeTag = part('span', 'ga-before-after__tag ga-before-after__tag--before', this.frame);
    this.beforeTag.textContent = this.beforeLabel;
    this.afterTag = part('span', 'ga-before-after__tag ga-before-after__tag--after', this.frame);
    this.afterTag.textContent = this.afterLabel;
    this.divider = part('div', 'ga-before-after__divider', this.frame);
    this.divider.tabIndex = 0;
    this.divider.setAttribute('role', 'slider');
    this.divider.setAttribute(
      'aria-label',
      `Divider between ${this.beforeLabel} and ${this.afterLabel}`,
    );
    this.divider.setAttribute('aria-valuemin', '0');
    this.divider.setAttribute('aria-valuemax', '100');
    this.divider.setAttribute('aria-orientation', 'horizontal');
    part('span', 'ga-before-after__handle', this.divider).textContent = '⇔';
    this.caption = part('div', 'ga-before-after__caption', element);
    wireDividerDrag(this.frame, this.divider, {
      active: () => this.hasBefore && this.hasAfter,
      position: () => this.p,
      move: (p) => this.move(p),
    });
    this.layout();
  }

  /** The divider's position, 0..1 of the width shown as "before". */
  get position(): number {
    return this.p;
  }

  update(data: BeforeAfterData): void {
    if (data.before !== undefined) this.hasBefore = this.paint(this.beforeCanvas, data.before);
    if (data.after !== undefined) this.hasAfter = this.paint(this.afterCanvas, data.after);
    if (data.position !== undefined) this.p = clampPosition(data.position);
    if (data.caption !== undefined) this.caption.textContent = data.caption ?? '';
    // The frame takes the shape of the "before" picture (the "after" is stretched onto it).
    const shape = data.before ?? (this.hasBefore ? null : data.after);
    if (shape) this.frame.style.aspectRatio = `${shape.width} / ${shape.height}`;
    this.layout();
  }

  protected themeChanged(): void {
    styleCard(this.element, this.theme);
    setThemeVariables(this.element, this.theme);
  }

  private paint(canvas: HTMLCanvasElement, image: RgbImage | null): boolean {
    if (!image) {
      canvas.width = 0;
      canvas.height = 0;
      return false;
    }
    paintRgb(canvas, image);
    return true;
  }

  private layout(): void {
    const both = this.hasBefore && this.hasAfter;
    // With one picture there is nothing to compare: show it whole, no divider.
    const p = both ? this.p : this.hasBefore ? 1 : 0;
    this.afterCanvas.style.clipPath = afterClip(p);
    this.afterCanvas.hidden = !this.hasAfter;
    this.beforeCanvas.hidden = !this.hasBefore;
    this.empty.hidden = this.hasBefore || this.hasAfter;
    this.divider.hidden = !both;
    // A side's tag goes when the divider all but covers that side.
    this.beforeTag.hidden = !this.hasBefore || (both && p < 0.15);
    this.afterTag.hidden = !this.hasAfter || (both && p > 0.85);
    this.divider.style.left = `${(this.p * 100).toFixed(2)}%`;
    this.divider.setAttribute('aria-valuenow', String(percent(this.p)));
    this.divider.setAttribute(
      'aria-valuetext',
      valueText(this.p, this.beforeLabel, this.afterLabel),
    );
    this.element.dataset.position = this.p.toFixed(3);
    this.element.dataset.pictures = both
      ? 'both'
      : this.hasBefore
        ? 'before'
        : this.hasAfter
          ? 'after'
          : 'none';
  }

  private move(p: number): void {
    if (p === this.p) return;
    this.p = p;
    this.layout();
    this.opts.onChange?.(p);
  }
}
