import { describe, expect, it } from 'vitest';
import { seriesColor } from '../../src/ui/series-color';
import { THEMES } from '../../src/ui/theme';
import { DIGIT_COLORS } from '../../src/ui/vision-palette';

describe('seriesColor', () => {
  const palette = THEMES.dark.series;

  it('takes the theme palette by index, wrapping past its end', () => {
    expect(seriesColor(undefined, 1, palette)).toBe(palette[1]);
    expect(seriesColor(undefined, palette.length + 2, palette)).toBe(palette[2]);
  });

  it("prefers a series' own colour, so ten digits keep ten distinct colours", () => {
    const colors = DIGIT_COLORS.map((c, d) => seriesColor(c, d, palette));
    expect(colors).toEqual([...DIGIT_COLORS]);
    expect(new Set(colors).size).toBe(10);
    // The palette alone repeats after its six colours: digits 0 and 6 would share one.
    expect(seriesColor(undefined, 6, palette)).toBe(seriesColor(undefined, 0, palette));
  });
});
