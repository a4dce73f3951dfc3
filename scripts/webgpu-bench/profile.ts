/**
 * Where a step's time goes, kernel by kernel: tf.profile over one step (after a warm-up step),
 * the kernels grouped by name and input shapes, slowest first. On webgpu the times are the GPU's
 * own (timestamp queries, where the adapter has them); on wasm, wall time per kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { StepWorkload } from '../../src/nn/step-timing';

export interface KernelTime {
  kernel: string;
  inputShapes: string;
  calls: number;
  ms: number;
  /** This kernel's share of the kernels' total. */
  share: number;
}

export async function profileStep(workload: StepWorkload, top: number): Promise<KernelTime[]> {
  const run = workload.build();
  try {
    const warm = run.step();
    await warm?.data();
    warm?.dispose();
    const info = await tf.profile(async () => {
      const loss = run.step();
      await loss?.data();
      loss?.dispose();
    });
    const groups = new Map<string, KernelTime>();
    let total = 0;
    for (const k of info.kernels) {
      // An op's scope ("fusedConv2d__op") wraps the kernel it runs: count the kernel once.
      if (k.name.endsWith('__op')) continue;
      const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      total += ms;
      const inputShapes = JSON.stringify(k.inputShapes);
      const key = `${k.name} ${inputShapes}`;
      const g = groups.get(key) ?? { kernel: k.name, inputShapes, calls: 0, ms: 0, share: 0 };
      g.calls++;
      g.ms += ms;
      groups.set(key, g);
    }
    const sorted = [...groups.values()].sort((a, b) => b.ms - a.ms).slice(0, top);
    for (const g of sorted) g.share = total > 0 ? g.ms / total : 0;
    return sorted;
  } finally {
    run.dispose();
  }
}
