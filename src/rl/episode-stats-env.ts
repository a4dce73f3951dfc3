/**
 * An env wrapper that keeps the running episode's statistics (return, length, episodes
 * finished) and calls `onEpisodeEnd` on the step an episode ends, while the inner env still
 * holds the final state (before a vector env's auto-reset): what a view needs to draw the
 * last frame of an episode and to label the running one.
 */
import type { Env, StepResult } from '../../envs/types';

export interface EpisodeEnd {
  /** 1-based number of the episode of this env. */
  episode: number;
  length: number;
  return: number;
  terminated: boolean;
  truncated: boolean;
}

export class EpisodeStatsEnv implements Env {
  /** Return and length of the running episode so far. */
  episodeReturn = 0;
  episodeLength = 0;
  /** Episodes finished so far. */
  finished = 0;
  /** Called with the inner env still in the episode's final state. */
  onEpisodeEnd: ((end: EpisodeEnd, env: Env) => void) | null = null;

  constructor(readonly inner: Env) {}

  get id(): string {
    return this.inner.id;
  }
  get observationSpace(): Env['observationSpace'] {
    return this.inner.observationSpace;
  }
  get actionSpace(): Env['actionSpace'] {
    return this.inner.actionSpace;
  }

  reset(options?: { seed?: number }): ReturnType<Env['reset']> {
    this.episodeReturn = 0;
    this.episodeLength = 0;
    return this.inner.reset(options);
  }

  step(action: number): StepResult {
    const r = this.inner.step(action);
    this.episodeReturn += r.reward;
    this.episodeLength++;
    if (r.terminated || r.truncated) {
      this.finished++;
      this.onEpisodeEnd?.(
        {
          episode: this.finished,
          length: this.episodeLength,
          return: this.episodeReturn,
          terminated: r.terminated,
          truncated: r.truncated,
        },
        this.inner,
      );
    }
    return r;
  }

  getState(): unknown {
    return this.inner.getState();
  }

  setState(state: unknown): void {
    this.inner.setState(state);
  }
}
