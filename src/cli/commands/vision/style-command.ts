/** `vision style run|styles`: Gatys-style transfer and the shipped styles. */
import { UsageError } from '../../errors';
import { styleRun, styleRunUsage } from './style-run';
import { styleStyles, styleStylesUsage } from './style-styles';

const SUBCOMMANDS: Record<string, (argv: string[]) => Promise<void>> = {
  run: styleRun,
  styles: styleStyles,
};

export const visionStyleUsage = `${styleRunUsage}\n\n  ${styleStylesUsage}`;

export async function visionStyle(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  const run = sub ? SUBCOMMANDS[sub] : undefined;
  if (!run)
    throw new UsageError(
      `${sub ? `unknown vision style command "${sub}"` : 'vision style needs a command'}: ${Object.keys(SUBCOMMANDS).join(', ')}`,
    );
  await run(rest);
}
