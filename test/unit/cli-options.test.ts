/**
 * The CLI's argument parsing in-process (no child process): every numeric flag's range is
 * the one its usage shows, values outside it are UsageErrors, negative numbers reach the range
 * check, --config refuses unknown keys with the nearest one; and the files it writes: atomic,
 * checked writable before the work, a Ctrl-C during a save waits for it.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXPERIMENT_FLAGS, experimentUsage } from '../../src/cli/commands/experiment';
import { GRADCHECK_FLAGS, gradcheckUsage } from '../../src/cli/commands/gradcheck';
import { RL_BENCH_FLAGS, rlBenchUsage } from '../../src/cli/commands/rl-bench';
import { extent } from '../../src/cli/commands/rl-common';
import { RL_CURVE_FLAGS, rlCurveUsage } from '../../src/cli/commands/rl-curve';
import { parseRlEvalArgs, RL_EVAL_FLAGS, rlEvalUsage } from '../../src/cli/commands/rl-eval';
import {
  checkRlTrainAgent,
  parseRlTrainArgs,
  RL_TRAIN_FLAGS,
  rlTrainUsage,
} from '../../src/cli/commands/rl-train';
import { parseTrainArgs, TRAIN_FLAGS, trainUsage } from '../../src/cli/commands/train';
import { editDistance, nearestKey, parseConfigOption } from '../../src/cli/config-option';
import { UsageError } from '../../src/cli/errors';
import { type FlagTable, parseFlag, rangeText } from '../../src/cli/flags';
import { checkOutputs, saveFile } from '../../src/cli/interrupt';
import { FileError, readRegularFile, writeFileAtomic } from '../../src/data/node-files';

const TABLES: Array<[string, FlagTable, string]> = [
  ['train', TRAIN_FLAGS, trainUsage],
  ['gradcheck', GRADCHECK_FLAGS, gradcheckUsage],
  ['rl train', RL_TRAIN_FLAGS, rlTrainUsage],
  ['rl eval', RL_EVAL_FLAGS, rlEvalUsage],
  ['rl bench', RL_BENCH_FLAGS, rlBenchUsage],
  ['rl curve', RL_CURVE_FLAGS, rlCurveUsage],
  ['experiment', EXPERIMENT_FLAGS, experimentUsage],
];

const usageError = (f: () => unknown, message: RegExp) => {
  expect(f).toThrow(UsageError);
  expect(f).toThrow(message);
};

describe('numeric flags', () => {
  it.each(TABLES)('%s: the usage shows every range the parser enforces', (_name, table, usage) => {
    for (const flag of table) {
      expect(usage).toContain(`--${flag.name} N`);
      expect(usage).toContain(rangeText(flag));
      expect(Number.isFinite(flag.max)).toBe(true);
      // The ends are taken or refused as the range text says...
      if (flag.minExclusive) expect(() => parseFlag(flag, String(flag.min))).toThrow(UsageError);
      else expect(parseFlag(flag, String(flag.min))).toBe(flag.min);
      if (flag.maxExclusive) expect(() => parseFlag(flag, String(flag.max))).toThrow(UsageError);
      else expect(parseFlag(flag, String(flag.max))).toBe(flag.max);
      // ...and nothing beyond them, nor a non-number, nor a fraction for an integer.
      for (const bad of [String(flag.max * 2 + 1), String(flag.min - 1), '1e20', 'NaN', 'abc', ''])
        expect(() => parseFlag(flag, bad), `--${flag.name} ${bad}`).toThrow(UsageError);
      if (flag.integer) expect(() => parseFlag(flag, '1.5')).toThrow(/an integer/);
    }
  });

  it('train refuses the values that ran away or lied', () => {
    usageError(
      () => parseTrainArgs(['--net', 'two-layer', '--iters', '1e20']),
      /--iters must be an integer in \[1, 10,000,000\], got "1e20"/,
    );
    usageError(
      () => parseTrainArgs(['--net', 'two-layer', '--train-size', '1e9']),
      /--train-size must be an integer in \[1, 60,000\]/,
    );
    usageError(
      () => parseTrainArgs(['--net', 'two-layer', '--batch', '1000', '--train-size', '100']),
      /--batch 1000 is larger than the 100 training images/,
    );
    // A negative number is a value, so the range check says what is wrong.
    usageError(
      () => parseTrainArgs(['--net', 'two-layer', '--iters', '-5']),
      /--iters must be an integer in \[1, .*got "-5"/,
    );
    expect(parseTrainArgs(['--net', 'two-layer', '--iters', '5', '--batch', '10']).iterations).toBe(
      5,
    );
  });

  it('rl train and rl eval refuse runaway counts', () => {
    usageError(
      () => parseRlTrainArgs(['--env', 'catch', '--num-envs', '1e9']),
      /--num-envs must be an integer in \[1, 256\]/,
    );
    usageError(() => parseRlTrainArgs(['--env', 'catch', '--steps', '1e20']), /--steps must be/);
    usageError(
      () => parseRlTrainArgs(['--env', 'catch', '--steps', '-5']),
      /--steps must be .*got "-5"/,
    );
    usageError(
      () => parseRlEvalArgs(['--agent', 'a.gaa', '--episodes', '130000']),
      /--episodes must be an integer in \[1, 10,000\]/,
    );
    expect(parseRlEvalArgs(['--agent', 'a.gaa', '--seed', '7'])).toMatchObject({
      seed: 7,
      episodes: 100,
    });
  });
});

describe('--config', () => {
  it('refuses an unknown key and names the nearest known one', () => {
    usageError(
      () => parseConfigOption('{"learningRate":0.5}', 'dqn'),
      /unknown key "learningRate" \(did you mean "lr"\?\)/,
    );
    usageError(() => parseConfigOption('{"batchSzie":32}', 'dqn'), /did you mean "batchSize"/);
    usageError(
      () => parseConfigOption('{"epsilon":{"strat":1}}', 'dqn'),
      /unknown key "epsilon.strat" \(did you mean "epsilon.start"\?\)/,
    );
    usageError(() => parseConfigOption('{"lr":0.1}', 'q-learning'), /unknown key "lr"/);
    usageError(() => parseConfigOption('{"zzzzzzzz":1}', 'dqn'), /unknown key "zzzzzzzz"; known:/);
    usageError(() => parseConfigOption('[1]', 'dqn'), /must be a JSON object/);
    usageError(() => parseConfigOption('{', 'dqn'), /must be a JSON object/);
    expect(parseConfigOption('{"lr":0.01,"epsilon":{"steps":10}}', 'dqn')).toEqual({
      lr: 0.01,
      epsilon: { steps: 10 },
    });
  });

  it('a bad value or an agent too big to build is a usage error, found before any backend', () => {
    const args = (config: string) => parseRlTrainArgs(['--env', 'breakout', '--config', config]);
    usageError(
      () => checkRlTrainAgent(args('{"lr":5}')),
      /--config: invalid DQN config: lr must be in \(0, 1\)/,
    );
    usageError(
      () => checkRlTrainAgent(args('{"replayCapacity":10000000}')),
      /--config: its replay memory .* GiB/,
    );
    usageError(
      () => checkRlTrainAgent(args('{"network":{"type":"mlp","hidden":[100000,100000]}}')),
      /parameters, more than/,
    );
    expect(() => checkRlTrainAgent(args('{"lr":0.001}'))).not.toThrow();
  });

  it('edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(nearestKey('gama', ['gamma', 'lr'])).toBe('gamma');
    expect(nearestKey('qqqqqq', ['gamma', 'lr'])).toBeNull();
  });
});

describe('extent', () => {
  it('handles more values than a spread can pass', () => {
    const values = Array.from({ length: 500_000 }, (_, i) => (i * 7919) % 1000);
    expect(extent(values)).toEqual({ min: 0, max: 999 });
  });
});

describe('files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gradient-arcade-files-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('an atomic write never shows half a file, and leaves no temporary file', async () => {
    const target = join(dir, 'model.gam');
    await writeFile(target, 'old');
    const big = new Uint8Array(64 * 2 ** 20).fill(7);
    const writing = writeFileAtomic(target, big);
    // While the new bytes are being written the target is still the whole old file.
    let sawOld = false;
    for (let i = 0; i < 20; i++) {
      const now = await readFile(target);
      if (now.length === 3) sawOld = true;
      else expect(now.length).toBe(big.length);
      await new Promise((r) => setImmediate(r));
    }
    await writing;
    expect(sawOld).toBe(true);
    expect((await readFile(target)).length).toBe(big.length);
    expect((await readdir(dir)).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('an unwritable output is refused before the work, naming the path given', async () => {
    await expect(checkOutputs(['/proc/nope/model.gam'])).rejects.toThrow(
      /^\/proc\/nope\/model\.gam: cannot write/,
    );
    await expect(checkOutputs([dir])).rejects.toThrow(`${dir}: cannot write: not a regular file`);
    await expect(checkOutputs([join(dir, 'ok.gam'), undefined])).resolves.toBeUndefined();
    await expect(writeFileAtomic('/proc/nope.gam', 'x')).rejects.toThrow(FileError);
    expect(await readdir(dir)).not.toContainEqual(expect.stringMatching(/partial/));
  });

  it('inputs must be regular files within the bound', async () => {
    await expect(readRegularFile('/dev/zero', 100)).rejects.toThrow(
      '/dev/zero: is not a regular file',
    );
    await expect(readRegularFile(dir, 100)).rejects.toThrow('is not a regular file');
    const f = join(dir, 'big.bin');
    await writeFile(f, new Uint8Array(101));
    await expect(readRegularFile(f, 100)).rejects.toThrow(
      'is 101 bytes, more than the 100 allowed',
    );
  });

  it('a Ctrl-C during a save (no run to stop) quits only once the file is whole', async () => {
    const target = join(dir, 'agent.gaa');
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const big = new Uint8Array(32 * 2 ** 20).fill(3);
      const saving = saveFile(target, big);
      await new Promise((r) => setImmediate(r));
      process.emit('SIGINT');
      await new Promise((r) => setImmediate(r));
      expect(exit).not.toHaveBeenCalled();
      await saving;
      expect(exit).toHaveBeenCalledWith(130);
      expect((await readFile(target)).length).toBe(big.length);
      expect(error.mock.calls.join(' ')).toMatch(/quitting once .*agent\.gaa is written/);
      expect(process.listenerCount('SIGINT')).toBe(0);
    } finally {
      exit.mockRestore();
      error.mockRestore();
    }
  });
});
