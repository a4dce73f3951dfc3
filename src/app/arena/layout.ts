/** Panel sizes of the Arena for the width it has (1280-wide desktops down to 390-wide phones). */
import type { EnvName } from '../../../envs/registry';
import { ENV_VIEW_ASPECT } from '../../ui/env-view';

export interface ArenaSizes {
  /** The env view's canvas. */
  view: { width: number; height: number };
  /** Side panels (Q-values, training stats). */
  side: number;
  /** Each chart (two a row when wide, one when narrow). */
  chart: number;
  wide: boolean;
}

const GAP = 16;

export function arenaSizes(env: EnvName, contentWidth: number): ArenaSizes {
  const w = Math.max(280, Math.floor(contentWidth));
  const wide = w >= 760;
  const aspect = ENV_VIEW_ASPECT[env];
  const viewRoom = wide ? Math.min(600, w - 340 - GAP) : w;
  // 340 high when wide: the pickers, the controls and the game fit a 1280x800 screen.
  let height = wide ? 340 : Math.min(300, Math.round(w / aspect));
  let width = Math.round(height * aspect);
  if (width > viewRoom) {
    width = viewRoom;
    height = Math.round(width / aspect);
  }
  const side = wide ? Math.max(280, Math.min(380, w - width - GAP)) : w;
  const chart = wide ? Math.min(560, Math.floor((w - GAP) / 2)) : w;
  return { view: { width, height }, side, chart, wide };
}
