/**
 * Frame intervals measured inside the page by a requestAnimationFrame loop. The loop is sent
 * as source text: tsx's transform names functions with a helper the page does not have.
 */
import type { Page } from 'playwright-core';

const FRAME_LOOP = `(duration) => new Promise((resolve) => {
  const intervals = [];
  let last = performance.now();
  const end = last + duration;
  const tick = (t) => {
    intervals.push(t - last);
    last = t;
    if (t < end) requestAnimationFrame(tick);
    else resolve(intervals);
  };
  requestAnimationFrame(tick);
})`;

/** Intervals (ms) between the page's animation frames over `ms` of wall time. */
export async function measureFrames(page: Page, ms: number): Promise<number[]> {
  return page.evaluate(`(${FRAME_LOOP})(${Number(ms)})`) as Promise<number[]>;
}
