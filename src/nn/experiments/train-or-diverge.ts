/**
 * A training run of an experiment whose loss may blow up: a NaN/Inf loss (TrainingDiverged)
 * ends it as a result, the step it happened at, instead of an error. The curves recorded so
 * far stop there, and the experiment says so.
 */
import { type Trainer, TrainingDiverged } from '../trainer';

export interface TrainOutcome {
  /** Stopped by the trainer's control before its last step. */
  stopped: boolean;
  /** The step whose loss became NaN/Inf, else null. */
  diverged: number | null;
}

export async function trainOrDiverge(trainer: Trainer): Promise<TrainOutcome> {
  try {
    const { stopped } = await trainer.run();
    return { stopped, diverged: null };
  } catch (e) {
    if (!(e instanceof TrainingDiverged)) throw e;
    return { stopped: false, diverged: e.iteration };
  }
}
