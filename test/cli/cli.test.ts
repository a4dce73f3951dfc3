/**
 * The headless CLI (src/cli/main.ts) as a user runs it: a child process (node with tsx's loader).
 * Wrong arguments exit 2 with the usage; other failures exit 1 with one "error:" line and no
 * stack trace; success prints a JSON summary as the last stdout line.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContainerKind, writeContainer } from '../../src/nn/container';
import { GRADIENT_CHECK } from '../../src/nn/gradient';
import { defaultConfig } from '../../src/nn/nets/config';
import { loadModel } from '../../src/nn/serialize';
import { cli, lastJson, lines, ROOT, type Run } from '../helpers/cli';

/** Exit 2, the usage on stderr, nothing on stdout, no stack trace. */
function expectUsage(r: Run, message?: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(/usage/);
  expect(r.stderr).not.toMatch(/ {4}at /);
  expect(r.stdout).toBe('');
  if (message) expect(r.stderr).toMatch(message);
}

/** Exit 1 and exactly one stderr line, "error: ...", with no stack trace. */
function expectOneLineError(r: Run, message: RegExp): void {
  expect(r.code, r.stderr).toBe(1);
  const errLines = lines(r.stderr);
  expect(errLines, r.stderr).toHaveLength(1);
  expect(errLines[0].startsWith('error:')).toBe(true);
  expect(r.stderr).not.toMatch(/ {4}at /);
  expect(errLines[0]).toMatch(message);
}

let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'gradient-arcade-cli-'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('usage errors exit 2', () => {
  it('no arguments', async () => {
    expectUsage(await cli([]), /no command given/);
  });

  it('an unknown command', async () => {
    const r = await cli(['fly']);
    expectUsage(r, /unknown command "fly"/);
    // The general usage lists every command.
    expect(r.stderr).toMatch(/train --net/);
    expect(r.stderr).toMatch(/eval --model/);
    expect(r.stderr).toMatch(/gradcheck --net/);
  });

  it('train without --net', async () => {
    expectUsage(await cli(['train']), /--net is required/);
  });

  it('train --net nope', async () => {
    expectUsage(await cli(['train', '--net', 'nope']), /--net must be one of .*got "nope"/);
  });

  it('train --lr abc', async () => {
    expectUsage(
      await cli(['train', '--net', 'two-layer', '--lr', 'abc']),
      /--lr must be a number in \(0, 10\], got "abc"/,
    );
  });

  it('train with an unknown option', async () => {
    expectUsage(await cli(['train', '--net', 'two-layer', '--bogus']), /bogus/);
  });

  it('train --dropout for a net without dropout', async () => {
    expectUsage(
      await cli(['train', '--net', 'two-layer', '--dropout', '0.5']),
      /--dropout applies to multi-layer-extend and deep-conv/,
    );
  });
});

describe('other failures exit 1 with one line', () => {
  it('eval of a missing model file', async () => {
    const r = await cli(['eval', '--model', '/nonexistent.gam']);
    expectOneLineError(r, /^error: \/nonexistent\.gam: no such file$/);
    expect(r.stdout).toBe('');
  });

  it('eval of a file that is not a model', async () => {
    const file = join(tmp, 'garbage.gam');
    // Deterministic junk: text, binary and a newline, so the message must stay one line.
    const junk = new Uint8Array(300);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 97 + 13) % 256;
    junk.set(new TextEncoder().encode('not\na model'), 0);
    await writeFile(file, junk);
    const r = await cli(['eval', '--model', file]);
    expectOneLineError(r, /model file/);
    expect(r.stdout).toBe('');
  });
});

