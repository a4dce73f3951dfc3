/** A search that pauses after its first finished trial and resumes a while after the pause holds. */
import type { TrialResult } from '../../src/nn/experiments/hyperparameter-search';
import type { RunControl } from '../../src/nn/run-control';

/**
 * The search's onTrial/onPaused hooks, and `events`, the order things happened in. Resumes
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
