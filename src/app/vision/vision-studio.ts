/**
 * A studio of the Vision area (detect & segment, make digits, style transfer): made on its
 * first visit and kept, so a training in its worker goes on while another studio shows;
 * `leave` releases what must not outlive the view (the camera, animation loops).
 */
import type { BackendChoice } from '../../../workers/vision-api';

export interface VisionStudio {
  /** The backend its worker chose, for the header chip. */
  readonly backend: Promise<BackendChoice>;
  /** Shows the studio in `parent` (mounting it the first time). */
  show(parent: HTMLElement): Promise<void>;
  /** The studio is hidden: release the camera, stop drawing loops; keep workers and results. */
  leave(): void;
}

export interface StudioEntry {
  /** The link text in the Vision area's sub-navigation. */
  label: string;
  make(): VisionStudio;
}
