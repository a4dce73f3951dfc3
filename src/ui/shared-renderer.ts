/**
 * One Pixi renderer for the whole page. A browser allows a page about 16 WebGL contexts and
 * drops the oldest beyond that ("Too many active WebGL contexts"), while the app shows dozens
 * of canvases; so no component owns a context. Each keeps a plain 2D canvas, and to show a
 * picture this renderer draws the component's stage and the pixels are copied into that
 * canvas with drawImage in the same task (a WebGL drawing buffer is still intact until the
 * task ends). One context, however many components.
 *
 * A lost context (GPU reset, the browser reclaiming it) is survived: the renderer is dropped,
 * a fresh one is made, and every live view repaints; the 2D canvases keep their last picture
 * meanwhile. WebGL is preferred, then Pixi's canvas renderer: WebGPU *presentation* fails on
 * software adapters such as SwiftShader, and WebGPU is kept for the math in workers.
 *
 * Except where WebGL itself runs on the CPU (SwiftShader, llvmpipe: no GPU, as on our test
 * machine): there every copy out of the WebGL canvas waits for a software rasteriser, and the
 * copies took 80 % of the main thread while an agent trained (bench/frames); Pixi's canvas
 * renderer draws with the browser's 2D canvas, which is made for the CPU, and the page's main
 * thread went from busy to 30 %. `?renderer=webgl|canvas` in the page URL overrides the choice.
 */
import { autoDetectRenderer, type Container, type Renderer } from 'pixi.js';
import { chooseRendererKind, type RendererKind } from './renderer-choice';

/** What the renderer asks of a view: a repaint once a new renderer is ready. */
export interface RenderedView {
  repaint(): void;
}

/** Device pixels per CSS pixel of every picture (capped: 3x screens gain little, cost 2.25x). */
export function pictureResolution(): number {
  return Math.min(globalThis.devicePixelRatio || 1, 2);
}

/** Waits after a failed creation before trying again. */
const RETRY_MS = 1000;

class SharedRenderer {
  private renderer: Renderer | null = null;
  private pending: Promise<Renderer> | null = null;
  private readonly views = new Set<RenderedView>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Renderers made so far (1 unless a context was lost): for tests and diagnostics. */
  created = 0;
  /** The kind in use, chosen on the first creation. */
  kind: RendererKind | null = null;

  /** Resolves once a renderer exists; rejects if none can be made in this browser. */
  ready(): Promise<Renderer> {
    if (this.renderer) return Promise.resolve(this.renderer);
    this.pending ??= this.create();
    return this.pending;
  }

  attach(view: RenderedView): void {
    this.views.add(view);
  }

  detach(view: RenderedView): void {
    this.views.delete(view);
  }

  /**
   * Draws `stage` at `width` x `height` CSS pixels into `target` (its backing store sized to
   * match). Returns false when no renderer is ready: the target keeps its picture, and the
   * view is repainted when one is.
   */
  draw(
    stage: Container,
    width: number,
    height: number,
    clearColor: number,
    target: HTMLCanvasElement,
  ): boolean {
    const renderer = this.renderer;
    if (!renderer) {
      void this.ready().catch(() => this.retryLater());
      return false;
    }
    const resolution = pictureResolution();
    const pw = Math.max(1, Math.round(width * resolution));
    const ph = Math.max(1, Math.round(height * resolution));
    // Grow only: views of many sizes take turns, and reallocating the buffer each turn costs.
    // The stage is drawn from the top left, so the view's picture is that corner.
    const source = renderer.canvas;
    if (source.width < pw || source.height < ph || renderer.resolution !== resolution) {
      renderer.resize(
        Math.max(width, source.width / renderer.resolution),
        Math.max(height, source.height / renderer.resolution),
        resolution,
      );
    }
    renderer.render({ container: stage, clear: true, clearColor });
    if (target.width !== pw) target.width = pw;
    if (target.height !== ph) target.height = ph;
    const ctx = target.getContext('2d');
    if (!ctx) return false;
    ctx.clearRect(0, 0, pw, ph);
    ctx.drawImage(source, 0, 0, pw, ph, 0, 0, pw, ph);
    return true;
  }

  private async create(): Promise<Renderer> {
    try {
      this.kind ??= chooseRendererKind();
      if (typeof document !== 'undefined') document.documentElement.dataset.renderer = this.kind;
      const renderer = await autoDetectRenderer({
        preference: this.kind === 'webgl' ? ['webgl', 'canvas'] : ['canvas'],
        width: 1,
        height: 1,
        resolution: pictureResolution(),
        antialias: true,
        backgroundAlpha: 1,
        // Components listen to their own canvases; Pixi's pointer system has nothing to do.
        eventFeatures: { move: false, globalMove: false, click: false, wheel: false },
      });
      renderer.canvas.addEventListener('webglcontextlost', () => this.lost(renderer));
      this.renderer = renderer;
      this.created++;
      for (const view of [...this.views]) view.repaint();
      return renderer;
    } finally {
      this.pending = null;
    }
  }

  /** Drops a renderer whose context is gone and makes a fresh one for every live view. */
  private lost(renderer: Renderer): void {
    if (this.renderer !== renderer) return;
    this.renderer = null;
    try {
      renderer.destroy();
    } catch {
      // A lost context can make the cleanup's GL calls fail; the objects go with it anyway.
    }
    void this.ready().catch(() => this.retryLater());
  }

  private retryLater(): void {
    if (this.retryTimer !== null || this.views.size === 0) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.ready().catch(() => this.retryLater());
    }, RETRY_MS);
  }
}

/** The page's one renderer. */
export const sharedRenderer = new SharedRenderer();
