/** What the hyperparameter search's unit and worker tests share: a tiny search, a pause. */
import {
  BOOK_SEARCH,
  type SearchSettings,
  type TrialResult,
} from '../../src/nn/experiments/hyperparameter-search';
import type { RunControl } from '../../src/nn/run-control';

/** A few seconds of training in all: 80 training and 20 validation images, a small net. */
export const TINY_SEARCH: SearchSettings = {
  ...BOOK_SEARCH,
  trainSize: 100,
  epochs: 2,
  batchSize: 20,
  hiddenSizes: [20, 20],
};

/**
 * A search that pauses after its first finished trial: its onTrial/onPaused hooks, and `events`, the order things happened in. Resumes
 * `resumeAfterMs` after the pause took hold: long enough that a trial started by mistake
 * while paused would finish (and show in `events`) before the resume.
 */
export function pauseAfterFirstTrial(control: RunControl, resumeAfterMs: number) {
  const events: string[] = [];
  return {
    events,
    onTrial: (_t: TrialResult, done: number) => {
      events.push(`trial ${done}`);
      if (done === 1) control.pause();
    },
    onPaused: (done: number) => {
      events.push(`paused ${done}`);
      setTimeout(() => {
        events.push('resume');
        control.resume();
      }, resumeAfterMs);
    },
  };
}
