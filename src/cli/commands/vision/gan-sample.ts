/**
 * `vision gan sample`: a GAN file's samples as a PNG grid, from fixed noise (a row per digit
 * for a conditional GAN, each column one noise vector), or one digit's grid with --digit.
 */
import { encodeRgbPng } from '../../../data/png';
import { chooseBackend } from '../../../nn/backend';
import { drawSamples } from '../../../vision/gan/gan-training';
import { fixedNoise, type NoiseSet } from '../../../vision/gan/latent';
import { sampleGrid } from '../../../vision/gan/sample-grid';
import { UsageError } from '../../errors';
import { type FlagTable, flagUsage, MAX_SEED, parseCommandArgs, parseFlags } from '../../flags';
import { checkOutputs, saveFile } from '../../interrupt';
import { backendOption } from '../../options';
import { readGanFile } from './gan-common';

export const GAN_SAMPLE_FLAGS: FlagTable = [
  {
    name: 'columns',
    integer: true,
    min: 1,
    max: 64,
    fallback: '8; 10 for a conditional GAN',
    meaning: 'samples a row',
  },
  {
    name: 'rows',
    integer: true,
    min: 1,
    max: 64,
    fallback: 'as many as columns',
    meaning: 'rows (unconditional, or with --digit)',
  },
  { name: 'digit', integer: true, min: 0, max: 9, meaning: 'conditional GAN: only this digit' },
  {
    name: 'seed',
    integer: true,
    min: 0,
    max: MAX_SEED,
    fallback: '1, the noise training draws its grid from with --seed 0',
    meaning: 'seed of the noise',
  },
  {
    name: 'scale',
    integer: true,
    min: 1,
    max: 16,
    fallback: '2',
    meaning: 'pixels per image pixel',
  },
];

export const ganSampleUsage = `vision gan sample --model FILE.gan --out GRID.png [options]
${flagUsage(GAN_SAMPLE_FLAGS, '      ')}
      --backend wasm|cpu|auto
    Draws a grid of samples from fixed noise (a conditional GAN: a row per digit, each column
    one noise vector) and writes it as a PNG. Ends with one JSON line.`;

const OPTIONS = {
  model: { type: 'string' },
  out: { type: 'string' },
  columns: { type: 'string' },
  rows: { type: 'string' },
  digit: { type: 'string' },
  seed: { type: 'string' },
  scale: { type: 'string' },
  backend: { type: 'string' },
} as const;

export async function ganSample(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs(argv, OPTIONS);
  const flags = parseFlags(GAN_SAMPLE_FLAGS, values);
  if (!values.model) throw new UsageError('--model FILE.gan is required');
  if (!values.out) throw new UsageError('--out GRID.png is required');
  await checkOutputs([values.out]);
  await chooseBackend({ request: backendOption(values.backend) });
  const { gan } = await readGanFile(values.model);
  try {
    const { config } = gan;
    const seed = flags.seed ?? 1;
    if (flags.digit !== undefined && config.classes === 0)
      throw new UsageError(`--digit asks a conditional GAN; ${values.model} is unconditional`);
    if (flags.rows !== undefined && config.classes > 0 && flags.digit === undefined)
      throw new UsageError('--rows: a conditional GAN draws one row per digit (or use --digit)');
    if (flags.rows !== undefined && config.codes > 0)
      throw new UsageError('--rows: an InfoGAN draws one row per value of its code');
    let noise: NoiseSet;
    if (flags.digit !== undefined) {
      // One digit: the unconditional layout's noise, every sample asked for the digit.
      const plain = fixedNoise({ ...config, classes: 0 }, seed, flags.columns ?? 8, flags.rows);
      noise = { ...plain, labels: new Int32Array(plain.count).fill(flags.digit) };
    } else
      noise = fixedNoise(
        config,
        seed,
        flags.columns ?? (config.classes > 0 || config.codes > 0 ? 10 : 8),
        flags.rows,
      );
    const images = await drawSamples(gan, noise);
    const picture = sampleGrid(images, config.imageSize, noise, flags.scale ?? 2);
    await saveFile(values.out, encodeRgbPng(picture));
    console.log(
      JSON.stringify({
        model: values.model,
        out: values.out,
        rows: noise.rows,
        columns: noise.columns,
        ...(flags.digit !== undefined ? { digit: flags.digit } : {}),
        conditional: gan.conditional,
        ...(config.codes > 0 ? { codes: config.codes } : {}),
        width: picture.width,
        height: picture.height,
      }),
    );
  } finally {
    gan.dispose();
  }
}
