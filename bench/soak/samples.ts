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
