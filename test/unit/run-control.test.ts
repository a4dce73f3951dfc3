import { describe, expect, it } from 'vitest';
import { RunControl, type RunControlState, yieldToEventLoop } from '../../src/nn/run-control';

describe('RunControl', () => {
  it('passes checkpoints at once while running', async () => {
    const control = new RunControl();
    expect(control.state).toBe('running');
    expect(await control.checkpoint()).toBe(true);
  });

  it('holds a checkpoint while paused and releases it on resume', async () => {
    const control = new RunControl();
    control.pause();
    let passed = false;
    const waiting = control.checkpoint().then((goOn) => {
      passed = true;
      return goOn;
    });
    await yieldToEventLoop();
    await yieldToEventLoop();
    expect(passed).toBe(false);
    control.resume();
    expect(await waiting).toBe(true);
  });

  it('a pause again before the waiter wakes holds on', async () => {
    const control = new RunControl();
    control.pause();
    let passed = false;
    const waiting = control.checkpoint().then(() => {
      passed = true;
    });
    control.resume();
    control.pause();
    await yieldToEventLoop();
    await yieldToEventLoop();
    expect(passed).toBe(false);
    control.resume();
    await waiting;
    expect(passed).toBe(true);
  });

  it('stop wakes a paused run and ends it; the signal aborts', async () => {
    const control = new RunControl();
    control.pause();
    const waiting = control.checkpoint();
    control.stop();
    expect(await waiting).toBe(false);
    expect(control.signal.aborted).toBe(true);
    expect(control.state).toBe('stopped');
    control.resume();
    control.pause();
    expect(control.state).toBe('stopped');
    expect(await control.checkpoint()).toBe(false);
  });

  it('tells listeners each change of state once', () => {
    const control = new RunControl();
    const seen: RunControlState[] = [];
    const off = control.subscribe((s) => seen.push(s));
    control.pause();
    control.pause();
    control.resume();
    control.resume();
    control.stop();
    control.stop();
    off();
    expect(seen).toEqual(['paused', 'running', 'stopped']);
  });

  it('follows an outer signal', () => {
    const outer = new AbortController();
    const control = new RunControl().follow(outer.signal);
    expect(control.stopped).toBe(false);
    outer.abort();
    expect(control.stopped).toBe(true);
    const already = new RunControl().follow(outer.signal);
    expect(already.stopped).toBe(true);
  });
});
