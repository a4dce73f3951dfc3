/**
 * A YUV4MPEG2 video (4:2:0, the format Chromium's fake camera reads with
 * --use-file-for-fake-video-capture) from RGB frames: BT.601 full-range luma and chroma, the
 * chroma averaged over each 2x2 block.
 */
export function y4mVideo(
  frames: readonly Uint8Array[],
  width: number,
  height: number,
  fps = 10,
): Buffer {
  if (width % 2 || height % 2)
    throw new Error(`y4m 4:2:0 needs even sizes, got ${width}x${height}`);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
  const cw = width / 2;
  const ch = height / 2;
  const parts: Buffer[] = [header];
  for (const rgb of frames) {
    if (rgb.length !== width * height * 3) throw new Error('y4m: a frame of the wrong size');
    const y = Buffer.alloc(width * height);
    const u = Buffer.alloc(cw * ch);
    const v = Buffer.alloc(cw * ch);
    for (let i = 0; i < width * height; i++) {
      const [r, g, b] = [rgb[i * 3], rgb[i * 3 + 1], rgb[i * 3 + 2]];
      y[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    }
    for (let cy = 0; cy < ch; cy++)
      for (let cx = 0; cx < cw; cx++) {
        let r = 0;
        let g = 0;
        let b = 0;
        for (const [dx, dy] of [
          [0, 0],
          [1, 0],
          [0, 1],
          [1, 1],
        ]) {
          const p = ((cy * 2 + dy) * width + cx * 2 + dx) * 3;
          r += rgb[p] / 4;
          g += rgb[p + 1] / 4;
          b += rgb[p + 2] / 4;
        }
        const clamp = (x: number) => Math.max(0, Math.min(255, Math.round(x)));
        u[cy * cw + cx] = clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
        v[cy * cw + cx] = clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
      }
    parts.push(Buffer.from('FRAME\n'), y, u, v);
  }
  return Buffer.concat(parts);
}
