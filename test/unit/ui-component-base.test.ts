/**
 * The parts of the component base that need no browser: redraw scheduling (at most one redraw
 * per frame, flush draws now) and the theme choice and its change signal.
 */
import { describe, expect, it } from 'vitest';
import { type FrameClock, RedrawScheduler } from '../../src/ui/redraw';
import { currentThemeName, resolveThemeName, THEMES } from '../../src/ui/theme';
import { ThemeSignal } from '../../src/ui/theme-watch';

/** A frame clock the test advances by hand. */
class ManualClock implements FrameClock {
  private next = 1;
  readonly pending = new Map<number, () => void>();

  request(callback: () => void): number {
    const handle = this.next++;
    this.pending.set(handle, callback);
    return handle;
  }

  cancel(handle: number): void {
    this.pending.delete(handle);
  }

  /** Runs the callbacks of one animation frame. */
  frame(): void {
    const callbacks = [...this.pending.values()];
    this.pending.clear();
    for (const callback of callbacks) callback();
  }
}

describe('RedrawScheduler', () => {
  it('turns many requests before a frame into one redraw on that frame', () => {
    const clock = new ManualClock();
    let redraws = 0;
    const scheduler = new RedrawScheduler(() => redraws++, clock);
    for (let i = 0; i < 50; i++) scheduler.request();
    expect(redraws).toBe(0);
    expect(clock.pending.size).toBe(1);
    clock.frame();
    expect(redraws).toBe(1);
    clock.frame();
    expect(redraws).toBe(1);
    scheduler.request();
    clock.frame();
    expect(redraws).toBe(2);
  });

  it('now() redraws at once and drops the pending frame, which would draw the same', () => {
    const clock = new ManualClock();
    let redraws = 0;
    const scheduler = new RedrawScheduler(() => redraws++, clock);
    scheduler.request();
    scheduler.now();
    expect(redraws).toBe(1);
    expect(clock.pending.size).toBe(0);
    clock.frame();
    expect(redraws).toBe(1);
  });

  it('a redraw may ask for the next frame (an animation running on)', () => {
    const clock = new ManualClock();
    let redraws = 0;
    const scheduler: RedrawScheduler = new RedrawScheduler(() => {
      redraws++;
      if (redraws < 3) scheduler.request();
    }, clock);
    scheduler.request();
    clock.frame();
    clock.frame();
    clock.frame();
    clock.frame();
    expect(redraws).toBe(3);
  });

  it('draws nothing once destroyed, not even a frame it had asked for', () => {
    const clock = new ManualClock();
    let redraws = 0;
    const scheduler = new RedrawScheduler(() => redraws++, clock);
    scheduler.request();
    scheduler.destroy();
    expect(clock.pending.size).toBe(0);
    scheduler.request();
    scheduler.now();
    clock.frame();
    expect(redraws).toBe(0);
  });
});

describe('theme choice', () => {
  it('an explicit data-theme wins over the system preference; anything else follows it', () => {
    expect(resolveThemeName('light', false)).toBe('light');
    expect(resolveThemeName('dark', true)).toBe('dark');
    expect(resolveThemeName(null, true)).toBe('light');
    expect(resolveThemeName(null, false)).toBe('dark');
    expect(resolveThemeName('sepia', true)).toBe('light');
    expect(resolveThemeName('', false)).toBe('dark');
  });

  it('is dark where there is no page (Node)', () => {
    expect(currentThemeName()).toBe('dark');
  });

  it('the two palettes differ where a redraw would show it', () => {
    expect(THEMES.light.panel).not.toBe(THEMES.dark.panel);
    expect(THEMES.light.text).not.toBe(THEMES.dark.text);
    expect(THEMES.light.series).toHaveLength(THEMES.dark.series.length);
  });
});

describe('ThemeSignal', () => {
  it('tells every listener about a real change, with the palette, and not about repeats', () => {
    const signal = new ThemeSignal('dark');
    const heard: string[] = [];
    signal.subscribe((theme, name) => {
      expect(theme).toBe(THEMES[name]);
      heard.push(`a:${name}`);
    });
    signal.subscribe((_, name) => heard.push(`b:${name}`));
    signal.set('dark');
    expect(heard).toEqual([]);
    signal.set('light');
    signal.set('light');
    signal.set('dark');
    expect(heard).toEqual(['a:light', 'b:light', 'a:dark', 'b:dark']);
    expect(signal.current).toBe('dark');
  });

  it('stops telling a listener once it unsubscribed (mid-notification: after that one)', () => {
    const signal = new ThemeSignal('dark');
    const heard: string[] = [];
    let stopB = (): void => {};
    signal.subscribe(() => {
      heard.push('a');
      stopB();
    });
    stopB = signal.subscribe(() => heard.push('b'));
    signal.set('light');
    signal.set('dark');
    expect(heard).toEqual(['a', 'b', 'a']);
  });
});
