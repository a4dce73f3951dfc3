/**
 * The in-process before/after benches (bench/ab) with tiny settings, the checkout compared
 * with itself: the JSON line's structure and sane figures, not speed.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const tsx = (script: string, args: string[]) =>
  run(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, timeout: 120_000 });
const lastJson = (out: string) => JSON.parse(out.trim().split('\n').pop() ?? '{}');

describe('bench/ab', () => {
  it('nets.ts times the same net built by two checkouts, steps alternating', async () => {
    const { stdout } = await tsx('bench/ab/nets.ts', [
      ...['--a', '.', '--b', '.', '--net', 'two-layer', '--batch', '10', '--steps', '3'],
    ]);
    const line = lastJson(stdout);
    expect(line).toMatchObject({ bench: 'ab-net', net: 'two-layer', batch: 10, steps: 3 });
    expect(line.a).toBe(ROOT);
    for (const k of ['aMsPerStep', 'bMsPerStep', 'aSamplesPerSecond', 'bSamplesPerSecond'])
      expect(line[k], k).toBeGreaterThan(0);
    expect(line.speedup).toBeCloseTo(line.aMsPerStep / line.bMsPerStep, 1);
  }, 120_000);

  it("dqn.ts runs two checkouts' agents in alternating blocks; --a is required", async () => {
    const { stdout } = await tsx('bench/ab/dqn.ts', [
      ...['--a', '.', '--env', 'catch', '--rounds', '3'],
    ]);
    const line = lastJson(stdout);
    expect(line).toMatchObject({ bench: 'ab-dqn', env: 'catch', rounds: 3, b: ROOT });
    expect(line.aStepsPerSecond).toBeGreaterThan(0);
    expect(line.bStepsPerSecond).toBeGreaterThan(0);
    await expect(tsx('bench/ab/dqn.ts', [])).rejects.toThrow(/--a DIR/);
  }, 120_000);
});
