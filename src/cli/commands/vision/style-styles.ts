/** `vision style styles`: writes the shipped styles as PNGs, to look at or to use elsewhere. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeRgbPng } from '../../../data/png';
import { SHIPPED_STYLES, STYLE_SIZE } from '../../../vision/style/styles';
import { UsageError } from '../../errors';
import { type FlagTable, flagUsage, MAX_SEED, parseCommandArgs, parseFlags } from '../../flags';
import { checkOutputs, saveFile } from '../../interrupt';

const STYLES_FLAGS: FlagTable = [
  {
    name: 'size',
    integer: true,
    min: 16,
    max: 2048,
    fallback: String(STYLE_SIZE),
    meaning: 'side of each picture',
  },
  {
    name: 'seed',
    integer: true,
    min: 0,
    max: MAX_SEED,
    fallback: '0 (the shipped ones)',
    meaning: 'seed of the drawings',
  },
];

export const styleStylesUsage = `vision style styles --out DIR [options]
${flagUsage(STYLES_FLAGS, '      ')}
    Writes the shipped styles (${SHIPPED_STYLES.map((s) => s.name).join(', ')}), drawn by
    our own code, as DIR/NAME.png (the folder is made if missing). Ends with one JSON line.`;

export async function styleStyles(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs(argv, {
    out: { type: 'string' },
    size: { type: 'string' },
    seed: { type: 'string' },
  });
  const flags = parseFlags(STYLES_FLAGS, values);
  if (values.out === undefined) throw new UsageError('--out DIR is required');
  const size = flags.size ?? STYLE_SIZE;
  const seed = flags.seed ?? 0;
  await mkdir(values.out, { recursive: true });
  const files = SHIPPED_STYLES.map((s) => join(values.out as string, `${s.name}.png`));
  await checkOutputs(files);
  for (const [i, style] of SHIPPED_STYLES.entries())
    await saveFile(files[i] as string, encodeRgbPng(style.draw(size, seed)));
  console.log(
    JSON.stringify({
      out: values.out,
      styles: SHIPPED_STYLES.map((s) => s.name),
      size,
      seed,
      files,
    }),
  );
}
