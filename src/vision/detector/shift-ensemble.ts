/**
 * Test-time shift ensemble for the grid detector. One cell of the grid sees a digit at
 * whatever offset the digit happens to have from the cell's corner, and the head's boxes and
 * classes wobble with that offset; shifting the picture by half a cell gives the net a second,
 * differently aligned look at every digit. The boxes of all passes, moved back by their
 * shift, go through one merge NMS, so each digit's box is the score-weighted mean of what the
 * passes saw (the ensemble YOLOv5's `--augment` does with flips and scales; flips do not suit
 * digits). Costs one forward pass a shift.
 */
import type { Detection } from '../metrics/boxes';
import { type DecodeOptions, gridCandidates, suppress } from './decode';
import { type GridDetectorConfig, gridStride, headValues } from './grid-config';

/** 1: the picture as it is; 2: also shifted by half a cell down and right; 4: also each alone. */
export type ShiftPasses = 1 | 2 | 4;

export const SHIFT_PASSES: readonly ShiftPasses[] = [1, 2, 4];

/** The (dx, dy) pixel shifts of each pass: half a cell (4 px at stride 8). */
export function passShifts(config: GridDetectorConfig, passes: ShiftPasses): [number, number][] {
  const half = gridStride(config) / 2;
  const all: [number, number][] = [
    [0, 0],
    [half, half],
    [half, 0],
    [0, half],
  ];
  return all.slice(0, passes);
}

/**
 * `count` images [N, H, W] (one channel) moved by (dx, dy) >= 0 pixels: the content goes right
 * and down, the uncovered rows and columns repeat the edge (a page's border goes on as it was).
 */
export function shiftImages(
  input: Float32Array,
  count: number,
  height: number,
  width: number,
  dx: number,
  dy: number,
): Float32Array {
  if (!(Number.isInteger(dx) && Number.isInteger(dy) && dx >= 0 && dy >= 0))
    throw new RangeError(`shifts must be whole pixels >= 0, got (${dx}, ${dy})`);
  if (input.length !== count * height * width)
    throw new RangeError(`${input.length} values is not ${count} images of ${height}x${width}`);
  if (dx === 0 && dy === 0) return input;
  const out = new Float32Array(input.length);
  for (let n = 0; n < count; n++) {
    const base = n * height * width;
    for (let y = 0; y < height; y++) {
      const from = base + Math.max(0, y - dy) * width;
      const to = base + y * width;
      const edge = input[from];
      out.fill(edge, to, to + Math.min(dx, width));
      out.set(input.subarray(from, from + width - Math.min(dx, width)), to + Math.min(dx, width));
    }
  }
  return out;
}

/** A pass's boxes moved back by its shift, clipped to the picture. */
export function unshift(
  dets: readonly Detection[],
  dx: number,
  dy: number,
  height: number,
  width: number,
): Detection[] {
  return dets.map((d) => {
    const x0 = Math.max(0, d.bbox[0] - dx);
    const y0 = Math.max(0, d.bbox[1] - dy);
    const x1 = Math.min(width, d.bbox[0] + d.bbox[2] - dx);
    const y1 = Math.min(height, d.bbox[1] + d.bbox[3] - dy);
    return { ...d, bbox: [x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0)] };
  });
}

/**
 * One picture [H, W] as the ensemble's batch [passes, H, W] (pass j shifted by shifts[j]):
 * one forward pass reads all of them at once.
 */
export function ensembleBatch(
  input: Float32Array,
  height: number,
  width: number,
  shifts: readonly (readonly [number, number])[],
): Float32Array {
  const pixels = height * width;
  const out = new Float32Array(shifts.length * pixels);
  shifts.forEach(([dx, dy], j) => {
    out.set(shiftImages(input, 1, height, width, dx, dy), j * pixels);
  });
  return out;
}

/** One pass's boxes (its head at head[offset]), moved back by the pass's shift. */
export function passCandidates(
  config: GridDetectorConfig,
  head: Float32Array,
  offset: number,
  [dx, dy]: readonly [number, number],
  opts: DecodeOptions,
): Detection[] {
  const found = gridCandidates(config, head, offset, opts);
  if (dx === 0 && dy === 0) return found;
  const [h, w] = config.inputSize;
  return unshift(found, dx, dy, h, w);
}

/** One picture's boxes from the ensemble's heads (pass j's head at j * headValues). */
export function ensembleDetections(
  config: GridDetectorConfig,
  heads: Float32Array,
  shifts: readonly (readonly [number, number])[],
  opts: DecodeOptions,
): Detection[] {
  const size = headValues(config);
  const candidates: Detection[] = [];
  shifts.forEach((shift, j) => {
    for (const d of passCandidates(config, heads, j * size, shift, opts)) candidates.push(d);
  });
  return suppress(candidates, opts);
}
