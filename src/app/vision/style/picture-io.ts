/**
 * Pictures in and out of the style studio: a camera frame or an uploaded file read as 8-bit
 * RGB (brought down to a size the worker needs, so a 12-megapixel photo does not cross to it
 * whole), and a result saved as a PNG file.
 */
import type { RgbImage } from '../../../../workers/style-api';
import { paintRgb } from '../../../ui/rgb-canvas';
import { downloadBytes } from '../../save-panel';

/** Longest side a picture is read at: twice the largest working size, enough for any. */
export const MAX_READ_SIDE = 1024;

/** The source's pixels as RGB, its longer side at most `maxSide`. */
export function readPixels(
  source: CanvasImageSource,
  width: number,
  height: number,
  maxSide = MAX_READ_SIDE,
): RgbImage {
  if (!(width > 0 && height > 0)) throw new Error('the picture has no pixels yet');
  const k = Math.min(1, maxSide / Math.max(width, height));
  const w = Math.max(1, Math.round(width * k));
  const h = Math.max(1, Math.round(height * k));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2D canvas to read the picture with');
  ctx.drawImage(source, 0, 0, w, h);
  const rgba = ctx.getImageData(0, 0, w, h).data;
  const data = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) {
    data[i * 3] = rgba[i * 4] as number;
    data[i * 3 + 1] = rgba[i * 4 + 1] as number;
    data[i * 3 + 2] = rgba[i * 4 + 2] as number;
  }
  return { width: w, height: h, data };
}

/** The video's current frame. */
export function videoFrame(video: HTMLVideoElement): RgbImage {
  return readPixels(video, video.videoWidth, video.videoHeight);
}

/** An image file the user chose; throws a sentence naming the file when it is not one. */
export async function readImageFile(file: File): Promise<RgbImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new Error(`${file.name} could not be read as an image (PNG, JPEG, WebP or GIF)`);
  }
  try {
    return readPixels(bitmap, bitmap.width, bitmap.height);
  } finally {
    bitmap.close();
  }
}

/** The picture as it crosses to the UI components ({ rgb, width, height }). */
export function forView(p: RgbImage): { rgb: Uint8Array; width: number; height: number } {
  return { rgb: p.data, width: p.width, height: p.height };
}

/** Saves the picture as `name` (a PNG, through the browser's download). */
export async function savePng(p: RgbImage, name: string): Promise<void> {
  const canvas = document.createElement('canvas');
  paintRgb(canvas, forView(p));
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the browser could not encode the picture as PNG');
  downloadBytes(new Uint8Array(await blob.arrayBuffer()), name);
}
