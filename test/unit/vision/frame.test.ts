import { describe, expect, it } from 'vitest';
import { boxToFrame, letterbox, letterboxGeometry, maskToFrame } from '../../../src/vision/frame';

/** A w x h RGB frame whose pixel (x, y) is [f(x, y), g, b]. */
function frame(w: number, h: number, at: (x: number, y: number) => [number, number, number]) {
  const rgb = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) rgb.set(at(x, y), (y * w + x) * 3);
  return rgb;
}

describe('letterbox', () => {
  it('keeps the aspect: a 640x480 frame fills 128x96, centred with 16 rows of padding above', () => {
    const g = letterboxGeometry(640, 480, 128, 128);
    expect(g.scale).toBe(0.2);
    expect([g.contentWidth, g.contentHeight, g.offsetX, g.offsetY]).toEqual([128, 96, 0, 16]);
    const tall = letterboxGeometry(100, 400, 128, 128);
    expect([tall.contentWidth, tall.contentHeight, tall.offsetX, tall.offsetY]).toEqual([
      32, 128, 48, 0,
    ]);
  });

  it('averages areas: a 2x2 checker of 0 and 200 becomes 100 at half size', () => {
    const rgb = frame(8, 8, (x, y) => ((x + y) % 2 ? [200, 200, 200] : [0, 0, 0]));
    const { rgb: out } = letterbox(rgb, 8, 8, 3, 4, 4);
    expect(new Set(out)).toEqual(new Set([100]));
  });

  it('weights partly covered pixels: 3 columns to 2 takes 1.5 source pixels per output', () => {
    // Columns 0, 90, 180: output 0 = (0 + 0.5 * 90) / 1.5 = 30, output 1 = (0.5 * 90 + 180) / 1.5 = 150.
    const rgb = frame(3, 3, (x) => [x * 90, 0, 0]);
    const { rgb: out, box } = letterbox(rgb, 3, 3, 3, 2, 2);
    expect(box.scale).toBeCloseTo(2 / 3);
    expect([out[0], out[3], out[6], out[9]]).toEqual([30, 150, 30, 150]);
  });

  it('pads with the frame mean colour and reads RGBA as well as RGB', () => {
    // A 4x2 frame (wide): the upper half of the 4x4 input is padding... centred: rows 1..2 content.
    const rgba = new Uint8Array(4 * 2 * 4);
    for (let i = 0; i < 8; i++) rgba.set(i < 4 ? [10, 20, 30, 255] : [30, 40, 50, 255], i * 4);
    const { rgb, box } = letterbox(rgba, 4, 2, 4, 4, 4);
    expect([box.offsetY, box.contentHeight]).toEqual([1, 2]);
    expect(Array.from(rgb.subarray(0, 3))).toEqual([20, 30, 40]); // padding: the mean
    expect(Array.from(rgb.subarray(4 * 3, 4 * 3 + 3))).toEqual([10, 20, 30]); // row 1: frame row 0
    expect(Array.from(rgb.subarray(3 * 4 * 3, 3 * 4 * 3 + 3))).toEqual([20, 30, 40]);
  });

  it('refuses a wrong byte count or an empty frame with the sizes in the message', () => {
    expect(() => letterbox(new Uint8Array(10), 4, 4, 3, 8, 8)).toThrow(
      /4x4 frame .* 48 bytes, got 10/,
    );
    expect(() => letterboxGeometry(0, 4, 8, 8)).toThrow(/a frame must be 1..8192/);
  });
});

describe('mapping answers back to the frame', () => {
  it('a box in the input lands on the same part of the frame', () => {
    const g = letterboxGeometry(640, 480, 128, 128);
    // The frame's box (100, 50, 200, 100) is (20, 26, 40, 20) in the input.
    const [x, y, w, h] = boxToFrame([20, 26, 40, 20], g);
    expect([x, y, w, h].map((v) => Math.round(v * 1000) / 1000)).toEqual([100, 50, 200, 100]);
    // A box reaching into the padding is clipped to the frame.
    expect(boxToFrame([0, 0, 10, 20], g)).toEqual([0, 0, 50, 20]);
  });

  it('the mask keeps only the rows over the frame', () => {
    const g = letterboxGeometry(8, 4, 4, 4);
    const mask = Uint8Array.from({ length: 16 }, (_, i) => Math.floor(i / 4));
    const m = maskToFrame(mask, g);
    expect([m.width, m.height]).toEqual([4, 2]);
    expect(Array.from(m.labels)).toEqual([1, 1, 1, 1, 2, 2, 2, 2]);
    expect(() => maskToFrame(new Uint8Array(3), g)).toThrow(/4x4 mask has 16 cells, got 3/);
  });
});
