/** `vision gan train|sample|score`: the DCGAN's commands. */
import { UsageError } from '../../errors';
import { ganSample, ganSampleUsage } from './gan-sample';
import { ganScore, ganScoreUsage } from './gan-score';
import { ganTrain, ganTrainUsage } from './gan-train';

const SUBCOMMANDS: Record<string, (argv: string[]) => Promise<void>> = {
  train: ganTrain,
  sample: ganSample,
  score: ganScore,
};

export const visionGanUsage = `${ganTrainUsage}\n\n  ${ganSampleUsage}\n\n  ${ganScoreUsage}`;

export async function visionGan(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  const run = sub ? SUBCOMMANDS[sub] : undefined;
  if (!run)
    throw new UsageError(
      `${sub ? `unknown vision gan command "${sub}"` : 'vision gan needs a command'}: ${Object.keys(SUBCOMMANDS).join(', ')}`,
    );
  await run(rest);
}
