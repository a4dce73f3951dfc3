/**
 * `vision style run|styles` as a user runs them, on small pictures: a run writes a PNG of the
 * working size and ends with one JSON line of losses and seconds; both feature nets run; a
 * PNG can be the content and the style; Ctrl-C stops after the step and still writes; wrong
 * options are refused with one line saying why; `styles` writes the shipped styles.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeRgbPng, encodeRgbPng } from '../../src/data/png';
import { contentScene } from '../../src/vision/style/content-scenes';
import { shippedStyle } from '../../src/vision/style/styles';
import { cli, lastJson, lines } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'ga-vision-style-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const png = (path: string) => decodeRgbPng(new Uint8Array(readFileSync(path)));

describe('vision style run', () => {
  it('paints a content scene in a shipped style with either feature net, and writes the PNG', async () => {
    for (const features of ['random', 'trained']) {
      const out = join(dir, `${features}.png`);
      const run = await cli([
        'vision',
        'style',
        'run',
        '--content-scene',
        '2',
        '--style',
        'mosaic',
        '--size',
        '48',
        '--steps',
        '6',
        '--features',
        features,
        '--out',
        out,
      ]);
      expect(run.code, run.stderr).toBe(0);
      const json = lastJson(run.stdout);
      expect(json).toMatchObject({
        content: 'scene 2',
        style: 'mosaic',
        features,
        width: 48,
        height: 48,
        steps: 6,
        reason: 'done',
        backend: 'wasm',
        out,
      });
      for (const k of ['contentLoss', 'styleLoss', 'tvLoss', 'totalLoss', 'seconds', 'cpuSeconds'])
        expect(Number.isFinite(json[k]), k).toBe(true);
      expect(lines(run.stdout)).toHaveLength(1);
      // Without a terminal: a line per tenth of the run, the coarse pass at half size.
      expect(run.stderr).toMatch(/step 1\/6 at 24x24: content [\d.]+, style [\d.]+, tv [\d.]+/);
      expect(run.stderr).toMatch(/step 6\/6 at 48x48/);
      const picture = png(out);
      expect([picture.width, picture.height]).toEqual([48, 48]);
      // The picture is the scene repainted: near it, but not it.
      const scene = contentScene(2, 48);
      let diff = 0;
      for (let i = 0; i < scene.data.length; i++)
        diff += Math.abs((scene.data[i] as number) - (picture.data[i] as number));
      expect(diff / scene.data.length).toBeGreaterThan(1);
      expect(diff / scene.data.length).toBeLessThan(80);
    }
  });

  it('takes PNGs as content and style, keeps the aspect, and stops on Ctrl-C with the picture written', async () => {
    const content = join(dir, 'content.png');
    const style = join(dir, 'style.png');
    const wide = contentScene(4, 64);
    // A 64x32 picture: the top half of a scene.
    writeFileSync(
      content,
      encodeRgbPng({ width: 64, height: 32, data: wide.data.slice(0, 64 * 32 * 3) }),
    );
    writeFileSync(style, encodeRgbPng(shippedStyle('swirls', 40)));
    const out = join(dir, 'stopped.png');
    const run = await cli(
      [
        'vision',
        'style',
        'run',
        '--content',
        content,
        '--style',
        style,
        '--size',
        '64',
        '--steps',
        '100000',
        '--scales',
        '1',
        '--out',
        out,
      ],
      60_000,
      { interruptWhen: /step 50\/100000/ },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/stopping: writing the picture so far/);
    const json = lastJson(run.stdout);
    expect(json).toMatchObject({ content, style, reason: 'stopped', width: 64, height: 32 });
    expect(json.steps as number).toBeLessThan(100000);
    expect([png(out).width, png(out).height]).toEqual([64, 32]);
  });

  it('refuses wrong options with one line saying why (exit 2), and a missing file with one line (exit 1)', async () => {
    const out = join(dir, 'never.png');
    const cases: Array<[string[], RegExp]> = [
      [
        ['--style', 'waves', '--out', out],
        /give the content as --content PNG or --content-scene N/,
      ],
      [
        ['--content-scene', '1', '--content', 'a.png', '--style', 'waves', '--out', out],
        /one of them/,
      ],
      [['--content-scene', '1', '--out', out], /--style NAME\|PNG is required/],
      [['--content-scene', '1', '--style', 'waves'], /--out OUT.png is required/],
      [
        ['--content-scene', '1', '--style', 'monet', '--out', out],
        /--style must be one of waves, mosaic, kandinsky, hatching, swirls or a .png file, got "monet"/,
      ],
      [
        ['--content-scene', '1', '--style', 'waves', '--features', 'vgg', '--out', out],
        /--features must be random or trained, got "vgg"/,
      ],
      [
        ['--content-scene', '1', '--style', 'waves', '--size', '4096', '--out', out],
        /--size must be an integer in \[16, 1024\], got "4096"/,
      ],
      [
        ['--content-scene', '1', '--style', 'waves', '--steps', '0', '--out', out],
        /--steps must be an integer in \[1, 100,000\]/,
      ],
      [
        ['--content-scene', '1', '--style', 'waves', '--style-weight', '-1', '--out', out],
        /--style-weight must be a number in \[0, 1,000,000\], got "-1"/,
      ],
      [
        ['--content-scene', '1', '--style', 'waves', '--init', 'zeros', '--out', out],
        /--init must be content or noise/,
      ],
    ];
    for (const [args, message] of cases) {
      const run = await cli(['vision', 'style', 'run', ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(lines(run.stderr)[0], args.join(' ')).toMatch(message);
      expect(run.stdout).toBe('');
    }
    const missing = await cli([
      'vision',
      'style',
      'run',
      '--content',
      join(dir, 'nope.png'),
      '--style',
      'waves',
      '--out',
      out,
    ]);
    expect(missing.code).toBe(1);
    expect(lines(missing.stderr).at(-1)).toMatch(/nope\.png: no such file/);
    const bad = join(dir, 'bad.png');
    writeFileSync(bad, 'not a png at all, just text of some length to pass the size check');
    const garbled = await cli([
      'vision',
      'style',
      'run',
      '--content-scene',
      '0',
      '--style',
      bad,
      '--out',
      out,
    ]);
    expect(garbled.code).toBe(1);
    expect(lines(garbled.stderr).at(-1)).toMatch(/bad\.png: not a PNG file/);
  });
});

describe('vision style styles', () => {
  it('writes each shipped style as NAME.png, the same bytes as the library draws', async () => {
    const out = join(dir, 'styles');
    const run = await cli(['vision', 'style', 'styles', '--out', out, '--size', '64']);
    expect(run.code, run.stderr).toBe(0);
    const json = lastJson(run.stdout);
    expect(json.styles).toEqual(['waves', 'mosaic', 'kandinsky', 'hatching', 'swirls']);
    for (const name of json.styles as string[])
      expect(png(join(out, `${name}.png`)).data).toEqual(shippedStyle(name, 64).data);
    const wrong = await cli(['vision', 'style', 'paint']);
    expect(wrong.code).toBe(2);
    expect(lines(wrong.stderr)[0]).toMatch(/unknown vision style command "paint": run, styles/);
  });
});
