/**
 * Boxes, labels and masks drawn straight into an RGB image, for the CLI's `vision predict`
 * (the page draws its overlays with Pixi instead). A 3x5 pixel font holds what labels need:
 * digits and the decimal point.
 */
import type { Detection } from './metrics/boxes';

const FONT: Record<string, string> = {
  '0': '111101101101111',
  '1': '010110010010111',
  '2': '111001111100111',
  '3': '111001111001111',
  '4': '101101111001001',
  '5': '111100111001111',
  '6': '111100111101111',
  '7': '111001010010010',
  '8': '111101111101111',
  '9': '111101111001111',
  '.': '000000000000010',
  ' ': '000000000000000',
};

/** Class colours, the same order as the page's series colours. */
export const CLASS_COLORS: readonly [number, number, number][] = [
  [90, 209, 166],
  [122, 162, 255],
  [255, 193, 94],
  [255, 122, 107],
  [199, 146, 234],
  [77, 208, 225],
  [240, 98, 146],
  [174, 213, 129],
  [255, 167, 38],
  [149, 117, 205],
];

interface Canvas {
  rgb: Uint8Array;
  width: number;
  height: number;
}

function put(c: Canvas, x: number, y: number, color: readonly number[], alpha = 1): void {
  if (x < 0 || y < 0 || x >= c.width || y >= c.height) return;
  const i = (y * c.width + x) * 3;
  for (let k = 0; k < 3; k++)
    c.rgb[i + k] = Math.round(c.rgb[i + k] * (1 - alpha) + color[k] * alpha);
}

/** `text` in the 3x5 font at `scale` pixels a dot, on a filled background. */
function drawText(
  c: Canvas,
  text: string,
  x: number,
  y: number,
  scale: number,
  color: readonly number[],
): void {
  const w = text.length * 4 * scale + scale;
  for (let dy = 0; dy < 7 * scale; dy++)
    for (let dx = 0; dx < w; dx++) put(c, x + dx, y + dy, color);
  [...text].forEach((ch, k) => {
    const glyph = FONT[ch] ?? FONT[' '];
    for (let gy = 0; gy < 5; gy++)
      for (let gx = 0; gx < 3; gx++)
        if (glyph[gy * 3 + gx] === '1')
          for (let sy = 0; sy < scale; sy++)
            for (let sx = 0; sx < scale; sx++)
              put(
                c,
                x + scale + k * 4 * scale + gx * scale + sx,
                y + scale + gy * scale + sy,
                [0, 0, 0],
              );
  });
}

/** Each detection's box (2 px, its class colour) and "digit score" label above it. */
export function drawDetections(c: Canvas, detections: readonly Detection[], scale = 2): void {
  for (const d of detections) {
    const color = CLASS_COLORS[(d.categoryId - 1) % CLASS_COLORS.length];
    const [bx, by, bw, bh] = d.bbox.map(Math.round);
    for (let t = 0; t < 2; t++) {
      for (let x = bx; x < bx + bw; x++) {
        put(c, x, by + t, color);
        put(c, x, by + bh - 1 - t, color);
      }
      for (let y = by; y < by + bh; y++) {
        put(c, bx + t, y, color);
        put(c, bx + bw - 1 - t, y, color);
      }
    }
    const label = `${d.categoryId - 1} ${d.score.toFixed(2).slice(1)}`;
    drawText(c, label, bx, Math.max(0, by - 7 * scale), scale, color);
  }
}

/** Class map cells (class k > 0: digit k - 1) tinted over the image; background and void left. */
export function drawMask(
  c: Canvas,
  labels: Uint8Array,
  mw: number,
  mh: number,
  alpha = 0.45,
): void {
  for (let y = 0; y < c.height; y++)
    for (let x = 0; x < c.width; x++) {
      const k =
        labels[
          Math.min(mh - 1, Math.floor((y * mh) / c.height)) * mw +
            Math.min(mw - 1, Math.floor((x * mw) / c.width))
        ];
      if (k === 0 || k === 255) continue;
      put(c, x, y, CLASS_COLORS[(k - 1) % CLASS_COLORS.length], alpha);
    }
}
