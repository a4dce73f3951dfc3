/**
 * Soak benchmark: drives the trainer, agent and vision workers through comlink (Node
 * worker_threads, the worker kit's startNodeWorker) for many training steps in rounds, and
 * reports what each worker holds (tensors, bytes on the backend, JS heap) and this process's
 * memory at the start, after each round, and at the end, as JSON lines. Flat figures from
 * the first round on mean no leak. `npm run bench:soak -- [--trainer-steps N]
 * [--agent-steps N] [--vision-steps N] [--rounds N] [--backend wasm|cpu]`.
 */
import * as Comlink from 'comlink';
import { UsageError } from '../../src/cli/errors';
import { type FlagTable, parseCommandArgs, parseFlags } from '../../src/cli/flags';
import { backendOption } from '../../src/cli/options';
import { parseAgentFile } from '../../src/rl/agent-file';
import type { AgentService } from '../../workers/agent-service';
import type { KitDiagnostics } from '../../workers/kit/memory';
import { type NodeWorkerHandle, startNodeWorker } from '../../workers/kit/node-client';
import type { TrainerService } from '../../workers/trainer-service';
import { soakRounds } from './samples';
import { soakVision } from './vision';

const FLAGS: FlagTable = [
  {
    name: 'trainer-steps',
    integer: true,
    min: 1,
    max: 10_000_000,
    fallback: '10,000',
    meaning: 'trainer SGD steps',
  },
  {
    name: 'agent-steps',
    integer: true,
    min: 1,
    max: 10_000_000,
    fallback: '12,000',
    meaning: 'agent env steps (one gradient step each after 200)',
  },
  {
    name: 'vision-steps',
    integer: true,
    min: 1,
    max: 10_000_000,
    fallback: '10,000',
    meaning: 'vision worker training steps (a small detector on 64x64 scenes, batch 2)',
  },
  {
    name: 'rounds',
    integer: true,
    min: 1,
    max: 1000,
    fallback: '5',
    meaning: 'measurements along the run',
  },
];

async function soakTrainer(
  steps: number,
  rounds: number,
  backend: 'wasm' | 'cpu' | 'webgpu' | 'auto',
) {
  const worker: NodeWorkerHandle<TrainerService & KitDiagnostics> = startNodeWorker('trainer');
  const api = worker.api;
  try {
    const choice = await api.init(backend);
    await api.loadMnist();
    await api.createNet(
      {
        kind: 'two-layer',
        inputSize: 784,
        hiddenSize: 50,
        outputSize: 10,
        activation: 'relu',
        init: 0.01,
      },
      1,
    );
    const run = await soakRounds(
      steps,
      rounds,
      () => api.kitMemory(),
      async (iterations, r) => {
        const summary = await api.train(
          {
            optimizer: 'sgd',
            lr: 0.1,
            batchSize: 32,
            epochs: 1,
            iterations,
            trainSize: 5000,
            evalSamples: 200,
            seed: r,
          },
          Comlink.proxy(() => undefined),
        );
        return summary.iterations;
      },
    );
    return { worker: 'trainer', backend: choice.backend, ...run };
  } finally {
    await worker.terminate();
  }
}

async function soakAgent(
  steps: number,
  rounds: number,
  backend: 'wasm' | 'cpu' | 'webgpu' | 'auto',
) {
  const worker: NodeWorkerHandle<AgentService & KitDiagnostics> = startNodeWorker('agent');
  const api = worker.api;
  try {
    const choice = await api.init(backend);
    await api.create({
      env: 'cartpole',
      algo: 'dqn',
      seed: 1,
      // Small and training at every env step: many gradient steps in little time.
      config: {
        network: { type: 'mlp', hidden: [32] },
        trainFrequency: 1,
        gradientSteps: 1,
        learningStarts: 200,
        batchSize: 32,
        replayCapacity: 5000,
      },
    });
    const run = await soakRounds(
      steps,
      rounds,
      () => api.kitMemory(),
      async (n) => {
        const summary = await api.start(
          Comlink.proxy(() => undefined),
          { steps: n, speed: 'max', snapshotHz: 1 },
        );
        return summary.steps;
      },
    );
    const parsed = parseAgentFile(await api.save());
    const gradientSteps = parsed.kind === 'dqn' ? parsed.counters.updates : 0;
    return { worker: 'agent', backend: choice.backend, gradientSteps, ...run };
  } finally {
    await worker.terminate();
  }
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs(argv, {
    'trainer-steps': { type: 'string' },
    'agent-steps': { type: 'string' },
    'vision-steps': { type: 'string' },
    rounds: { type: 'string' },
    backend: { type: 'string' },
  });
  const flags = parseFlags(FLAGS, values);
  const backend = backendOption(values.backend ?? 'wasm');
  const rounds = flags.rounds ?? 5;
  console.log(JSON.stringify(await soakTrainer(flags['trainer-steps'] ?? 10_000, rounds, backend)));
  console.log(JSON.stringify(await soakAgent(flags['agent-steps'] ?? 12_000, rounds, backend)));
  console.log(JSON.stringify(await soakVision(flags['vision-steps'] ?? 10_000, rounds, backend)));
}

main(process.argv.slice(2)).catch((e: unknown) => {
  const usage =
    e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  process.stderr.write(`error: ${(e as Error).message}\n`);
  process.exitCode = usage ? 2 : 1;
});
