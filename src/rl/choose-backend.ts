/**
 * The backend for RL training, picked by measurement. A DQN agent acts once per env step
 * with a tiny network, so the cost that matters is one small forward plus reading the action
 * back, plus a small batched gradient step now and then: wasm and cpu answer in a fraction of a
 * millisecond, while a GPU must round-trip every action. On 'auto' we time that mix on wasm and
 * cpu and keep the faster; WebGPU runs only when forced.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  type BackendChoice,
  type BackendName,
  type BackendRequest,
  type ChooseBackendOptions,
  chooseBackend,
} from '../nn/backend';

/**
 * Milliseconds for one env step's worth of DQN work on the active backend (median of 3 runs):
 * one greedy action of a small MLP read back to the CPU, plus a quarter of a gradient step's
 * largest products (a batch of 64 through a 256-unit layer, forward and backward), as the
 * presets train every few env steps.
 */
export function timeRlStep(reps = 8): number {
  const w1 = tf.randomNormal([50, 64], 0, 0.1, 'float32', 1);
  const w2 = tf.randomNormal([64, 3], 0, 0.1, 'float32', 2);
  const h = tf.randomNormal([64, 256], 0, 0.1, 'float32', 3);
  const w3 = tf.randomNormal([256, 256], 0, 0.1, 'float32', 4);
  const x = new Float32Array(50).fill(0.5);
  let k = 0;
  const once = () => {
    const a = tf.tidy(() =>
      tf.argMax(tf.matMul(tf.relu(tf.matMul(tf.tensor2d(x, [1, 50]), w1)), w2), 1),
    );
    a.dataSync();
    a.dispose();
    if (k++ % 4 === 0) {
      const g = tf.tidy(() => {
        const y = tf.relu(tf.matMul(h, w3));
        return tf.add(tf.sum(tf.matMul(h, y, true, false)), tf.sum(tf.matMul(y, w3, false, true)));
      });
      g.dataSync();
      g.dispose();
    }
  };
  for (let i = 0; i < 8; i++) once();
  const times: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) once();
    times.push((performance.now() - t0) / reps);
  }
  for (const t of [w1, w2, h, w3]) t.dispose();
  times.sort((a, b) => a - b);
  return times[1];
}

export async function chooseRlBackend(
  request: BackendRequest = 'auto',
  options: Omit<ChooseBackendOptions, 'request'> = {},
): Promise<BackendChoice> {
  if (request !== 'auto') {
    const choice = await chooseBackend({ ...options, request });
    if (choice.forced && request === 'webgpu')
      choice.reason =
        'webgpu was requested (each action is read back from the GPU: usually slower than wasm for these small nets)';
    return choice;
  }
  const measured: Array<{ name: BackendName; ms: number; choice: BackendChoice }> = [];
  const failures: string[] = [];
  for (const name of ['wasm', 'cpu'] as const) {
    try {
      const choice = await chooseBackend({ ...options, request: name, gpu: null });
      if (choice.backend !== name) throw new Error(choice.reason);
      // The cpu backend greets Node users on its first write with a multi-line banner; a
      // measurement is not a use worth announcing (the CLI keeps stderr to its own lines).
      const b = tf.backend() as unknown as { firstUse?: boolean };
      if (name === 'cpu' && b.firstUse === true) b.firstUse = false;
      measured.push({ name, ms: timeRlStep(), choice });
    } catch (e) {
      failures.push(`${name} failed (${(e as Error).message})`);
    }
  }
  if (measured.length === 0) throw new Error(`No tfjs backend could start: ${failures.join('; ')}`);
  measured.sort((a, b) => a.ms - b.ms);
  const best = measured[0];
  if (tf.getBackend() !== best.name) await tf.setBackend(best.name);
  await tf.ready();
  const figures = measured.map((m) => `${m.ms.toFixed(3)} ms on ${m.name}`).join(' vs ');
  return {
    backend: best.name,
    reason:
      `${best.name} chosen by measurement: a greedy action plus a share of a training step takes ${figures}; ` +
      'with one action read back per env step a GPU would stall on every readback (webgpu only when forced)' +
      (failures.length ? `; ${failures.join('; ')}` : ''),
    forced: false,
    adapter: null,
  };
}
