/** `vision style run|train|styles`: Gatys-style transfer, fast style transformers, the shipped styles. */
import { UsageError } from '../../errors';
import { styleRun, styleRunUsage } from './style-run';
import { styleStyles, styleStylesUsage } from './style-styles';
import { styleTrain, styleTrainUsage } from './style-train';

const SUBCOMMANDS: Record<string, (argv: string[]) => Promise<void>> = {
  run: styleRun,
  styles: styleStyles,
  train: styleTrain,
};

export const visionStyleUsage = `${styleRunUsage}\n\n  ${styleTrainUsage}\n\n  ${styleStylesUsage}`;

export async function visionStyle(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  const run = sub ? SUBCOMMANDS[sub] : undefined;
  if (!run)
    throw new UsageError(
      `${sub ? `unknown vision style command "${sub}"` : 'vision style needs a command'}: ${Object.keys(SUBCOMMANDS).join(', ')}`,
    );
  await run(rest);
}
