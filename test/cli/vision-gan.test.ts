/**
 * `vision gan train|sample|score` as a user runs them, on tiny nets: a few steps write a GAN
 * file that loads and a sample grid PNG; a run goes on from its file; Ctrl-C stops it and it
 * still saves; the conditional GAN samples a row per digit and is scored (agreement, and the
 * real-vs-real distance for scale); wrong options are refused with one line saying why.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeRgbPng } from '../../src/data/png';
import { loadGan } from '../../src/vision/gan/gan-file';
import { cli, lastJson } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'ga-vision-gan-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TINY = [
  '--batch',
  '8',
  '--train-size',
  '200',
  '--latent',
  '8',
  '--g-channels',
  '4,4',
  '--d-channels',
  '4,4',
];

describe('vision gan train and sample', () => {
  it('writes a GAN file that loads, a sample grid, goes on from its file, and stops on Ctrl-C with a save', async () => {
    const out = join(dir, 'tiny.gan');
    const grid = join(dir, 'grid.png');
    const run = await cli([
      'vision',
      'gan',
      'train',
      '--steps',
      '3',
      ...TINY,
      '--score-samples',
      '0',
      '--out',
      out,
      '--samples',
      grid,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(lastJson(run.stdout)).toMatchObject({
      gan: 'dcgan',
      conditional: false,
      steps: 3,
      reason: 'done',
      warnings: [],
      out,
    });
    expect(run.stderr).toMatch(
      /step 3: D loss [\d.]+, G loss [\d.]+, D\(x\) [\d.]+, D\(G\(z\)\) [\d.]+/,
    );
    const { gan, meta } = loadGan(new Uint8Array(readFileSync(out)));
    expect(gan.config).toMatchObject({ latent: 8, classes: 0, generator: [4, 4] });
    expect(meta).toMatchObject({ stepsDone: 3, reason: 'done', batch: 8 });
    gan.dispose();
    // 8 x 8 samples of 28 px at scale 2 with 2 px gaps.
    const png = decodeRgbPng(new Uint8Array(readFileSync(grid)));
    expect([png.width, png.height]).toEqual([8 * 56 + 9 * 2, 8 * 56 + 9 * 2]);

    const more = await cli([
      'vision',
      'gan',
      'train',
      '--steps',
      '2',
      '--from',
      out,
      '--batch',
      '8',
      '--train-size',
      '200',
      '--score-samples',
      '0',
      '--out',
      out,
    ]);
    expect(more.code, more.stderr).toBe(0);
    expect(lastJson(more.stdout)).toMatchObject({ steps: 2, stepsDone: 5 });

    const stopped = join(dir, 'stopped.gan');
    const interrupted = await cli(
      [
        'vision',
        'gan',
        'train',
        '--steps',
        '100000',
        ...TINY,
        '--sample-every',
        '1',
        '--score-samples',
        '0',
        '--out',
        stopped,
      ],
      60_000,
      { interruptWhen: /step 2:/ },
    );
    expect(interrupted.code, interrupted.stderr).toBe(0);
    expect(interrupted.stderr).toMatch(/stopping: writing the GAN trained so far/);
    const report = lastJson(interrupted.stdout);
    expect(report.reason).toBe('stopped');
    expect(report.steps as number).toBeLessThan(100000);
    const saved = loadGan(new Uint8Array(readFileSync(stopped)));
    expect(saved.meta).toMatchObject({ reason: 'stopped', stepsDone: report.steps });
    saved.gan.dispose();
  });

  it('trains, samples and scores a conditional GAN: a row per digit, agreement, real-vs-real for scale', async () => {
    const out = join(dir, 'cond.gan');
    const run = await cli([
      'vision',
      'gan',
      'train',
      '--conditional',
      '--steps',
      '2',
      ...TINY,
      '--score-samples',
      '20',
      '--sample-every',
      '1',
      '--score-every',
      '1',
      '--out',
      out,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const trained = lastJson(run.stdout);
    expect(trained).toMatchObject({ conditional: true, steps: 2, scoreSamples: 20 });
    for (const key of ['frechet', 'confidentShare', 'coverage', 'agreement'])
      expect(typeof trained[key], key).toBe('number');
    // The curve of the scores, one point per --score-every; the last is the final score.
    const curve = trained.curve as Array<Record<string, number>>;
    expect(curve.map((p) => p.step)).toEqual([1, 2]);
    expect(curve[1].frechet).toBe(trained.frechet);
    expect(run.stderr).toMatch(/scores at step 1: \{"step":1,"trainingSeconds":\d+,"frechet":/);

    const grid = join(dir, 'cond.png');
    const sampled = await cli([
      'vision',
      'gan',
      'sample',
      '--model',
      out,
      '--out',
      grid,
      '--columns',
      '3',
      '--scale',
      '1',
    ]);
    expect(sampled.code, sampled.stderr).toBe(0);
    expect(lastJson(sampled.stdout)).toMatchObject({ rows: 10, columns: 3, conditional: true });
    const png = decodeRgbPng(new Uint8Array(readFileSync(grid)));
    expect([png.width, png.height]).toEqual([3 * 28 + 4 * 2, 10 * 28 + 11 * 2]);

    const scored = await cli([
      'vision',
      'gan',
      'score',
      '--model',
      out,
      '--samples',
      '20',
      '--real',
      '50',
    ]);
    expect(scored.code, scored.stderr).toBe(0);
    const s = lastJson(scored.stdout);
    expect(s).toMatchObject({ samples: 20, realSamples: 50, conditional: true, stepsDone: 2 });
    // Two steps make grey blurs: far from digits, which are close to one another.
    expect(s.frechet as number).toBeGreaterThan(5 * (s.frechetRealVsReal as number));
    expect((s.histogram as number[]).reduce((a, b) => a + b, 0)).toBe(20);
    expect(typeof s.agreement).toBe('number');
  });

  it("trains and samples an InfoGAN (--codes): Q's loss in the log, a row per code value", async () => {
    const out = join(dir, 'info.gan');
    const run = await cli([
      'vision',
      'gan',
      'train',
      '--codes',
      '3',
      '--steps',
      '2',
      ...TINY,
      '--score-samples',
      '0',
      '--sample-every',
      '1',
      '--out',
      out,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/InfoGAN \(3-way code\) DCGAN 28x28/);
    expect(run.stderr).toMatch(/step 2: D loss [\d.]+, G loss [\d.]+, Q loss [\d.]+, D\(x\)/);
    expect(lastJson(run.stdout)).toMatchObject({ conditional: false, codes: 3, steps: 2 });
    const saved = loadGan(new Uint8Array(readFileSync(out)));
    expect(saved.gan.config.codes).toBe(3);
    saved.gan.dispose();
    const sampled = await cli([
      'vision',
      'gan',
      'sample',
      '--model',
      out,
      '--out',
      join(dir, 'info.png'),
    ]);
    expect(sampled.code, sampled.stderr).toBe(0);
    expect(lastJson(sampled.stdout)).toMatchObject({ rows: 3, columns: 10, codes: 3 });
    const rows = await cli([
      'vision',
      'gan',
      'sample',
      '--model',
      out,
      '--rows',
      '2',
      '--out',
      join(dir, 'x.png'),
    ]);
    expect(rows.code).toBe(2);
    expect(rows.stderr).toMatch(/--rows: an InfoGAN draws one row per value of its code/);
  });
});

describe('vision gan: wrong arguments and files', () => {
  it('refuses bad options with one line saying why (exit 2)', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['train', '--steps', '0'], /--steps must be an integer in \[1, 10,000,000\], got "0"/],
      [['train', '--g-channels', '4'], /--g-channels must be two integers in \[1, 1024\]/],
      [
        ['train', '--batch', '300', '--train-size', '200'],
        /--batch 300 is larger than the 200 training digits/,
      ],
      [
        ['train', '--from', 'x.gan', '--latent', '8'],
        /--from takes the nets' shape from the file: drop --latent/,
      ],
      [['train', '--codes', '0'], /--codes must be an integer in \[1, 100\], got "0"/],
      [['train', '--conditional', '--codes', '10'], /--conditional and --codes exclude each other/],
      [['train', '--from', 'x.gan', '--codes', '10'], /drop --codes/],
      [['train', '--lr', '-1'], /--lr must be a number in \(0, 1\], got "-1"/],
      [['train', '--lr-decay', 'step'], /--lr-decay must be cosine or none, got "step"/],
      [['train', '--average', '1'], /--average must be a number in \(0, 1\), got "1"/],
      [
        ['train', '--score-every', '3', '--sample-every', '2'],
        /--score-every 3 must be a multiple of --sample-every 2/,
      ],
      [['sample', '--out', join(dir, 'x.png')], /--model FILE.gan is required/],
      [['score'], /--model FILE.gan is required/],
      [['paint'], /unknown vision gan command "paint": train, sample, score/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(['vision', 'gan', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      const [first] = r.stderr.split('\n');
      expect(first, args.join(' ')).toMatch(/^error: /);
      expect(first, args.join(' ')).toMatch(message);
    }
  });

  it('says which file is not a GAN (exit 1), and refuses --digit for an unconditional one', async () => {
    const bogus = join(dir, 'bogus.gan');
    writeFileSync(bogus, 'not a gan at all, just text');
    const r = await cli(['vision', 'gan', 'sample', '--model', bogus, '--out', join(dir, 'b.png')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /bogus\.gan: GAN file: not a Gradient Arcade GAN \(expected "GAGANMD1"/,
    );
    const plain = join(dir, 'plain.gan');
    expect(
      (
        await cli([
          'vision',
          'gan',
          'train',
          '--steps',
          '1',
          ...TINY,
          '--score-samples',
          '0',
          '--out',
          plain,
        ])
      ).code,
    ).toBe(0);
    const d = await cli([
      'vision',
      'gan',
      'sample',
      '--model',
      plain,
      '--out',
      join(dir, 'd.png'),
      '--digit',
      '3',
    ]);
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/--digit asks a conditional GAN; .*plain\.gan is unconditional/);
  });
});
