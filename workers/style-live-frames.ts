/**
 * Frames in and out of the live style worker: an ImageBitmap drawn on an OffscreenCanvas and
 * read back (RGBA), or RGBA / RGB bytes as they are, checked; the pixels as floats in [0, 1]
 * for the net, and its painting packed as opaque RGBA for the page's ImageData. Plain loops:
 * at 192 x 144 a pass is well under a millisecond.
 */
import type { RgbImage } from '../src/data/png';
import type { LiveFrame } from './style-live-api';

/** A frame's pixels as they arrived: RGB, or RGBA read back from a canvas. */
export interface FramePixels {
  pixels: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  channels: 3 | 4;
}

const FRAME_SHAPE =
  'a frame is { bitmap: ImageBitmap }, { rgba, width, height } or { rgb, width, height }';
/** The largest side a frame may have (a 4K camera frame fits). */
export const MAX_FRAME_SIDE = 4096;

let canvas: OffscreenCanvas | null = null;

function readBitmap(bitmap: ImageBitmap): FramePixels {
  try {
    const { width, height } = bitmap;
    if (width < 1 || height < 1) throw new Error('frame: the ImageBitmap is empty (or was closed)');
    if (typeof OffscreenCanvas === 'undefined')
      throw new Error('frame: ImageBitmap frames need OffscreenCanvas (send RGBA bytes instead)');
    if (!canvas || canvas.width !== width || canvas.height !== height)
      canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('frame: no 2D context to read the ImageBitmap');
    ctx.drawImage(bitmap, 0, 0);
    return { pixels: ctx.getImageData(0, 0, width, height).data, width, height, channels: 4 };
  } finally {
    bitmap.close();
  }
}

/** Checks a frame and reads its pixels; says exactly what is wrong with a bad one. */
export function readFrame(frame: LiveFrame): FramePixels {
  if (typeof frame !== 'object' || frame === null) throw new Error(FRAME_SHAPE);
  if ('bitmap' in frame) {
    if (typeof ImageBitmap === 'undefined' || !(frame.bitmap instanceof ImageBitmap))
      throw new Error(`${FRAME_SHAPE}: bitmap is not an ImageBitmap`);
    return readBitmap(frame.bitmap);
  }
  const raw = frame as { rgba?: unknown; rgb?: unknown; width: unknown; height: unknown };
  const channels = raw.rgba !== undefined ? 4 : 3;
  const pixels = channels === 4 ? raw.rgba : raw.rgb;
  if (!(pixels instanceof Uint8Array || pixels instanceof Uint8ClampedArray))
    throw new Error(`${FRAME_SHAPE}: ${channels === 4 ? 'rgba' : 'rgb'} is not a byte array`);
  const { width, height } = raw;
  if (
    typeof width !== 'number' ||
    typeof height !== 'number' ||
    !Number.isInteger(width) ||
    !Number.isInteger(height) ||
    width < 1 ||
    height < 1 ||
    width > MAX_FRAME_SIDE ||
    height > MAX_FRAME_SIDE
  )
    throw new Error(
      `frame: width and height must be integers in 1..${MAX_FRAME_SIDE}, got ${String(width)}x${String(height)}`,
    );
  if (pixels.length !== width * height * channels)
    throw new Error(
      `frame: ${width}x${height} ${channels === 4 ? 'RGBA' : 'RGB'} needs ${width * height * channels} bytes, got ${pixels.length}`,
    );
  return { pixels, width, height, channels };
}

/** The pixels as floats in [0, 1], RGB row-major (H·W·3), alpha dropped. */
export function pixelsToFloats(f: FramePixels): Float32Array {
  const n = f.width * f.height;
  const out = new Float32Array(n * 3);
  const p = f.pixels;
  const c = f.channels;
  const k = 1 / 255;
  for (let i = 0; i < n; i++) {
    out[i * 3] = (p[i * c] as number) * k;
    out[i * 3 + 1] = (p[i * c + 1] as number) * k;
    out[i * 3 + 2] = (p[i * c + 2] as number) * k;
  }
  return out;
}

/** Floats in [0, 1] (H·W·3) as opaque RGBA bytes, clamped and rounded. */
export function floatsToRgba(
  values: ArrayLike<number>,
  width: number,
  height: number,
): Uint8ClampedArray {
  const n = width * height;
  if (values.length !== n * 3)
    throw new Error(`floatsToRgba: ${values.length} values for a ${width}x${height} RGB picture`);
  // Uint8ClampedArray clamps and rounds (half to even) on assignment.
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    out[i * 4] = (values[i * 3] as number) * 255;
    out[i * 4 + 1] = (values[i * 3 + 1] as number) * 255;
    out[i * 4 + 2] = (values[i * 3 + 2] as number) * 255;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** The frame as 8-bit RGB (training content). */
export function pixelsToRgb(f: FramePixels): RgbImage {
  if (f.channels === 3)
    return { width: f.width, height: f.height, data: Uint8Array.from(f.pixels) };
  const n = f.width * f.height;
  const data = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    data[i * 3] = f.pixels[i * 4] as number;
    data[i * 3 + 1] = f.pixels[i * 4 + 1] as number;
    data[i * 3 + 2] = f.pixels[i * 4 + 2] as number;
  }
  return { width: f.width, height: f.height, data };
}
