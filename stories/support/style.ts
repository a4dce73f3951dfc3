/**
 * Story helpers for the style-transfer components: our generated landscapes and shipped
 * styles (drawn by the project's own code, the same pictures the app shows), and a cheap
 * stand-in for a stylised picture so that stories need no worker and no optimisation: the
 * content's brightness ranks mapped onto the style's colours (the style's palette, the
 * content's layout), with a little of the style's texture over it. It is not Gatys' result,
 * only something that reads like one in a story.
 */

import type { StyleLossPoint } from '../../src/ui/style-loss-math';
import type { RgbImage } from '../../src/ui/vision-overlay';
import { contentScene } from '../../src/vision/style/content-scenes';
import { SHIPPED_STYLES, shippedStyle } from '../../src/vision/style/styles';
import { gaussian, rng } from './mount';

export const STYLE_NAMES = SHIPPED_STYLES.map((s) => s.name);

export function scenePicture(index: number, size: number): RgbImage {
  const p = contentScene(index, size);
  return { rgb: p.data, width: p.width, height: p.height };
}

export function stylePicture(name: string, size: number): RgbImage {
  const p = shippedStyle(name, size);
  return { rgb: p.data, width: p.width, height: p.height };
}

const luma = (rgb: ArrayLike<number>, i: number) =>
  0.299 * (rgb[i * 3] as number) +
  0.587 * (rgb[i * 3 + 1] as number) +
  0.114 * (rgb[i * 3 + 2] as number);

/** The stand-in "stylised" content (same size as `content`, `style` at least as large). */
export function standInStylised(content: RgbImage, style: RgbImage, texture = 0.3): RgbImage {
  const n = content.width * content.height;
  const order = (img: RgbImage, count: number) =>
    Array.from({ length: count }, (_, i) => i).sort((a, b) => luma(img.rgb, a) - luma(img.rgb, b));
  const styleCount = style.width * style.height;
  const styleOrder = order(style, styleCount);
  const contentOrder = order(content, n);
  const out = new Uint8Array(n * 3);
  contentOrder.forEach((pixel, rank) => {
    const s = styleOrder[Math.floor((rank / n) * styleCount)] as number;
    const x = pixel % content.width;
    const y = Math.floor(pixel / content.width);
    const t = (y % style.height) * style.width + (x % style.width);
    for (let k = 0; k < 3; k++)
      out[pixel * 3 + k] = Math.round(
        (1 - texture) * (style.rgb[s * 3 + k] as number) +
          texture * (style.rgb[t * 3 + k] as number),
      );
  });
  return { rgb: out, width: content.width, height: content.height };
}

/**
 * A loss curve shaped like a real run's: the content term rises from 0 as the picture leaves
 * the content, the style term falls over decades, total variation creeps up; a coarse pass
 * ends at 60 % of the steps with a jump, as the engine's does. Seeded noise.
 */
export function lossCurve(steps: number, seed: number, secondsPerStep = 0.23): StyleLossPoint[] {
  const noise = gaussian(rng(seed));
  const coarse = Math.round(steps * 0.6);
  return Array.from({ length: steps }, (_, i) => {
    const step = i + 1;
    const u = step / steps;
    const jitter = () => Math.exp(0.04 * noise());
    const bump = step > coarse ? Math.exp(-(step - coarse) / 4) : 0;
    const content = step === 1 ? 0 : 0.55 * (1 - Math.exp(-step / 6)) * jitter();
    const style = (3 * Math.exp(-6 * u) + 0.004 + 0.03 * bump) * jitter();
    const tv =
      (0.012 + 0.008 * (1 - Math.exp(-step / 10)) - (step > coarse ? 0.006 : 0)) * jitter();
    return {
      step,
      content,
      style,
      tv,
      total: content + 20 * style + tv,
      seconds: step * secondsPerStep,
    };
  });
}
