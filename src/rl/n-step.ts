/**
 * n-step returns (Sutton & Barto ch. 7; used by Rainbow): the transition stored for time t is
 *   (s_t, a_t, R = r_t + gamma r_{t+1} + ... + gamma^{k-1} r_{t+k-1}, s_{t+k}, done, gamma^k)
 * with k = n, or fewer steps when the episode ends first. The accumulator keeps the last n
 * one-step transitions of one environment and emits an n-step transition once it has n.
 *
 * Episode end: on termination every pending transition is flushed with its shortened return
 * and `terminated` set (no bootstrap). On truncation they are flushed too, each bootstrapping
 * from the last observation with gamma^k for its own k: the time limit is not a terminal state.
 * One accumulator per environment copy: interleaving copies would mix their episodes.
 */
import type { Transition } from './replay-buffer';

/** A one-step transition as the environment produced it. */
export interface StepTransition {
  observation: Float32Array;
  action: number;
  reward: number;
  nextObservation: Float32Array;
  terminated: boolean;
  truncated: boolean;
}

export class NStepAccumulator {
  private readonly pending: StepTransition[] = [];

  constructor(
    readonly n: number,
    readonly gamma: number,
  ) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`n-step must be an integer >= 1, got ${n}`);
    if (!(gamma >= 0 && gamma <= 1)) throw new Error(`gamma must be in [0, 1], got ${gamma}`);
  }

  /**
   * Add one step; returns the n-step transitions now complete (none, one, or at the end of an
   * episode all pending ones, oldest first). Observations are copied: callers may reuse theirs.
   */
  push(step: StepTransition): Transition[] {
    this.pending.push({
      ...step,
      observation: step.observation.slice(),
      nextObservation: step.nextObservation.slice(),
    });
    const out: Transition[] = [];
    if (step.terminated || step.truncated) {
      while (this.pending.length > 0) {
        out.push(this.build());
        this.pending.shift();
      }
    } else if (this.pending.length === this.n) {
      out.push(this.build());
      this.pending.shift();
    }
    return out;
  }

  /** The transition starting at the oldest pending step, over all pending steps. */
  private build(): Transition {
    const first = this.pending[0];
    const last = this.pending[this.pending.length - 1];
    let ret = 0;
    let discount = 1;
    for (const s of this.pending) {
      ret += discount * s.reward;
      discount *= this.gamma;
    }
    return {
      observation: first.observation,
      action: first.action,
      reward: ret,
      nextObservation: last.nextObservation,
      terminated: last.terminated,
      discount,
    };
  }

  /** Drop pending steps (a new episode started without an end being observed). */
  reset(): void {
    this.pending.length = 0;
  }

  get pendingCount(): number {
    return this.pending.length;
  }
}
