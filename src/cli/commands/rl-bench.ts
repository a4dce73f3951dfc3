/**
 * `rl bench`: raw env steps per second (uniform random actions, no agent) and DQN training
 * steps per second per backend, one JSON line each.
 */
import { Random } from '../../../envs/random';
import { ENV_NAMES, type EnvName, isEnvName, makeEnv } from '../../../envs/registry';
import { isBackendName } from '../../nn/backend';
import { buildAgent, chooseRlBackend, DqnTrainLoop } from '../../rl';
import { UsageError } from '../errors';
import { type FlagTable, flagUsage, parseCommandArgs, parseFlags } from '../flags';

/** The numeric flags of `rl bench` (parsing and usage both read it). */
export const RL_BENCH_FLAGS: FlagTable = [
  {
    name: 'seconds',
    integer: false,
    min: 0,
    minExclusive: true,
    max: 600,
    fallback: '1',
    meaning: 'per measurement',
  },
];

export const rlBenchUsage = `rl bench [--env NAME (all)] [--backends wasm,cpu] [--no-train]
    Env steps/s with random actions, then DQN train steps/s (env preset) per backend.
${flagUsage(RL_BENCH_FLAGS)}`;

function envSpeed(name: EnvName, seconds: number): { stepsPerSecond: number; steps: number } {
  const env = makeEnv(name);
  const rng = new Random(0);
  env.reset({ seed: 0 });
  const n = env.actionSpace.n;
  const run = (steps: number) => {
    for (let i = 0; i < steps; i++) {
      const r = env.step(rng.int(n));
      if (r.terminated || r.truncated) env.reset();
    }
  };
  run(5000);
  let steps = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    run(2000);
    steps += 2000;
  }
  return { stepsPerSecond: Math.round(steps / ((performance.now() - start) / 1000)), steps };
}

export async function rlBench(argv: string[]): Promise<void> {
  const { values } = parseCommandArgs(argv, {
    seconds: { type: 'string' },
    env: { type: 'string' },
    backends: { type: 'string' },
    'no-train': { type: 'boolean' },
  });
  const seconds = parseFlags(RL_BENCH_FLAGS, values).seconds ?? 1;
  if (values.env !== undefined && !isEnvName(values.env))
    throw new UsageError(`--env must be one of ${ENV_NAMES.join(', ')}, got "${values.env}"`);
  const names: readonly EnvName[] = values.env ? [values.env as EnvName] : ENV_NAMES;
  const backends = (values.backends ?? 'wasm,cpu').split(',');
  for (const b of backends)
    if (!isBackendName(b)) throw new UsageError(`--backends: unknown backend "${b}"`);
  for (const name of names)
    console.log(JSON.stringify({ bench: 'env', env: name, ...envSpeed(name, seconds) }));
  if (values['no-train']) return;
  for (const b of backends) {
    const choice = await chooseRlBackend(b as 'wasm' | 'cpu');
    for (const name of names) {
      const built = buildAgent(name, 'dqn', 0, { learningStarts: 64, replayCapacity: 5000 });
      if (built.kind !== 'dqn') continue;
      const loop = new DqnTrainLoop(built.agent, built.makeEnv, { seed: 0 });
      await loop.run(256); // past learningStarts and one CartPole train burst: warm kernels
      let steps = 0;
      const start = performance.now();
      // At least two of CartPole's bursts (128 gradient steps every 256 env steps).
      while (performance.now() - start < seconds * 1000 || steps < 512)
        steps += (await loop.run(64)).steps;
      const secs = (performance.now() - start) / 1000;
      const c = built.config;
      console.log(
        JSON.stringify({
          bench: 'dqn-train',
          env: name,
          backend: choice.backend,
          stepsPerSecond: Math.round(steps / secs),
          steps,
          gradientStepsPerEnvStep: c.gradientSteps / c.trainFrequency,
          batchSize: c.batchSize,
        }),
      );
      built.agent.dispose();
    }
  }
}
