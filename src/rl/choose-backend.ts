/**
 * The backend for RL training, picked by measurement (src/nn/measured-backend.ts). A DQN agent
 * acts once per env step with a tiny network, so the cost that matters is one small forward
 * plus reading the action back, plus a small batched gradient step now and then: wasm and cpu
 * answer in a fraction of a millisecond, while a GPU must round-trip every action. On 'auto' we
 * time that mix on wasm and cpu and keep the faster; WebGPU runs only when forced.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendChoice, BackendRequest, ChooseBackendOptions } from '../nn/backend';
import { chooseMeasuredBackend } from '../nn/measured-backend';
import { type StepWorkload, timeWorkload } from '../nn/step-timing';

/**
 * One env step's worth of DQN work: one greedy action of a small MLP read back to the CPU, and
 * every fourth step a quarter of a gradient step's largest products (a batch of 64 through a
 * 256-unit layer, forward and backward), as the presets train every few env steps.
 */
export const RL_STEP_WORKLOAD: StepWorkload = {
  key: 'rl-step v1',
  label: 'a greedy action plus a share of a training step',
  build() {
    const w1 = tf.randomNormal([50, 64], 0, 0.1, 'float32', 1);
    const w2 = tf.randomNormal([64, 3], 0, 0.1, 'float32', 2);
    const h = tf.randomNormal([64, 256], 0, 0.1, 'float32', 3);
    const w3 = tf.randomNormal([256, 256], 0, 0.1, 'float32', 4);
    const x = new Float32Array(50).fill(0.5);
    let k = 0;
    return {
      step() {
        const a = tf.tidy(() =>
          tf.argMax(tf.matMul(tf.relu(tf.matMul(tf.tensor2d(x, [1, 50]), w1)), w2), 1),
        );
        a.dataSync();
        a.dispose();
        if (k++ % 4 === 0) {
          const g = tf.tidy(() => {
            const y = tf.relu(tf.matMul(h, w3));
            return tf.add(
              tf.sum(tf.matMul(h, y, true, false)),
              tf.sum(tf.matMul(y, w3, false, true)),
            );
          });
          g.dataSync();
          g.dispose();
        }
        return undefined;
      },
      dispose() {
        for (const t of [w1, w2, h, w3]) t.dispose();
      },
    };
  },
};

/** Eight untimed steps, then the median of three rounds of eight. */
const RL_TIMING = { warmup: 8, rounds: 3, steps: 8 };

/** Milliseconds for one env step's worth of DQN work on the active backend. */
export async function timeRlStep(): Promise<number> {
  return (await timeWorkload(RL_STEP_WORKLOAD, RL_TIMING)).msPerStep;
}

export async function chooseRlBackend(
  request: BackendRequest = 'auto',
  options: Omit<ChooseBackendOptions, 'request'> = {},
): Promise<BackendChoice> {
  if (request !== 'auto') {
    const choice = await chooseMeasuredBackend({ ...options, request });
    if (choice.forced && request === 'webgpu')
      choice.reason =
        'webgpu was requested (each action is read back from the GPU: usually slower than wasm for these small nets)';
    return choice;
  }
  return chooseMeasuredBackend({
    ...options,
    request: 'auto',
    gpu: null,
    candidates: () => ['wasm', 'cpu'],
    lastResort: null,
    workload: RL_STEP_WORKLOAD,
    timing: RL_TIMING,
    note: 'with one action read back per env step a GPU would stall on every readback (webgpu only when forced)',
  });
}
