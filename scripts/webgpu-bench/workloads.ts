/**
 * What the bench times on one backend: our training step of the MLP, SimpleConvNet and
 * DeepConvNet (batch 100, SGD lr 0.1, inputs uploaded each step, the loss read back as the app
 * reads it: every step on wasm, every 10th on webgpu), and the CartPole DQN (its preset net and
 * loop: env steps/s, plus one gradient step and one greedy action alone).
 */
import * as tf from '@tensorflow/tfjs-core';
import { netStepWorkload } from '../../src/nn/net-step-workload';
import { defaultConfig, type NetConfig } from '../../src/nn/nets/config';
import { WEBGPU_LOSS_EVERY } from '../../src/nn/resilient-training';
import { buildAgent } from '../../src/rl/make-agent';
import { DqnTrainLoop } from '../../src/rl/train-loop';
import { pipelinesCompiled, ReadbackCounter } from './readbacks';

export const NETS = ['mlp', 'simple-conv', 'deep-conv', 'dqn', 'dqn-net'] as const;
export type BenchNet = (typeof NETS)[number];

export interface Budget {
  /** Seconds of timed steps per measurement (at least `minSteps` steps). */
  seconds: number;
  minSteps: number;
  /** A first step slower than this many seconds is reported alone (no timed steps). */
  maxFirstStepSeconds: number;
}

export interface NetResult {
  net: BenchNet;
  label: string;
  /** The first step, read back: shader compilation on webgpu. */
  firstStepMs: number;
  /** firstStepMs less a steady step: the one-off cost (compilation, first uploads). */
  compileMs: number | null;
  pipelinesCompiled: number;
  msPerStep: number | null;
  samplesPerSecond: number | null;
  readbacksPerStep: number | null;
  steps: number;
  numTensorsDelta: number;
  note?: string;
}

export type SupervisedNet = 'mlp' | 'simple-conv' | 'deep-conv' | 'dqn-net';

/**
 * The nets and their steps. 'dqn-net' stands in for the DQN where synchronous readbacks cannot
 * run (webgpu in Node): the CartPole Q-net's shape (4-256-256-2, batch 64, Adam, the loss read
 * back every step) with a softmax loss instead of Huber and no target net.
 */
export function workloadOf(net: SupervisedNet) {
  const of = (config: NetConfig, batchSize: number, optimizer: 'sgd' | 'adam', shape: number[]) =>
    netStepWorkload(config, {
      optimizer,
      batchSize,
      sampleShape: shape,
      classes: config.kind === 'multi-layer' ? config.outputSize : 10,
    });
  if (net === 'mlp')
    return of({ ...defaultConfig('two-layer'), hiddenSize: 100, init: 'he' }, 100, 'sgd', [784]);
  if (net === 'dqn-net')
    return of(
      {
        ...defaultConfig('multi-layer'),
        inputSize: 4,
        hiddenSizes: [256, 256],
        outputSize: 2,
        init: 'he',
      },
      64,
      'adam',
      [4],
    );
  return of(defaultConfig(net), 100, 'sgd', [1, 28, 28]);
}

export async function timeNet(net: SupervisedNet, budget: Budget): Promise<NetResult> {
  const workload = workloadOf(net);
  const batch = net === 'dqn-net' ? 64 : 100;
  const readEvery = tf.getBackend() === 'webgpu' && net !== 'dqn-net' ? WEBGPU_LOSS_EVERY : 1;
  const tensorsBefore = tf.memory().numTensors;
  const run = workload.build();
  const result: NetResult = {
    net,
    label: workload.label,
    firstStepMs: 0,
    compileMs: null,
    pipelinesCompiled: 0,
    msPerStep: null,
    samplesPerSecond: null,
    readbacksPerStep: null,
    steps: 0,
    numTensorsDelta: 0,
  };
  try {
    const pipelines = pipelinesCompiled();
    let t0 = performance.now();
    const first = run.step();
    await first?.data();
    first?.dispose();
    result.firstStepMs = performance.now() - t0;
    result.pipelinesCompiled = pipelinesCompiled() - pipelines;
    if (result.firstStepMs > budget.maxFirstStepSeconds * 1000) {
      result.note = `first step over ${budget.maxFirstStepSeconds} s: not timed further`;
      return result;
    }
    for (let i = 0; i < 2; i++) {
      const t = run.step();
      await t?.data();
      t?.dispose();
    }
    // Read back as the app does, but every step where one step already takes most of the budget.
    const chunk = result.firstStepMs * readEvery > budget.seconds * 1000 ? 1 : readEvery;
    const counter = new ReadbackCounter();
    t0 = performance.now();
    let steps = 0;
    for (;;) {
      let last: tf.Tensor | undefined;
      for (let i = 0; i < chunk; i++) {
        last?.dispose();
        last = run.step();
        steps++;
      }
      await last?.data();
      last?.dispose();
      if (steps >= budget.minSteps && performance.now() - t0 > budget.seconds * 1000) break;
    }
    const ms = (performance.now() - t0) / steps;
    result.readbacksPerStep = counter.stop() / steps;
    result.steps = steps;
    result.msPerStep = ms;
    result.samplesPerSecond = (batch * 1000) / ms;
    result.compileMs = Math.max(0, result.firstStepMs - ms);
    return result;
  } finally {
    run.dispose();
    result.numTensorsDelta = tf.memory().numTensors - tensorsBefore;
  }
}

