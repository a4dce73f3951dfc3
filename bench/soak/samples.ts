/** What the soak benchmark records after each round, and whether it stayed flat. */
import type { WorkerMemory } from '../../workers/kit/memory';

export interface Sample extends WorkerMemory {
  at: string;
  steps: number;
  processRssBytes: number;
  processHeapUsedBytes: number;
}

export function sample(at: string, steps: number, worker: WorkerMemory): Sample {
  const m = process.memoryUsage();
  return { at, steps, ...worker, processRssBytes: m.rss, processHeapUsedBytes: m.heapUsed };
}

/** Flat: the same tensors and backend bytes after every round as after the first. */
export function flatness(samples: Sample[]) {
  const rounds = samples.filter((s) => s.at.startsWith('round'));
  const first = rounds[0] as Sample;
  const last = rounds[rounds.length - 1] as Sample;
  return {
    tensorsFlat: rounds.every((s) => s.tensors === first.tensors),
    backendBytesFlat: rounds.every((s) => s.backendBytes === first.backendBytes),
    heapGrowthBytesAfterFirstRound: (last.heapUsedBytes ?? 0) - (first.heapUsedBytes ?? 0),
  };
}

/**
 * Runs `steps` in `rounds`: each round does what `runRound(stepsThisRound, round)` does and
 * returns the steps it did; what the worker holds is sampled before, after every round, and
 * at the end.
 */
export async function soakRounds(
  steps: number,
  rounds: number,
  memory: () => Promise<WorkerMemory>,
  runRound: (steps: number, round: number) => Promise<number>,
) {
  const samples = [sample('start', 0, await memory())];
  const per = Math.ceil(steps / rounds);
  let done = 0;
  const started = performance.now();
  for (let r = 1; r <= rounds; r++) {
    done += await runRound(Math.min(per, steps - done), r);
    samples.push(sample(`round ${r}`, done, await memory()));
  }
  const seconds = (performance.now() - started) / 1000;
  samples.push(sample('end', done, await memory()));
  return { steps: done, seconds: Number(seconds.toFixed(1)), ...flatness(samples), samples };
}