describe('train, save, eval, gradcheck', () => {
  it('train writes a model whose eval repeats its test accuracy', async () => {
    const model = join(tmp, 'm.gam');
    const t = await cli([
      'train',
      '--net',
      'two-layer',
      '--iters',
      '50',
      '--lr',
      '0.1',
      '--train-size',
      '2000',
      '--out',
      model,
    ]);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stderr).not.toMatch(/ {4}at /);
    const summary = lastJson(t.stdout);
    for (const key of [
      'net',
      'trainAccuracy',
      'testAccuracy',
      'seconds',
      'samplesPerSecond',
      'backend',
    ]) {
      expect(summary, key).toHaveProperty(key);
    }
    expect(summary.net).toBe('two-layer');
    expect(summary.backend).toBe('wasm');
    expect(summary.iterations).toBe(50);
    const testAccuracy = summary.testAccuracy as number;
    const trainAccuracy = summary.trainAccuracy as number;
    // 50 steps of SGD at lr 0.1 get well past chance (10%) but nowhere near done.
    expect(testAccuracy).toBeGreaterThan(0.2);
    expect(testAccuracy).toBeLessThanOrEqual(1);
    expect(trainAccuracy).toBeGreaterThan(0.2);
    expect(summary.seconds as number).toBeGreaterThan(0);
    expect(summary.samplesPerSecond as number).toBeGreaterThan(0);

    const e = await cli(['eval', '--model', model]);
    expect(e.code, e.stderr).toBe(0);
    const evaluation = lastJson(e.stdout);
    expect(evaluation.testAccuracy).toBe(testAccuracy);
    expect(evaluation.count).toBe(10_000);
    expect(evaluation.backend).toBe('wasm');
  });

  it('a run split by a checkpoint equals the run in one go (--from, --start-epoch)', async () => {
    const common = [
      'train',
      '--net',
      'two-layer',
      '--train-size',
      '500',
      '--lr',
      '0.1',
      '--seed',
      '4',
    ];
    const whole = join(tmp, 'whole.gam');
    const first = join(tmp, 'first.gam');
    const a = await cli([...common, '--epochs', '2', '--out', whole]);
    const b = await cli([...common, '--epochs', '1', '--out', first]);
    // SGD keeps no moments, so the continued run must land exactly where the whole run did.
    const c = await cli([...common, '--epochs', '2', '--from', first, '--start-epoch', '1']);
    for (const r of [a, b, c]) expect(r.code, r.stderr).toBe(0);
    expect(lastJson(c.stdout).testAccuracy).toBe(lastJson(a.stdout).testAccuracy);
    expect(lastJson(c.stdout).iterations).toBe(10);
    expectUsage(await cli([...common, '--start-epoch', '1']), /--start-epoch needs --from/);
    expectUsage(await cli([...common, '--augment']), /--augment applies to the image nets/);
    expectUsage(await cli([...common, '--lr-decay', 'step']), /--lr-decay must be "cosine"/);
  });

  it('gradcheck two-layer prints one line per parameter, then JSON', async () => {
    const r = await cli(['gradcheck', '--net', 'two-layer', '--samples', '5', '--batch', '2']);
    expect(r.code, r.stderr).toBe(0);
    const out = lines(r.stdout);
    expect(out).toHaveLength(5);
    const names = out.slice(0, 4).map((l) => l.trim().split(/\s+/)[0]);
    expect(names).toEqual(['W1', 'b1', 'W2', 'b2']);
    for (const l of out.slice(0, 4)) expect(l).toMatch(/max rel .*\(\d+ entries\)/);
    const summary = lastJson(r.stdout);
    expect(summary.net).toBe('two-layer');
    expect(typeof summary.maxRelError).toBe('number');
    expect(Number.isFinite(summary.maxRelError as number)).toBe(true);
    expect(summary.maxRelError as number).toBeGreaterThanOrEqual(0);
    // The hand-written backward agrees with central differences (median per parameter).
    expect(summary.worstMedianRelError as number).toBeLessThan(GRADIENT_CHECK.tolerance);
  });
});