export interface DqnResult extends Omit<NetResult, 'samplesPerSecond'> {
  envStepsPerSecond: number | null;
  msPerGradientStep: number | null;
  readbacksPerGradientStep: number | null;
  msPerAction: number | null;
  readbacksPerAction: number | null;
  gradientStepsPerEnvStep: number;
}

/** CartPole's DQN preset (256-256 MLP, batch 64, 128 gradient steps every 256 env steps). */
export async function timeDqn(budget: Budget): Promise<DqnResult> {
  const tensorsBefore = tf.memory().numTensors;
  const built = buildAgent('cartpole', 'dqn', 0, { learningStarts: 64, replayCapacity: 5000 });
  if (built.kind !== 'dqn') throw new Error('cartpole dqn: not a DQN agent');
  const { agent } = built;
  const c = built.config;
  const loop = new DqnTrainLoop(agent, built.makeEnv, { seed: 0 });
  const result: DqnResult = {
    net: 'dqn',
    label: `CartPole DQN ${JSON.stringify(c.network)}, batch ${c.batchSize}`,
    firstStepMs: 0,
    compileMs: null,
    pipelinesCompiled: 0,
    msPerStep: null,
    envStepsPerSecond: null,
    readbacksPerStep: null,
    steps: 0,
    numTensorsDelta: 0,
    msPerGradientStep: null,
    readbacksPerGradientStep: null,
    msPerAction: null,
    readbacksPerAction: null,
    gradientStepsPerEnvStep: c.gradientSteps / c.trainFrequency,
  };
  try {
    // Fill replay past learningStarts with actions, then time the first gradient step alone.
    await loop.run(64);
    const pipelines = pipelinesCompiled();
    let t0 = performance.now();
    agent.trainStep();
    result.firstStepMs = performance.now() - t0;
    result.pipelinesCompiled = pipelinesCompiled() - pipelines;
    if (result.firstStepMs > budget.maxFirstStepSeconds * 1000) {
      result.note = `first gradient step over ${budget.maxFirstStepSeconds} s: not timed further`;
      return result;
    }
    // Past one CartPole train burst: every kernel warm.
    await loop.run(256);
    let counter = new ReadbackCounter();
    let n = 0;
    t0 = performance.now();
    while (n < budget.minSteps || performance.now() - t0 < (budget.seconds * 1000) / 3) {
      agent.trainStep();
      n++;
    }
    result.msPerGradientStep = (performance.now() - t0) / n;
    result.readbacksPerGradientStep = counter.stop() / n;
    result.compileMs = Math.max(0, result.firstStepMs - result.msPerGradientStep);
    const obs = loop.observation(0);
    counter = new ReadbackCounter();
    n = 0;
    t0 = performance.now();
    while (n < 10 * budget.minSteps || performance.now() - t0 < (budget.seconds * 1000) / 3) {
      agent.act(obs, 0);
      n++;
    }
    result.msPerAction = (performance.now() - t0) / n;
    result.readbacksPerAction = counter.stop() / n;
    counter = new ReadbackCounter();
    let steps = 0;
    t0 = performance.now();
    // At least two of CartPole's bursts (128 gradient steps every 256 env steps).
    while (steps < 512 || performance.now() - t0 < (budget.seconds * 1000) / 3)
      steps += (await loop.run(64)).steps;
    const secs = (performance.now() - t0) / 1000;
    result.steps = steps;
    result.msPerStep = (secs * 1000) / steps;
    result.envStepsPerSecond = steps / secs;
    result.readbacksPerStep = counter.stop() / steps;
    return result;
  } finally {
    agent.dispose();
    result.numTensorsDelta = tf.memory().numTensors - tensorsBefore;
  }
}
