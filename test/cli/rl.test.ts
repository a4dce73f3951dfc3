/**
 * `rl train | eval | bench` as a user runs them: a child process (node with tsx's loader). Success ends
 * with one JSON line on stdout; wrong arguments exit 2 with the usage; a missing or corrupt
 * agent file exits 1 with one "error:" line.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, lastJson, lines } from '../helpers/cli';

/** Rewrite the JSON header of an agent file (same tensors, new header length). */
function editHeader(bytes: Uint8Array, edit: (h: Record<string, unknown>) => void): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const len = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + len)));
  edit(header);
  const hb = new TextEncoder().encode(JSON.stringify(header));
  const newStart = (12 + hb.length + 3) & ~3;
  const data = bytes.subarray((12 + len + 3) & ~3);
  const out = new Uint8Array(newStart + data.length);
  out.set(bytes.subarray(0, 8));
  new DataView(out.buffer).setUint32(8, hb.length, true);
  out.set(hb, 12);
  out.set(data, newStart);
  return out;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rl-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('rl CLI', () => {
  let agentFile: string;
  let trained: Record<string, unknown>;

  it('rl train: a tiny Catch run exits 0 with the JSON summary, saves the agent and its learning curve', async () => {
    agentFile = join(dir, 'catch.gaa');
    const curveFile = join(dir, 'catch-curve.json');
    const r = await cli([
      'rl',
      'train',
      '--env',
      'catch',
      '--steps',
      '300',
      '--seed',
      '2',
      '--eval-episodes',
      '5',
      '--out',
      agentFile,
      '--eval-every',
      '100',
      '--curve',
      curveFile,
    ]);
    expect(r.code, r.stderr).toBe(0);
    trained = lastJson(r.stdout);
    const curve = JSON.parse(await readFile(curveFile, 'utf8')) as {
      env: string;
      steps: number;
      randomMeanReturn: number;
      finalEvalMeanReturn: number;
      episodes: [number, number][];
      evaluations: [number, number][];
    };
    expect(curve).toMatchObject({ env: 'catch', steps: 300 });
    expect(curve.finalEvalMeanReturn).toBe(trained.evalMeanReturn);
    expect(curve.randomMeanReturn).toBe(trained.randomMeanReturn);
    // Catch episodes last 9 steps and end in +1 or -1.
    expect(curve.episodes.length).toBe(Math.floor(300 / 9));
    curve.episodes.forEach(([step, ret], i) => {
      expect(step).toBe(9 * (i + 1));
      expect(Math.abs(ret)).toBe(1);
    });
    expect(curve.evaluations.map(([step]) => step)).toEqual([100, 200, 300]);
    for (const [, mean] of curve.evaluations) expect(Math.abs(mean)).toBeLessThanOrEqual(1);
    for (const key of [
      'env',
      'algo',
      'steps',
      'evalMeanReturn',
      'evalEpisodes',
      'seconds',
      'stepsPerSecond',
      'randomMeanReturn',
      'backend',
    ])
      expect(trained).toHaveProperty(key);
    expect(trained).toMatchObject({ env: 'catch', algo: 'dqn', steps: 300, evalEpisodes: 5 });
    expect(['wasm', 'cpu']).toContain(trained.backend);
    expect(r.stderr).toMatch(/chosen by measurement/);
    expect((await readFile(agentFile)).subarray(0, 8).toString()).toBe('GAAGENT1');
  }, 60_000);

  it('rl curve prints the curve of rl train --curve by windows; a broken file exits 1', async () => {
    const curveFile = join(dir, 'catch-curve.json');
    const r = await cli(['rl', 'curve', curveFile, '--window', '100']);
    expect(r.code, r.stderr).toBe(0);
    const table = lines(r.stdout);
    expect(table[0]).toMatch(/^catch dqn, seed 2, 300 env steps; random policy/);
    expect(table.filter((l) => /^0\.[12]k-0\.[23]k|^0k-0\.1k/.test(l))).toHaveLength(3);
    const summary = lastJson(r.stdout) as { meanReturn: (number | null)[]; window: number };
    expect(summary.window).toBe(100);
    expect(summary.meanReturn).toHaveLength(3);
    for (const m of summary.meanReturn) expect(Math.abs(m as number)).toBeLessThanOrEqual(1);
    const broken = join(dir, 'broken-curve.json');
    await writeFile(broken, '{"env":"catch","algo":"dqn","steps":"lots"}');
    const bad = await cli(['rl', 'curve', broken]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/is not a learning curve: seed must be a finite number/);
  }, 60_000);

  it('rl eval: the saved agent gives the same greedy returns on the same episodes', async () => {
    const r = await cli([
      'rl',
      'eval',
      '--agent',
      agentFile,
      '--episodes',
      '5',
      '--seed',
      String(trained.evalSeed),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = lastJson(r.stdout);
    expect(out).toMatchObject({ env: 'catch', algo: 'dqn', episodes: 5 });
    expect(out.meanReturn).toBe(trained.evalMeanReturn);
    expect(out).toHaveProperty('stdReturn');
  }, 60_000);

  it('bad arguments exit 2 with the usage', async () => {
    const runs = await Promise.all([
      cli(['rl', 'train', '--steps', '10']),
      cli(['rl', 'train', '--env', 'catch', '--algo', 'ppo']),
      cli(['rl', 'train', '--env', 'catch', '--steps', '-5']),
      cli(['rl', 'train', '--env', 'pong']),
      cli(['rl', 'eval', '--env', 'catch']),
      cli(['rl', 'train', '--env', 'catch', '--bogus']),
      cli(['rl', 'dance']),
      // Runaway sizes and counts, and --config mistakes (issue 11).
      cli(['rl', 'train', '--env', 'catch', '--num-envs', '1e9']),
      cli(['rl', 'train', '--env', 'catch', '--steps', '1e20']),
      cli(['rl', 'train', '--env', 'catch', '--config', '{"learningRate":0.5}']),
      cli(['rl', 'train', '--env', 'catch', '--config', '{"lr":5}']),
      cli(['rl', 'eval', '--agent', 'x.gaa', '--episodes', '130000']),
      cli(['rl', 'train', '--env', 'cartpole', '--sticky', '0.1']),
      cli(['rl', 'train', '--env', 'snake', '--sticky', '2']),
    ]);
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^error: /);
      expect(r.stderr).toMatch(/usage: npm run cli -- rl train/);
    }
    const said = runs.map((r) => lines(r.stderr)[0]);
    expect(said[2]).toMatch(/--steps must be an integer in \[1, 100,000,000\], got "-5"/);
    expect(said[7]).toMatch(/--num-envs must be an integer in \[1, 256\], got "1e9"/);
    expect(said[8]).toMatch(/--steps must be an integer in \[1, 100,000,000\], got "1e20"/);
    expect(said[9]).toMatch(/--config: unknown key "learningRate" \(did you mean "lr"\?\)/);
    expect(said[10]).toMatch(/--config: invalid DQN config: lr must be in \(0, 1\)/);
    expect(said[11]).toMatch(/--episodes must be an integer in \[1, 10,000\]/);
    expect(said[12]).toMatch(/--sticky applies to breakout and snake only, not cartpole/);
    expect(said[13]).toMatch(/--sticky must be a number in \[0, 1\], got "2"/);
  }, 60_000);

  it('rl train --sticky: the agent file keeps the sticky actions and rl eval plays with them', async () => {
    const file = join(dir, 'sticky-snake.gaa');
    const r = await cli([
      'rl',
      'train',
      '--env',
      'snake',
      '--steps',
      '200',
      '--sticky',
      '0.1',
      '--eval-episodes',
      '3',
      '--out',
      file,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const trained = lastJson(r.stdout);
    expect(trained).toMatchObject({ env: 'snake', sticky: 0.1, steps: 200 });
    const e = await cli(['rl', 'eval', '--agent', file, '--episodes', '3']);
    expect(e.code, e.stderr).toBe(0);
    const out = lastJson(e.stdout);
    expect(out.envOptions).toEqual({ stickyActionProb: 0.1 });
    expect(out.meanReturn).toBe(trained.evalMeanReturn);
  }, 60_000);

  it('a missing or corrupt agent file exits 1 with one line', async () => {
    const corrupt = join(dir, 'corrupt.gaa');
    // The right magic, then a header length past the end of the file.
    const bytes = new Uint8Array(40);
    bytes.set(new TextEncoder().encode('GAAGENT1'));
    new DataView(bytes.buffer).setUint32(8, 1000, true);
    await writeFile(corrupt, bytes);
    const [missing, broken] = await Promise.all([
      cli(['rl', 'eval', '--agent', join(dir, 'nope.gaa')]),
      cli(['rl', 'eval', '--agent', corrupt]),
    ]);
    expect(missing.code).toBe(1);
    expect(lines(missing.stderr)).toEqual([expect.stringMatching(/^error: .*: no such file$/)]);
    expect(broken.code).toBe(1);
    expect(lines(broken.stderr)).toEqual([
      expect.stringMatching(/^error: .*corrupt\.gaa: agent file: .*truncated/),
    ]);
  }, 60_000);

  it('crafted or misleading agent files fail fast with one line naming the file', async () => {
    const good = new Uint8Array(await readFile(agentFile));
    const craft = async (name: string, edit: (h: Record<string, unknown>) => void) => {
      const path = join(dir, name);
      await writeFile(path, editHeader(good, edit));
      return path;
    };
    const huge = await craft('huge.gaa', (h) => {
      h.obsShape = [4096, 4096, 3];
    });
    const nope = await craft('nope.gaa', (h) => {
      (h.meta as Record<string, unknown>).env = 'nope';
    });
    const negative = await craft('negative.gaa', (h) => {
      (h.meta as Record<string, unknown>).evalSeed = -3;
    });
    const started = performance.now();
    const [a, b, c, proc, rounds] = await Promise.all([
      cli(['rl', 'eval', '--agent', huge]),
      cli(['rl', 'eval', '--agent', nope]),
      cli(['rl', 'eval', '--agent', negative]),
      // An output that cannot be written is refused before any training.
      cli(['rl', 'train', '--env', 'catch', '--steps', '100000', '--out', '/proc/agent.gaa']),
      cli([
        'rl',
        'train',
        '--env',
        'catch',
        '--num-envs',
        '64',
        '--steps',
        '10',
        '--eval-episodes',
        '1',
        '--backend',
        'cpu',
      ]),
    ]);
    // Each refused without measuring backends or building gigabytes (that took > 90 s).
    expect(performance.now() - started).toBeLessThan(30_000);
    const oneLine = (r: typeof a, message: RegExp) => {
      expect(r.code, r.stderr).toBe(1);
      expect(lines(r.stderr)).toEqual([expect.stringMatching(message)]);
    };
    oneLine(
      a,
      /^error: .*huge\.gaa: agent file: observations of shape \[4096,4096,3\] hold 50,331,648 values/,
    );
    oneLine(b, /^error: .*nope\.gaa: agent file: it names no known env \("nope"\); give --env$/);
    oneLine(
      c,
      /^error: .*negative\.gaa: agent file: meta\.evalSeed must be an integer in \[0, 4000010000\] as --seed is, got -3/,
    );
    oneLine(proc, /^error: \/proc\/agent\.gaa: cannot write/);
    // Steps that a vectorised run rounds up say so.
    expect(rounds.code, rounds.stderr).toBe(0);
    expect(rounds.stderr).toMatch(/note: --steps 10 runs as 64 \(whole rounds of --num-envs 64\)/);
    expect(lastJson(rounds.stdout).steps).toBe(64);
  }, 60_000);

  it('rl bench prints env steps per second as JSON lines', async () => {
    const r = await cli(['rl', 'bench', '--env', 'catch', '--seconds', '0.2', '--no-train']);
    expect(r.code, r.stderr).toBe(0);
    const out = lastJson(r.stdout);
    expect(out).toMatchObject({ bench: 'env', env: 'catch' });
    expect(out.stepsPerSecond).toBeGreaterThan(0);
  }, 60_000);
});
