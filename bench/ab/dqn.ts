/**
 * Before/after of DQN training speed in ONE process (see nets.ts for why): agents of the
 * env's preset built by two checkouts' code, the train loop run in alternating blocks of env
 * steps (CartPole: one whole burst, 256 env steps with 128 gradient steps), median env steps
 * per second of each side.
 *
 *   npm run bench:ab:dqn -- --a /tmp/ab-base [--b .] [--env cartpole] [--rounds 12]
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chooseBackend } from '../../src/nn/backend';

const { values } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string', default: '.' },
    env: { type: 'string', default: 'cartpole' },
    rounds: { type: 'string', default: '12' },
  },
});
if (!values.a) throw new Error('--a DIR (a checkout of the code to compare against) is required');
const rounds = Number(values.rounds);
if (!(Number.isInteger(rounds) && rounds >= 3 && rounds <= 1000))
  throw new Error('--rounds: 3..1000');
const env = values.env as string;

interface Loop {
  run(steps: number): Promise<{ steps: number }>;
}
interface RlModule {
  buildAgent(
    env: string,
    algo: string,
    seed: number,
    overrides: object,
  ): {
    agent: unknown;
    makeEnv: unknown;
  };
  DqnTrainLoop: new (agent: unknown, makeEnv: unknown, options: object) => Loop;
}

await chooseBackend({ request: 'wasm' });

/** A preset agent (small replay, early learning) past its warm-up, as `dir`'s code has it. */
async function loop(dir: string): Promise<Loop> {
  const rl = (await import(`${resolve(dir)}/src/rl/index.ts`)) as RlModule;
  const built = rl.buildAgent(env, 'dqn', 0, { learningStarts: 64, replayCapacity: 5000 });
  const l = new rl.DqnTrainLoop(built.agent, built.makeEnv, { seed: 0 });
  await l.run(1024);
  return l;
}

const a = await loop(values.a);
const b = await loop(values.b as string);
const block = env === 'cartpole' ? 256 : 512;
const ra: number[] = [];
const rb: number[] = [];
for (let r = 0; r < rounds; r++) {
  let s = performance.now();
  await a.run(block);
  ra.push(block / ((performance.now() - s) / 1000));
  s = performance.now();
  await b.run(block);
  rb.push(block / ((performance.now() - s) / 1000));
}
const median = (v: number[]) => [...v].sort((p, q) => p - q)[v.length >> 1];
console.log(
  JSON.stringify({
    bench: 'ab-dqn',
    env,
    rounds,
    a: resolve(values.a),
    b: resolve(values.b as string),
    aStepsPerSecond: Math.round(median(ra)),
    bStepsPerSecond: Math.round(median(rb)),
    speedup: Number((median(rb) / median(ra)).toFixed(3)),
  }),
);
