/**
 * What the vision nets see: one grey channel, standardised per image (mean 0, std 1). The
 * standardisation makes a dark page with light ink and a light page with dark ink differ only
 * in sign, and takes out the brightness of a lamp or a webcam's exposure.
 */

/** RGB (8 bits a channel) to standardised grey, written into `out` at `offset`. */
export function standardizeGrey(
  rgb: Uint8Array,
  pixels: number,
  out: Float32Array,
  offset = 0,
): void {
  let sum = 0;
  for (let i = 0; i < pixels; i++) {
    // ITU-R BT.601 luma, as most webcams' Y channel.
    const y = 0.299 * rgb[i * 3] + 0.587 * rgb[i * 3 + 1] + 0.114 * rgb[i * 3 + 2];
    out[offset + i] = y;
    sum += y;
  }
  const mean = sum / pixels;
  let sq = 0;
  for (let i = 0; i < pixels; i++) {
    const d = out[offset + i] - mean;
    sq += d * d;
  }
  // A blank frame (std 0) stays all zeros instead of dividing by zero.
  const inv = 1 / Math.max(Math.sqrt(sq / pixels), 4);
  for (let i = 0; i < pixels; i++) out[offset + i] = (out[offset + i] - mean) * inv;
}
