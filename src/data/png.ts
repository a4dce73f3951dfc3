/**
 * PNG in and out, for the vision data sets: RGB images and VOC-style label maps. The codec is
 * fast-png (pure JavaScript, the same in Node and the browser); what is ours is the checking
 * and the VOC palette.
 */
import { decode, encode } from 'fast-png';

export class PngError extends Error {
  constructor(what: string, message: string) {
    super(`${what}: ${message}`);
    this.name = 'PngError';
  }
}

/** Largest image we decode: 4096 x 4096 (a webcam frame is far smaller). */
export const MAX_PNG_PIXELS = 4096 * 4096;

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface RgbImage {
  width: number;
  height: number;
  /** RGB, 8 bits a channel, row-major. */
  data: Uint8Array;
}

export function encodeRgbPng(image: RgbImage): Uint8Array {
  if (image.data.length !== image.width * image.height * 3)
    throw new Error(
      `encodeRgbPng: ${image.data.length} bytes for a ${image.width}x${image.height} RGB image`,
    );
  return encode({
    width: image.width,
    height: image.height,
    data: image.data,
    channels: 3,
    depth: 8,
  });
}

/** Checks the signature and the header's size before fast-png allocates anything. */
function checkHeader(bytes: Uint8Array, what: string): { width: number; height: number } {
  if (bytes.length < 33 || SIGNATURE.some((b, i) => bytes[i] !== b))
    throw new PngError(what, 'not a PNG file (bad signature)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width === 0 || height === 0 || width * height > MAX_PNG_PIXELS)
    throw new PngError(what, `size ${width}x${height} is outside 1..${MAX_PNG_PIXELS} pixels`);
  return { width, height };
}

function decodeChecked(bytes: Uint8Array, what: string) {
  const { width, height } = checkHeader(bytes, what);
  try {
    const png = decode(bytes);
    if (png.width !== width || png.height !== height)
      throw new PngError(what, 'header and data disagree on the size');
    return png;
  } catch (e) {
    if (e instanceof PngError) throw e;
    throw new PngError(what, `unreadable PNG (${(e as Error).message})`);
  }
}

/** Any 8- or 16-bit PNG (grey, grey+alpha, RGB, RGBA, palette) as RGB; alpha is dropped. */
export function decodeRgbPng(bytes: Uint8Array, what = 'PNG'): RgbImage {
  const png = decodeChecked(bytes, what);
  const n = png.width * png.height;
  const out = new Uint8Array(n * 3);
  const src = png.data;
  const shift = png.depth === 16 ? 8 : 0;
  if (png.palette) {
    for (let i = 0; i < n; i++) {
      const entry = png.palette[src[i]];
      if (!entry)
        throw new PngError(what, `pixel ${i} uses palette entry ${src[i]}, not in the palette`);
      out[i * 3] = entry[0];
      out[i * 3 + 1] = entry[1];
      out[i * 3 + 2] = entry[2];
    }
    return { width: png.width, height: png.height, data: out };
  }
  if (png.depth !== 8 && png.depth !== 16)
    throw new PngError(what, `bit depth ${png.depth} is not supported (8 or 16)`);
  const ch = png.channels;
  for (let i = 0; i < n; i++) {
    if (ch <= 2) {
      const v = src[i * ch] >> shift;
      out[i * 3] = v;
      out[i * 3 + 1] = v;
      out[i * 3 + 2] = v;
    } else {
      out[i * 3] = src[i * ch] >> shift;
      out[i * 3 + 1] = src[i * ch + 1] >> shift;
      out[i * 3 + 2] = src[i * ch + 2] >> shift;
    }
  }
  return { width: png.width, height: png.height, data: out };
}

/** Pascal VOC's colour map (bit-interleaved), so label maps look like VOC's in any viewer. */
export function vocPalette(): number[][] {
  const palette: number[][] = [];
  for (let i = 0; i < 256; i++) {
    let r = 0;
    let g = 0;
    let b = 0;
    let c = i;
    for (let j = 0; j < 8; j++) {
      r |= ((c >> 0) & 1) << (7 - j);
      g |= ((c >> 1) & 1) << (7 - j);
      b |= ((c >> 2) & 1) << (7 - j);
      c >>= 3;
    }
    palette.push([r, g, b]);
  }
  return palette;
}

export interface LabelMap {
  width: number;
  height: number;
  /** One class index a pixel. */
  data: Uint8Array;
}

/** A label map as VOC stores it: an 8-bit palette PNG whose indices are the classes. */
export function encodeLabelMapPng(map: LabelMap): Uint8Array {
  if (map.data.length !== map.width * map.height)
    throw new Error(`encodeLabelMapPng: ${map.data.length} bytes for ${map.width}x${map.height}`);
  return encode({
    width: map.width,
    height: map.height,
    data: map.data,
    channels: 1,
    depth: 8,
    palette: vocPalette(),
  });
}

/** Reads a label map: a palette PNG (indices) or an 8-bit greyscale PNG (values). */
export function decodeLabelMapPng(bytes: Uint8Array, what = 'label map'): LabelMap {
  const png = decodeChecked(bytes, what);
  if (png.depth !== 8 || png.channels !== 1)
    throw new PngError(
      what,
      `a label map must be an 8-bit palette or greyscale PNG, this one has ${png.channels} channel(s) of ${png.depth} bits`,
    );
  return { width: png.width, height: png.height, data: Uint8Array.from(png.data) };
}
