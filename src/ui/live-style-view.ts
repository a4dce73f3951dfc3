/**
 * A live video and its painting by a style net: side by side, or one over the other under a
 * divider (before-after-math.ts: drag it, or focus it and use the arrows, Page Up/Down, Home,
 * End). The video is the page's own element (a camera's <video>, or a canvas the page
 * animates) shown as it is, so the browser composites it at no cost to the page; the painting
 * is RGBA the worker sent, put on a 2D canvas. Under them, frames per second and where a
 * frame's time goes. Plain DOM and 2D canvases: the main thread's share per frame is one
 * putImageData.
 */
import { afterClip, clampPosition, percent, valueText } from './before-after-math';
import { setThemeVariables, styleCard } from './card';
import { Component } from './component';
import { wireDividerDrag } from './divider-drag';
import { type LiveFigures, liveStatsLines } from './live-style-stats';

export type LiveLayout = 'side' | 'divider';

export interface LiveStyleViewOptions {
  /** Width in CSS pixels (default 720); never wider than its parent. */
  width?: number;
  layout?: LiveLayout;
  beforeLabel?: string;
  afterLabel?: string;
  /** The card's accessible name. */
  label?: string;
}

export interface LiveStyleViewData {
  /** The figures under the pictures (null: none yet). */
  stats?: LiveFigures | null;
  /** A line over the painting ("Paused", "Loading the net…"); null clears it. */
  message?: string | null;
  /** A line under the figures (the net and size); null clears it. */
  caption?: string | null;
  layout?: LiveLayout;
  /** The divider's position (0..1), divider layout. */
  position?: number;
}

