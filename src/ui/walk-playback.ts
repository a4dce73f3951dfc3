/**
 * Where a latent walk's playback is: a position in frames that moves at `fps`, looping (the
 * walk comes back to its start) or going back and forth (an open walk, so it never jumps), and
 * the two frames to blend for a position between them. Pure, unit-tested.
 */

export interface WalkBlend {
  /** The frame before the position and the one after. */
  from: number;
  to: number;
  /** How far between them, 0..1 (0: `from` alone). */
  mix: number;
}

/**
 * The position (frames, 0 <= p < count for a loop, 0 <= p <= count - 1 otherwise) `seconds`
 * after frame `start`, at `fps` frames a second.
 */
export function walkPosition(
  start: number,
  seconds: number,
  fps: number,
  count: number,
  loop: boolean,
): number {
  if (count <= 1) return 0;
  const p = start + seconds * fps;
  if (loop) return ((p % count) + count) % count;
  // Back and forth: a period of 2 (count - 1) frames.
  const span = count - 1;
  const q = ((p % (2 * span)) + 2 * span) % (2 * span);
  return q <= span ? q : 2 * span - q;
}

/** The frames either side of position `p` and the mix between them. */
export function walkBlend(p: number, count: number, loop: boolean): WalkBlend {
  if (count <= 1) return { from: 0, to: 0, mix: 0 };
  const from = Math.min(Math.floor(p), count - 1);
  const mix = p - from;
  const next = from + 1;
  const to = next < count ? next : loop ? 0 : count - 1;
  return { from, to, mix: to === from ? 0 : mix };
}

/** Writes the blend of two frames (values 0..1, `pixels` each) into `out`. */
export function blendFrames(
  frames: ArrayLike<number>,
  pixels: number,
  b: WalkBlend,
  out: Float32Array,
): Float32Array {
  const a = b.from * pixels;
  const c = b.to * pixels;
  for (let i = 0; i < pixels; i++) out[i] = frames[a + i] * (1 - b.mix) + frames[c + i] * b.mix;
  return out;
}