describe('experiment hyperparameter-search and conv-filters', () => {
  it('hyperparameter-search with tiny settings writes every trial and the best 5', async () => {
    const out = join(tmp, 'hps.json');
    const r = await cli([
      'experiment',
      'hyperparameter-search',
      '--trials',
      '6',
      '--workers',
      '2',
      '--epochs',
      '2',
      '--train-size',
      '100',
      '--seed',
      '3',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({ experiment: 'hyperparameter-search', out });
    const best = lines(r.stderr).filter((l) => l.startsWith('Best-'));
    expect(best).toHaveLength(5);
    expect(best[0]).toMatch(/^Best-1 \(val acc:[\d.]+\) \| lr:[\d.e-]+, weight decay:[\d.e-]+$/);
    const result = JSON.parse(await readFile(out, 'utf8'));
    expect(result).toMatchObject({
      experiment: 'hyperparameter-search',
      seed: 3,
      trialsRequested: 6,
      stopped: false,
      trainImages: 80,
      validationImages: 20,
    });
    expect(result.trials.map((t: { trial: number }) => t.trial)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const t of result.trials) {
      expect(t.lr).toBeGreaterThanOrEqual(1e-6);
      expect(t.lr).toBeLessThan(1e-2);
      expect(t.weightDecay).toBeGreaterThanOrEqual(1e-8);
      expect(t.weightDecay).toBeLessThan(1e-4);
      expect(t.valAccuracy).toHaveLength(2);
      expect(t.trainAccuracy).toHaveLength(2);
    }
    expect(result.best.map((b: { line: string }) => b.line)).toEqual(best);
  });

  it('conv-filters trains a few steps and writes filters before/after and feature maps', async () => {
    const out = join(tmp, 'filters.json');
    const r = await cli([
      'experiment',
      'conv-filters',
      '--iterations',
      '3',
      '--train-size',
      '300',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({ experiment: 'conv-filters', out });
    const result = JSON.parse(await readFile(out, 'utf8'));
    expect(result.experiment).toBe('conv-filters');
    expect(result.before.shape).toEqual([30, 1, 5, 5]);
    expect(result.before.values).toHaveLength(750);
    expect(result.after.values).toHaveLength(750);
    expect(result.after.values).not.toEqual(result.before.values);
    expect(result.maps.shape).toEqual([30, 24, 24]);
    expect(result.maps.values).toHaveLength(30 * 24 * 24);
    expect(result.image.values).toHaveLength(784);
    expect(result.iterations).toBe(3);
  });

  it('misclassified lists the wrong test images of a trained net, consistent with its accuracy', async () => {
    const out = join(tmp, 'misclassified.json');
    const r = await cli(
      [
        'experiment',
        'misclassified',
        '--model',
        join(ROOT, 'models/simple-conv.gam'),
        '--out',
        out,
      ],
      120_000,
    );
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(await readFile(out, 'utf8'));
    expect(result.total).toBe(10000);
    expect(result.errors).toBe(result.wrong.length);
    expect(result.accuracy).toBeCloseTo(1 - result.errors / 10000, 10);
    expect(result.accuracy).toBeGreaterThan(0.97);
    for (const w of result.wrong.slice(0, 20)) expect(w.predicted).not.toBe(w.label);
    const diagonal = result.confusion.reduce(
      (s: number, row: number[], i: number) => s + row[i],
      0,
    );
    expect(diagonal).toBe(10000 - result.errors);
    expect(result.images).toHaveLength(Math.min(100, result.errors) * 784);
  });

  it('misclassified and half-precision refuse a missing model with one line', async () => {
    for (const name of ['misclassified', 'half-precision']) {
      const r = await cli(['experiment', name, '--model', '/nonexistent.gam']);
      expectOneLineError(r, /^error: \/nonexistent\.gam: no such file$/);
    }
  });

  it('rejects --trials 0 with the usage', async () => {
    expectUsage(
      await cli(['experiment', 'hyperparameter-search', '--trials', '0']),
      /--trials must be an integer in \[1, 10,000\], got "0"/,
    );
  });
});

describe('reliability (issue 11)', () => {
  it('runaway flags, devices and unwritable outputs are refused before any work', async () => {
    const started = performance.now();
    const [negative, batch, size, zero, proc, folder, experimentOut] = await Promise.all([
      cli(['train', '--net', 'two-layer', '--iters', '-5']),
      cli(['train', '--net', 'two-layer', '--batch', '1e9', '--train-size', '100']),
      cli(['train', '--net', 'two-layer', '--train-size', '1e9']),
      cli(['eval', '--model', '/dev/zero']),
      cli(['train', '--net', 'two-layer', '--epochs', '20', '--out', '/proc/m.gam']),
      cli(['train', '--net', 'two-layer', '--epochs', '20', '--out', tmp]),
      cli(['experiment', 'optimizer-compare', '--out', '/proc/curves.json']),
    ]);
    expectUsage(negative, /--iters must be an integer in \[1, 10,000,000\], got "-5"/);
    expectUsage(batch, /--batch must be an integer in \[1, 10,000\], got "1e9"/);
    expectUsage(size, /--train-size must be an integer in \[1, 60,000\], got "1e9"/);
    expectOneLineError(zero, /^error: \/dev\/zero: is not a regular file$/);
    // The path the user gave, found before 20 epochs of training (no .partial path, no file left).
    expectOneLineError(proc, /^error: \/proc\/m\.gam: cannot write/);
    expectOneLineError(folder, new RegExp(`^error: ${tmp}: cannot write: not a regular file$`));
    expectOneLineError(experimentOut, /^error: \/proc\/curves\.json: cannot write/);
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  it('eval says when finite weights overflow the loss', async () => {
    const kind: ContainerKind = {
      magic: 'GAMODEL1',
      format: 'gradient-arcade-model',
      version: 1,
      noun: 'model',
      article: 'a',
      error: (m) => new Error(m),
    };
    const fill = (name: string, shape: number[], x: number) => ({
      name,
      shape,
      values: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(x),
    });
    const file = join(tmp, 'overflow.gam');
    await writeFile(
      file,
      writeContainer(
        kind,
        (tensors) => ({
          format: kind.format,
          version: 1,
          config: defaultConfig('two-layer'),
          tensors,
          meta: {},
        }),
        [
          fill('W1', [784, 50], 1e20),
          fill('b1', [50], 0),
          fill('W2', [50, 10], 1e20),
          fill('b2', [10], 0),
        ],
      ),
    );
    const r = await cli(['eval', '--model', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: .*overflow\.gam: the test loss overflows/);
    expect(lastJson(r.stdout)).toMatchObject({
      testLoss: null,
      testLossOverflow: true,
      count: 10_000,
    });
  });

  it('Ctrl-C during the final evaluation still reports and saves, atomically', async () => {
    const model = join(tmp, 'interrupted.gam');
    await writeFile(model, 'an older file');
    const r = await cli(
      ['train', '--net', 'two-layer', '--iters', '3', '--batch', '10', '--out', model],
      60_000,
      { interruptWhen: /final evaluation/ },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/final evaluation[\s\S]*stopping: writing the model trained so far/);
    expect(r.stderr).toMatch(/saved .*interrupted\.gam/);
    expect(lastJson(r.stdout)).toMatchObject({ net: 'two-layer', iterations: 3 });
    const { net, meta } = loadModel(new Uint8Array(await readFile(model)));
    net.dispose();
    expect(meta).toHaveProperty('testAccuracy');
    expect(meta).not.toHaveProperty('checkpoint');
  });
});
