/** `vision <sub-command>`: data sets, training and scoring for the Vision area. */
import { UsageError } from '../errors';
import { visionEval, visionEvalUsage } from './vision/eval';
import { visionGan, visionGanUsage } from './vision/gan-command';
import { visionPredict, visionPredictUsage } from './vision/predict';
import { scenesCommand, scenesUsage } from './vision/scenes';
import { visionStyle, visionStyleUsage } from './vision/style-command';
import { visionTrain, visionTrainUsage } from './vision/train';

const SUBCOMMANDS: Record<string, (argv: string[]) => Promise<void>> = {
  scenes: scenesCommand,
  train: visionTrain,
  eval: visionEval,
  predict: visionPredict,
  gan: visionGan,
  style: visionStyle,
};

export const visionUsage = `${scenesUsage}\n\n  ${visionTrainUsage}\n\n  ${visionEvalUsage}\n\n  ${visionPredictUsage}\n\n  ${visionGanUsage}\n\n  ${visionStyleUsage}`;

export async function vision(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  const run = sub ? SUBCOMMANDS[sub] : undefined;
  if (!run)
    throw new UsageError(
      `${sub ? `unknown vision command "${sub}"` : 'vision needs a command'}: ${Object.keys(SUBCOMMANDS).join(', ')}`,
    );
  await run(rest);
}
