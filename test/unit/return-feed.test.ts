import { describe, expect, it } from 'vitest';
import { ReturnFeed } from '../../src/app/arena/return-feed';

describe('ReturnFeed', () => {
  it('plots every episode until the bins fill, then means of wider bins', () => {
    const feed = new ReturnFeed(2, 4);
    for (const r of [1, -1, 1, -1, 1, -1, 1]) feed.push(r);
    const first = feed.take();
    expect(first.replace).toBe(false);
    expect(first.raw.map(([, y]) => y)).toEqual([1, -1, 1, -1, 1, -1, 1]);
    expect(first.average.at(-1)).toEqual([7, 0]);
    feed.push(-1); // the 8th point: bins of two, each the mean of +1 and -1
    const merged = feed.take();
    expect(merged.replace).toBe(true);
    expect(merged.raw).toEqual([
      [2, 0],
      [4, 0],
      [6, 0],
      [8, 0],
    ]);
    expect(feed.binSize).toBe(2);
    feed.push(3); // half a bin: nothing new yet
    expect(feed.take().raw).toEqual([]);
    feed.push(5);
    expect(feed.take()).toEqual({ raw: [[10, 4]], average: [[10, 4]], replace: false });
  });

  it('keeps the chart small whatever the episodes', () => {
    const feed = new ReturnFeed(20, 50);
    for (let i = 0; i < 100_000; i++) feed.push(i % 2 ? 1 : -1);
    const { raw, average } = feed.all();
    expect(raw.length).toBeLessThan(100);
    expect(raw.length).toBe(average.length);
    expect(raw.every(([, y]) => y === 0)).toBe(true);
  });
});
