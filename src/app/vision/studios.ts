/**
 * The Vision area's studios, in the order of its sub-navigation; `#vision/NAME` shows one,
 * plain `#vision` the first. Each makes its own worker on its first visit.
 */
import { backendFromUrl } from '../url-options';
import { GanStudio } from './gan/gan-studio';
import { StyleStudio } from './style/style-studio';
import { VisionPage } from './vision-page';
import type { StudioEntry } from './vision-studio';

export const STUDIOS = {
  detect: { label: 'Detect & segment', make: () => new VisionPage(backendFromUrl()) },
  gan: { label: 'Make digits', make: () => new GanStudio(backendFromUrl()) },
  style: { label: 'Style transfer', make: () => new StyleStudio(backendFromUrl()) },
} satisfies Record<string, StudioEntry>;

export type StudioName = keyof typeof STUDIOS;

export function isStudioName(name: string): name is StudioName {
  return Object.hasOwn(STUDIOS, name);
}
