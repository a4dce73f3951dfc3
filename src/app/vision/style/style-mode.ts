/**
 * A mode of the style-transfer studio, shown under its own tab: "Optimise a picture" (Gatys
 * et al., gatys-mode.ts) today; a live feed-forward mode (Johnson et al.) can sit beside it
 * as one more entry of STYLE_MODES (style-studio.ts) without touching the others. Each mode
 * owns its worker and is made on its first visit.
 */
import type { BackendChoice, BackendRequest } from '../../../../workers/style-api';

export interface StyleMode {
  /** The backend its worker chose (the studio's chip shows the first mode's). */
  readonly backend: Promise<BackendChoice>;
  /** Builds the mode into `parent` (once). */
  mount(parent: HTMLElement): Promise<void>;
  /** The mode is shown (again): start its camera, its loops. */
  enter(): Promise<void>;
  /** The mode is hidden: release the camera and loops; a run in its worker may go on. */
  leave(): void;
}

export interface StyleModeEntry {
  /** The tab's text. */
  label: string;
  make(request: BackendRequest): StyleMode;
}
