/**
 * Timing a few training steps on the active backend: what the measured backend choice
 * (measured-backend.ts) compares. A workload is built afresh on the backend being timed (a
 * new net and batch: the user's net is never stepped), warmed up (the first step pays shader
 * compilation on WebGPU), then timed with one readback at the end of each round, as training
 * reads the loss back only now and then on a GPU.
 */
import type * as tf from '@tensorflow/tfjs-core';

/** One thing to time: a net and a batch, built on whichever backend is active. */
export interface StepWorkload {
  /** Names the net, batch and update rule: the cache key's net part. */
  readonly key: string;
  /** For people: "SimpleConvNet, batch 100, adam". */
  readonly label: string;
  /** Builds the net and batch on the active backend. */
  build(): StepRun;
}

export interface StepRun {
  /**
   * One step. A returned tensor (the loss) is read back at the end of the round and disposed
   * by the timer; a step that reads back by itself returns nothing.
   */
  step(): tf.Tensor | undefined;
  dispose(): void;
}

export interface StepTimingOptions {
  /** Untimed steps first, each read back (1). */
  warmup?: number;
  /** Timed rounds; the median round counts (1). */
  rounds?: number;
  /** Steps per round (3). */
  steps?: number;
  /** A round ends early past this many milliseconds once a step is in (5000). */
  roundBudgetMs?: number;
}

export interface StepTiming {
  /** Milliseconds per step (median round). */
  msPerStep: number;
  /** The first warm-up step, read back: shader compilation included. */
  firstStepMs: number;
}

async function readBack(t: tf.Tensor | undefined): Promise<void> {
  if (!t) return;
  try {
    await t.data();
  } finally {
    t.dispose();
  }
}

/** Time `workload` on the active backend (built, stepped and disposed here). */
export async function timeWorkload(
  workload: StepWorkload,
  opts: StepTimingOptions = {},
): Promise<StepTiming> {
  const { warmup = 1, rounds = 1, steps = 3, roundBudgetMs = 5000 } = opts;
  const run = workload.build();
  try {
    let firstStepMs = Number.NaN;
    for (let i = 0; i < warmup; i++) {
      const t0 = performance.now();
      await readBack(run.step());
      if (i === 0) firstStepMs = performance.now() - t0;
    }
    const perRound: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      let last: tf.Tensor | undefined;
      let done = 0;
      while (done < steps) {
        last?.dispose();
        last = run.step();
        done++;
        if (performance.now() - t0 > roundBudgetMs) break;
      }
      await readBack(last);
      perRound.push((performance.now() - t0) / done);
    }
    perRound.sort((a, b) => a - b);
    return { msPerStep: perRound[Math.floor((perRound.length - 1) / 2)], firstStepMs };
  } finally {
    run.dispose();
  }
}
