/**
 * Raw env speed: steps per second of each env in Node with uniformly random actions, no agent.
 * Episodes are reset as they end (the reset is counted in the time, not as a step).
 * Prints one JSON line per env: {"env","stepsPerSecond","steps"}.
 *
 *   npx tsx bench/envs/main.ts [--seconds 1] [--env cartpole]
 */
import { Random } from '../../envs/random';
import { ENV_NAMES, type EnvName, isEnvName, makeEnv } from '../../envs/registry';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const seconds = Number(arg('seconds') ?? '1');
if (!(seconds > 0)) throw new Error(`--seconds must be a positive number, got ${arg('seconds')}`);
const only = arg('env');
if (only !== undefined && !isEnvName(only)) {
  throw new Error(`--env: unknown env '${only}'; known envs: ${ENV_NAMES.join(', ')}`);
}
const names: readonly EnvName[] = only === undefined ? ENV_NAMES : [only];

/** Runs `steps` random steps; returns the number of episodes that ended. */
function run(env: ReturnType<typeof makeEnv>, rng: Random, steps: number): number {
  const n = env.actionSpace.n;
  let episodes = 0;
  for (let i = 0; i < steps; i++) {
    const r = env.step(rng.int(n));
    if (r.terminated || r.truncated) {
      env.reset();
      episodes += 1;
    }
  }
  return episodes;
}

for (const name of names) {
  const env = makeEnv(name);
  const rng = new Random(0);
  env.reset({ seed: 0 });
  run(env, rng, 20_000); // warm-up: let the JIT compile step()
  const chunk = 10_000;
  let steps = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < seconds * 1000) {
    run(env, rng, chunk);
    steps += chunk;
    elapsed = performance.now() - start;
  }
  const stepsPerSecond = Math.round(steps / (elapsed / 1000));
  console.log(JSON.stringify({ env: name, stepsPerSecond, steps }));
}
