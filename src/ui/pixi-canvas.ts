/**
 * One place that creates a Pixi application for a component.
 *
 * WebGL is preferred (then canvas): WebGPU *presentation* fails on software adapters such as
 * SwiftShader, and WebGPU is reserved for the math in workers anyway (PLATFORM.md).
 */
import { Application } from 'pixi.js';
import { currentTheme } from './theme';

export interface CanvasOptions {
  width: number;
  height: number;
  /** Transparent background lets the page's panel show through (default true). */
  transparent?: boolean;
}

export async function createPixiApp(
  parent: HTMLElement,
  opts: CanvasOptions,
): Promise<Application> {
  const app = new Application();
  await app.init({
    width: opts.width,
    height: opts.height,
    preference: 'webgl',
    antialias: true,
    backgroundAlpha: opts.transparent === false ? 1 : 0,
    // Transparent must clear to black: WebGL canvases are premultiplied, so a clear colour of
    // (panel, alpha 0) is *added* to the page behind (measured: the panel drawn twice as bright).
    background: opts.transparent === false ? currentTheme().panel : 0x000000,
    resolution: Math.min(globalThis.devicePixelRatio || 1, 2),
    autoDensity: true,
  });
  app.canvas.style.display = 'block';
  app.canvas.style.maxWidth = '100%';
  parent.appendChild(app.canvas);
  return app;
}

/**
 * The contract of every UI component: created into a parent element, fed plain data
 * (never tensors), destroyed when its view goes away.
 */
export interface UiComponent<Data> {
  /** The element the component added to its parent. */
  readonly element: HTMLElement;
  update(data: Data): void;
  destroy(): void;
}
