import { describe, expect, it } from 'vitest';
import { Random } from '../../envs/random';
import { Rng } from '../../src/nn/rng';

// The numbers below were drawn by the two generators before they shared src/math/mulberry32.ts:
// shipped models and agents, and every seeded test, depend on these streams staying put.
describe('the one mulberry32 behind Rng and Random', () => {
  it("keeps the engine's Rng stream (seeded with the number itself)", () => {
    const r = new Rng(42);
    expect(r.next()).toBe(0.6011037519201636);
    expect(r.int(10)).toBe(4);
    expect(r.normal()).toBe(-0.2730261048826104);
    expect(r.normal()).toBe(-0.4946727576767142);
    expect(r.fork().next()).toBe(0.21025783568620682);
  });
  it("keeps the envs' Random stream (seed hashed first) and its one-number state", () => {
    const r = new Random(42);
    expect(r.next()).toBe(0.6558336513116956);
    expect(r.int(10)).toBe(8);
    expect(r.uniform(-1, 1)).toBe(-0.04997687693685293);
    expect(r.getState()).toBe(3895183589);
  });
});