const STYLE_ID = 'ga-live-style-style';
const STYLE = `
.ga-live-style { padding: 10px; font: 12px/1.4 var(--ga-font); color: var(--ga-text); }
.ga-live-style [hidden] { display: none !important; }
.ga-live-style__panes { display: grid; gap: 8px; grid-template-columns: 1fr 1fr; position: relative;
  touch-action: pan-y; }
.ga-live-style__panes[data-layout="divider"] { grid-template-columns: 1fr; cursor: ew-resize; user-select: none; }
.ga-live-style__panes[data-layout="divider"] > .ga-live-style__pane { grid-area: 1 / 1; }
.ga-live-style__pane { position: relative; aspect-ratio: 4 / 3; overflow: hidden; border-radius: 6px;
  background: var(--ga-bg); min-width: 0; }
.ga-live-style__pane > video, .ga-live-style__pane > canvas { position: absolute; inset: 0; width: 100%;
  height: 100%; display: block; object-fit: cover; }
.ga-live-style__tag { position: absolute; top: 6px; padding: 1px 8px; border-radius: 999px; font-size: 11px;
  font-weight: 600; color: #fff; background: rgba(0, 0, 0, 0.55); pointer-events: none; z-index: 1; }
.ga-live-style__tag--before { left: 6px; }
.ga-live-style__tag--after { right: 6px; }
.ga-live-style__message { position: absolute; left: 75%; top: 50%; transform: translate(-50%, -50%);
  max-width: 46%; padding: 4px 10px; border-radius: 6px; text-align: center; color: #fff;
  background: rgba(0, 0, 0, 0.6); z-index: 1; pointer-events: none; }
.ga-live-style__panes[data-layout="divider"] > .ga-live-style__message { left: 50%; max-width: 90%; }
.ga-live-style__divider { position: absolute; top: 0; bottom: 0; width: 0; outline: none; z-index: 2; }
.ga-live-style__divider::before { content: ''; position: absolute; top: 0; bottom: 0; left: -1px; width: 2px;
  background: #fff; box-shadow: 0 0 3px rgba(0, 0, 0, 0.6); }
.ga-live-style__handle { position: absolute; top: 50%; left: -15px; width: 30px; height: 30px; margin-top: -15px;
  border-radius: 50%; background: #fff; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.5); display: flex;
  align-items: center; justify-content: center; color: #222; font-size: 14px; }
.ga-live-style__divider:focus-visible .ga-live-style__handle { outline: 3px solid var(--ga-focus, #7aa2ff);
  outline-offset: 2px; }
.ga-live-style__stats { margin-top: 8px; font-variant-numeric: tabular-nums; min-height: 2.8em; }
.ga-live-style__speed { font-weight: 600; font-size: 13px; }
.ga-live-style__stages, .ga-live-style__caption { color: var(--ga-muted); overflow-wrap: anywhere; }
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

export class LiveStyleView extends Component<LiveStyleViewData> {
  private readonly panes: HTMLElement;
  private readonly before: HTMLElement;
  private readonly after: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly message: HTMLElement;
  private readonly divider: HTMLElement;
  private readonly speed: HTMLElement;
  private readonly stages: HTMLElement;
  private readonly caption: HTMLElement;
  private readonly beforeLabel: string;
  private readonly afterLabel: string;
  private source: HTMLVideoElement | HTMLCanvasElement | null = null;
  private layoutName: LiveLayout;
  private p = 0.5;
  private painted = 0;
  private imageData: ImageData | null = null;

  static async create(
    parent: HTMLElement,
    options: LiveStyleViewOptions = {},
  ): Promise<LiveStyleView> {
    const host = document.createElement('div');
    host.className = 'ga-card ga-live-style';
    return LiveStyleView.attach(parent, host, (h) => new LiveStyleView(h, options));
  }

  private constructor(element: HTMLElement, opts: LiveStyleViewOptions) {
    super(element);
    injectStyle();
    styleCard(element, this.theme);
    element.style.width = `${opts.width ?? 720}px`;
    element.setAttribute('role', 'group');
    element.setAttribute('aria-label', opts.label ?? 'Live video and its painting');
    this.beforeLabel = opts.beforeLabel ?? 'Camera';
    this.afterLabel = opts.afterLabel ?? 'Stylised';
    this.layoutName = opts.layout ?? 'side';
    this.panes = part('div', 'ga-live-style__panes', element);
    this.before = part('div', 'ga-live-style__pane ga-live-style__pane--before', this.panes);
    part('span', 'ga-live-style__tag ga-live-style__tag--before', this.before, this.beforeLabel);
    this.after = part('div', 'ga-live-style__pane ga-live-style__pane--after', this.panes);
    this.canvas = part('canvas', 'ga-live-style__painting', this.after);
    this.canvas.setAttribute('aria-hidden', 'true');
    part('span', 'ga-live-style__tag ga-live-style__tag--after', this.after, this.afterLabel);
    this.message = part('div', 'ga-live-style__message', this.panes);
    this.message.setAttribute('role', 'status');
    this.message.hidden = true;
    this.divider = part('div', 'ga-live-style__divider', this.panes);
    this.divider.tabIndex = 0;
    this.divider.setAttribute('role', 'slider');
    this.divider.setAttribute(
      'aria-label',
      `Divider between ${this.beforeLabel} and ${this.afterLabel}`,
    );
    this.divider.setAttribute('aria-valuemin', '0');
    this.divider.setAttribute('aria-valuemax', '100');
    part('span', 'ga-live-style__handle', this.divider, '⇔');
    const stats = part('div', 'ga-live-style__stats', element);
    this.speed = part('div', 'ga-live-style__speed', stats, 'No frames yet');
    this.stages = part('div', 'ga-live-style__stages', stats);
    this.caption = part('div', 'ga-live-style__caption', stats);
    wireDividerDrag(this.panes, this.divider, {
      active: () => this.layoutName === 'divider',
      position: () => this.p,
      move: (p) => this.move(p),
    });
    this.layout();
  }

  /** What the "before" side shows: the page's video or an animated canvas (null: nothing). */
  setSource(source: HTMLVideoElement | HTMLCanvasElement | null): void {
    if (this.source === source) return;
    this.source?.remove();
    this.source = source;
    if (source) this.before.prepend(source);
    this.element.dataset.source = source ? source.tagName.toLowerCase() : 'none';
  }

  /** Puts a painted frame (RGBA, width x height) on the "after" side. */
  paint(rgba: Uint8ClampedArray, width: number, height: number): void {
    if (rgba.length !== width * height * 4)
      throw new Error(`LiveStyleView.paint: ${rgba.length} bytes for ${width}x${height} RGBA`);
    if (this.canvas.width !== width) this.canvas.width = width;
    if (this.canvas.height !== height) this.canvas.height = height;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    // A fresh ImageData wraps the bytes without a copy.
    this.imageData = new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, width, height);
    ctx.putImageData(this.imageData, 0, 0);
    this.painted++;
    this.element.dataset.painted = String(this.painted);
  }

  /** Frames painted so far. */
  get paintedFrames(): number {
    return this.painted;
  }

  /** The painting as shown (its own size): for a snapshot. */
  painting(): HTMLCanvasElement {
    return this.canvas;
  }

  get layoutMode(): LiveLayout {
    return this.layoutName;
  }

  update(data: LiveStyleViewData): void {
    if (data.stats !== undefined) {
      const s = data.stats;
      if (s && s.frames > 0) {
        const [speed, stages] = liveStatsLines(s);
        this.speed.textContent = speed;
        this.stages.textContent = stages;
        this.element.dataset.fps = s.fps.toFixed(1);
      } else {
        this.speed.textContent = 'No frames yet';
        this.stages.textContent = '';
        this.element.dataset.fps = '0';
      }
    }
    if (data.message !== undefined) {
      this.message.textContent = data.message ?? '';
      this.message.hidden = !data.message;
    }
    if (data.caption !== undefined) this.caption.textContent = data.caption ?? '';
    if (data.layout !== undefined) this.layoutName = data.layout;
    if (data.position !== undefined) this.p = clampPosition(data.position);
    this.layout();
  }

  protected themeChanged(): void {
    styleCard(this.element, this.theme);
    setThemeVariables(this.element, this.theme);
  }

  private layout(): void {
    const divider = this.layoutName === 'divider';
    this.panes.dataset.layout = this.layoutName;
    this.element.dataset.layout = this.layoutName;
    this.divider.hidden = !divider;
    this.after.style.clipPath = divider ? afterClip(this.p) : '';
    this.divider.style.left = `${(this.p * 100).toFixed(2)}%`;
    this.divider.setAttribute('aria-valuenow', String(percent(this.p)));
    this.divider.setAttribute(
      'aria-valuetext',
      valueText(this.p, this.beforeLabel, this.afterLabel),
    );
  }

  private move(p: number): void {
    if (p === this.p) return;
    this.p = p;
    this.layout();
  }

  override destroy(): void {
    // The source belongs to the page: take it out, do not stop it.
    this.source?.remove();
    this.source = null;
    super.destroy();
  }
}
