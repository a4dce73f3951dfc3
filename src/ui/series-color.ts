/**
 * A chart series' colour: its own when it has one (a digit's colour, the same as in the
 * vision overlays and legends), otherwise the theme's series palette, wrapping around.
 */
export function seriesColor(
  own: number | undefined,
  colorIndex: number,
  palette: readonly number[],
): number {
  return own ?? palette[colorIndex % palette.length];
}
