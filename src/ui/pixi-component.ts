/**
 * The base of every Pixi component (charts, plots, bars, grids, env views): a card holding a
 * plain 2D canvas, a Pixi stage drawn by the page's one shared renderer (shared-renderer.ts),
 * redraws on demand at most once per animation frame, `flush()` to draw now (tests,
 * screenshots), and a scene rebuilt in the new colours when the theme changes.
 *
 * A subclass builds its Pixi objects in `buildScene` (again after a theme change: objects made
 * there must not be kept elsewhere) and lays them out for its data in `draw`.
 */
import { Container } from 'pixi.js';
import { makeCardHost, styleCard } from './card';
import { Component } from './component';
import { RedrawScheduler } from './redraw';
import { type RenderedView, sharedRenderer } from './shared-renderer';
import { currentTheme } from './theme';

/** The card a component lives in: its class (`ga-*`), its accessible name, its canvas size. */
export interface CardSpec {
  className: string;
  label: string;
  width: number;
  height: number;
}

export abstract class PixiComponent<Data> extends Component<Data> implements RenderedView {
  /** The canvas the picture is shown in: listen for pointer events here. */
  readonly canvas: HTMLCanvasElement;
  /** The scene; buildScene adds to it. */
  protected readonly stage = new Container();
  /** Canvas size in CSS pixels. */
  protected width: number;
  protected height: number;
  private readonly scheduler = new RedrawScheduler(() => this.paint());
  private readonly reducedMotion =
    typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  private tweenStart = 0;

  protected constructor(host: HTMLElement, size: { width: number; height: number }) {
    super(host);
    this.width = size.width;
    this.height = size.height;
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'ga-canvas';
    this.canvas.style.display = 'block';
    this.canvas.style.maxWidth = '100%';
    this.setCanvasSize();
    host.appendChild(this.canvas);
  }

  /**
   * Creates a component in a new card in `parent` once the shared renderer is ready; the card
   * is removed again if that or the component fails.
   */
  protected static async mount<C extends PixiComponent<unknown>>(
    parent: HTMLElement,
    spec: CardSpec,
    make: (host: HTMLElement) => C,
  ): Promise<C> {
    const host = makeCardHost(currentTheme(), spec.className, spec.label);
    return Component.attach(parent, host, async (h) => {
      await sharedRenderer.ready();
      return make(h);
    });
  }

  /** Adds the component's Pixi objects, in the colours of `this.theme`, to `this.stage`. */
  protected abstract buildScene(): void;

  /** Lays the scene out for the current data (the picture is shown after it). */
  protected abstract draw(): void;

  /** Redraws on the next animation frame. */
  protected requestRedraw(): void {
    this.scheduler.request();
  }

  /** Redraws now instead of on the next animation frame, skipping any easing (tests, screenshots). */
  flush(): void {
    this.tweenStart = 0;
    this.scheduler.now();
  }

  /** Starts easing toward new data: tweenProgress counts from now. */
  protected startTween(): void {
    this.tweenStart = performance.now();
  }

  /**
   * How far the easing started last has got over `ms`, 0..1 (1 with reduced motion or after
   * flush), asking for the next frame until it is done.
   */
  protected tweenProgress(ms: number): number {
    if (ms <= 0 || this.reducedMotion) return 1;
    const u = Math.min(1, (performance.now() - this.tweenStart) / ms);
    if (u < 1) this.requestRedraw();
    return u;
  }

  /** Called by the shared renderer when a new one took over (after a lost context). */
  repaint(): void {
    this.scheduler.request();
  }

  /** Changes the canvas size (CSS pixels); the next redraw uses it. */
  protected resize(width: number, height: number): void {
    if (width === this.width && height === this.height) return;
    this.width = width;
    this.height = height;
    this.setCanvasSize();
  }

  protected override start(): void {
    super.start();
    this.buildScene();
    sharedRenderer.attach(this);
    this.scheduler.now();
  }

  protected themeChanged(): void {
    styleCard(this.element, this.theme);
    for (const child of this.stage.removeChildren()) child.destroy({ children: true });
    this.buildScene();
    this.scheduler.request();
  }

  override destroy(): void {
    if (this.isDestroyed) return;
    this.scheduler.destroy();
    sharedRenderer.detach(this);
    this.stage.destroy({ children: true, texture: true, textureSource: true });
    super.destroy();
  }

  /**
   * Layout size in CSS pixels. A narrow column shrinks the canvas (max-width: 100%); the height
   * follows the width through aspect-ratio, so the picture scales as a whole instead of being
   * squeezed sideways (text and circles drawn narrow on a phone).
   */
  private setCanvasSize(): void {
    this.canvas.style.width = `${this.width}px`;
    this.canvas.style.height = 'auto';
    this.canvas.style.aspectRatio = `${this.width} / ${this.height}`;
  }

  private paint(): void {
    this.draw();
    sharedRenderer.draw(this.stage, this.width, this.height, this.theme.panel, this.canvas);
  }
}
