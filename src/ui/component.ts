/**
 * The base of every UI component: created into a parent element, fed plain data (never
 * tensors), redrawn in the new colours when the page's theme changes, destroyed when its view
 * goes away. A component that fails while being created leaves nothing on the page.
 */
import { currentTheme, type Theme } from './theme';
import { onThemeChange } from './theme-watch';

/** The contract the app relies on. */
export interface UiComponent<Data> {
  /** The element the component added to its parent. */
  readonly element: HTMLElement;
  update(data: Data): void;
  destroy(): void;
}

export abstract class Component<Data> implements UiComponent<Data> {
  readonly element: HTMLElement;
  /** The palette now; replaced (and themeChanged called) when the page's theme changes. */
  protected theme: Theme = currentTheme();
  private stopWatchingTheme: (() => void) | null = null;
  private destroyed = false;

  protected constructor(element: HTMLElement) {
    this.element = element;
  }

  /**
   * Runs `make` for a component whose host element it puts into `parent` first (so parallel
   * creations keep their order); if `make` throws, the host is removed again.
   */
  protected static async attach<C extends Component<unknown>>(
    parent: HTMLElement,
    host: HTMLElement,
    make: (host: HTMLElement) => C | Promise<C>,
  ): Promise<C> {
    parent.appendChild(host);
    try {
      const component = await make(host);
      component.start();
      return component;
    } catch (err) {
      host.remove();
      throw err;
    }
  }

  abstract update(data: Data): void;

  /** Applies the new `this.theme` (the base has already set it). */
  protected abstract themeChanged(): void;

  /** Called once the component is built: from here on it follows the theme. */
  protected start(): void {
    this.theme = currentTheme();
    this.stopWatchingTheme = onThemeChange((theme) => {
      this.theme = theme;
      this.themeChanged();
    });
  }

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.stopWatchingTheme?.();
    this.element.remove();
  }
}
