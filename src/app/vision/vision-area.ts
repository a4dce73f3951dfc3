/**
 * The Vision area: a sub-navigation over its studios (studios.ts) and the studio shown.
 * Studios are made on their first visit and kept; the one left is told so (camera off).
 */
import type { BackendChoice } from '../../../workers/vision-api';
import { el } from '../dom';
import { enterRoute } from '../url-state';
import { isStudioName, STUDIOS, type StudioName } from './studios';
import type { VisionStudio } from './vision-studio';

export class VisionArea {
  private readonly nav = el('nav', { class: 'subnav', 'aria-label': 'vision studios' });
  private readonly box = el('div', { class: 'vision-area' });
  private readonly studios = new Map<StudioName, VisionStudio>();
  private shown: StudioName | null = null;

  /**
   * Shows the studio named by the route's second part (the first when unknown) under `main`;
   * `onBackend` hears of the backend of each studio's worker when it is made.
   */
  show(
    main: HTMLElement,
    part: string,
    onBackend: (choice: Promise<BackendChoice>) => void,
  ): Promise<void> {
    const name: StudioName = isStudioName(part) ? part : 'detect';
    enterRoute(name === 'detect' ? 'vision' : `vision/${name}`);
    if (main.firstChild !== this.nav) main.replaceChildren(this.nav, this.box);
    this.nav.replaceChildren(
      ...(Object.keys(STUDIOS) as StudioName[]).map((s) =>
        el(
          'a',
          { href: `#vision/${s}`, ...(s === name ? { 'aria-current': 'page' } : {}) },
          STUDIOS[s].label,
        ),
      ),
    );
    if (this.shown && this.shown !== name) this.studios.get(this.shown)?.leave();
    this.shown = name;
    let studio = this.studios.get(name);
    if (!studio) {
      studio = STUDIOS[name].make();
      this.studios.set(name, studio);
      onBackend(studio.backend);
    }
    return studio.show(this.box);
  }

  /** The area is left: the studio shown lets go of the camera and its loops. */
  leave(): void {
    if (this.shown) this.studios.get(this.shown)?.leave();
    this.shown = null;
  }
}
