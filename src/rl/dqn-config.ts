/**
 * The DQN agent's configuration, its defaults and its validation (used when building an agent
 * and when loading an agent file, so a bad file fails with a sentence, not a NaN later).
 */

import type { QNetworkSpec } from './q-network';
import type { LinearScheduleConfig } from './schedule';

export type TargetUpdate =
  /** θ⁻ ← θ every `every` env steps (Mnih et al. 2015). */
  | { kind: 'hard'; every: number }
  /** θ⁻ ← τθ + (1-τ)θ⁻ after every gradient step (Lillicrap et al. 2016). */
  | { kind: 'soft'; tau: number };

export interface DqnConfig {
  network: QNetworkSpec;
  /** Value and advantage streams (Wang et al. 2016). */
  dueling: boolean;
  /** Double DQN (van Hasselt et al. 2016): argmax from the online net, value from the target. */
  double: boolean;
  gamma: number;
  /** Adam's learning rate. */
  lr: number;
  batchSize: number;
  replayCapacity: number;
  /** Env steps of experience before the first gradient step. */
  learningStarts: number;
  /** Train every this many env steps... */
  trainFrequency: number;
  /** ...with this many gradient steps (SB3's gradient_steps; 1 in the DQN paper). */
  gradientSteps: number;
  targetUpdate: TargetUpdate;
  /** Exploration over env steps. */
  epsilon: LinearScheduleConfig;
  /** n of the n-step return (1: plain one-step TD). */
  nStep: number;
  /** Rescale the gradients when their global L2 norm exceeds this; null: no clipping. */
  maxGradNorm: number | null;
  /** Huber's delta (1 in DQN). */
  huberDelta: number;
  /** Seeds weight init, exploration and replay sampling. */
  seed: number;
}

export const DEFAULT_DQN_CONFIG: DqnConfig = {
  network: { type: 'mlp', hidden: [64, 64] },
  dueling: false,
  double: true,
  gamma: 0.99,
  lr: 1e-3,
  batchSize: 64,
  replayCapacity: 50_000,
  learningStarts: 1_000,
  trainFrequency: 1,
  gradientSteps: 1,
  targetUpdate: { kind: 'hard', every: 500 },
  epsilon: { start: 1, end: 0.05, steps: 10_000 },
  nStep: 1,
  maxGradNorm: 10,
  huberDelta: 1,
  seed: 0,
};

/** A full config from defaults and overrides (nested objects replace, not merge). */
export function dqnConfig(overrides: Partial<DqnConfig> = {}): DqnConfig {
  return validateDqnConfig({ ...DEFAULT_DQN_CONFIG, ...overrides });
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Check every field of an untrusted value; returns it typed, or throws saying what is wrong. */
export function validateDqnConfig(raw: unknown): DqnConfig {
  if (!isObject(raw)) throw new Error('DQN config must be an object');
  const problems: string[] = [];
  const num = (key: string, ok: (x: number) => boolean, rule: string): void => {
    const v = raw[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v))
      problems.push(`${key} must be ${rule}, got ${JSON.stringify(v)}`);
  };
  const int = (x: number) => Number.isInteger(x);
  num('gamma', (x) => x >= 0 && x <= 1, 'in [0, 1]');
  num('lr', (x) => x > 0 && x < 1, 'in (0, 1)');
  num('batchSize', (x) => int(x) && x >= 1 && x <= 4096, 'an integer in [1, 4096]');
  num('replayCapacity', (x) => int(x) && x >= 1 && x <= 10_000_000, 'an integer in [1, 1e7]');
  num('learningStarts', (x) => int(x) && x >= 0, 'an integer >= 0');
  num('trainFrequency', (x) => int(x) && x >= 1, 'an integer >= 1');
  num('gradientSteps', (x) => int(x) && x >= 1 && x <= 1024, 'an integer in [1, 1024]');
  num('nStep', (x) => int(x) && x >= 1 && x <= 100, 'an integer in [1, 100]');
  num('huberDelta', (x) => x > 0, 'a positive number');
  num('seed', (x) => int(x) && x >= 0 && x < 2 ** 32, 'an integer in [0, 2^32)');
  for (const key of ['dueling', 'double'])
    if (typeof raw[key] !== 'boolean') problems.push(`${key} must be true or false`);
  const clip = raw.maxGradNorm;
  if (clip !== null && !(typeof clip === 'number' && Number.isFinite(clip) && clip > 0))
    problems.push(`maxGradNorm must be a positive number or null, got ${JSON.stringify(clip)}`);
  const net = raw.network;
  const posInt = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 1;
  if (!isObject(net)) problems.push('network must be an object');
  else if (net.type === 'mlp') {
    if (!Array.isArray(net.hidden) || net.hidden.length > 8 || !net.hidden.every(posInt))
      problems.push(
        `network.hidden must be up to 8 positive integers, got ${JSON.stringify(net.hidden)}`,
      );
  } else if (net.type === 'cnn') {
    for (const key of ['filters', 'kernel', 'hidden'])
      if (!posInt(net[key])) problems.push(`network.${key} must be a positive integer`);
  } else problems.push(`network.type must be "mlp" or "cnn", got ${JSON.stringify(net.type)}`);
  const target = raw.targetUpdate;
  if (!isObject(target)) problems.push('targetUpdate must be an object');
  else if (target.kind === 'hard') {
    if (!posInt(target.every)) problems.push('targetUpdate.every must be a positive integer');
  } else if (target.kind === 'soft') {
    const tau = target.tau;
    if (!(typeof tau === 'number' && tau > 0 && tau <= 1))
      problems.push(`targetUpdate.tau must be in (0, 1], got ${JSON.stringify(tau)}`);
  } else problems.push('targetUpdate.kind must be "hard" or "soft"');
  const eps = raw.epsilon;
  if (!isObject(eps)) problems.push('epsilon must be an object');
  else {
    for (const key of ['start', 'end'] as const) {
      const v = eps[key];
      if (!(typeof v === 'number' && v >= 0 && v <= 1))
        problems.push(`epsilon.${key} must be in [0, 1], got ${JSON.stringify(v)}`);
    }
    const s = eps.steps;
    if (!(typeof s === 'number' && Number.isInteger(s) && s >= 0))
      problems.push(`epsilon.steps must be an integer >= 0, got ${JSON.stringify(s)}`);
  }
  if (problems.length > 0) throw new Error(`invalid DQN config: ${problems.join('; ')}`);
  return raw as unknown as DqnConfig;
}

/**
 * What an agent may cost, checked before anything is allocated (a file or a --config says
 * the sizes; a few bytes must not make the program build gigabytes): the observation's size,
 * the parameters of one Q-network (the agent holds two, plus Adam's two moments each) and
 * the replay memory (two observations a transition).
 */
export const DQN_LIMITS = {
  observationValues: 1 << 20,
  parameters: 20_000_000,
  replayBytes: 2 * 2 ** 30,
} as const;

/** Parameters of one Q-network of `config` for these observations, without building it. */
export function qNetworkParameterCount(
  config: Pick<DqnConfig, 'network' | 'dueling'>,
  obsShape: readonly number[],
  numActions: number,
): number {
  const obsSize = obsShape.reduce((a, b) => a * b, 1);
  const affine = (fanIn: number, units: number) => fanIn * units + units;
  const spec = config.network;
  let features: number;
  let count = 0;
  if (spec.type === 'mlp') {
    features = obsSize;
    for (const units of spec.hidden) {
      count += affine(features, units);
      features = units;
    }
  } else {
    const [c = 1, h = 1, w = 1] = obsShape;
    const k = spec.kernel;
    const flat = spec.filters * Math.max(h - k + 1, 1) * Math.max(w - k + 1, 1);
    count += spec.filters * c * k * k + spec.filters + affine(flat, spec.hidden);
    features = spec.hidden;
  }
  return count + (config.dueling ? affine(features, 1) : 0) + affine(features, numActions);
}

/**
 * Why an agent of `config` on these observations would be too big to build, or null. The
 * config must already be valid (validateDqnConfig).
 */
export function dqnSizeProblem(
  config: DqnConfig,
  obsShape: readonly number[],
  numActions: number,
): string | null {
  const obsSize = obsShape.reduce((a, b) => a * b, 1);
  if (obsSize > DQN_LIMITS.observationValues)
    return `observations of shape [${obsShape}] hold ${obsSize.toLocaleString('en')} values, more than the ${DQN_LIMITS.observationValues.toLocaleString('en')} allowed`;
  const params = qNetworkParameterCount(config, obsShape, numActions);
  if (params > DQN_LIMITS.parameters)
    return `its Q-network would have ${params.toLocaleString('en')} parameters, more than the ${DQN_LIMITS.parameters.toLocaleString('en')} allowed`;
  const replayBytes = config.replayCapacity * (2 * obsSize * 4 + 13);
  if (replayBytes > DQN_LIMITS.replayBytes)
    return `its replay memory of ${config.replayCapacity.toLocaleString('en')} transitions would take ${(replayBytes / 2 ** 30).toFixed(1)} GiB, more than the ${DQN_LIMITS.replayBytes / 2 ** 30} GiB allowed (lower replayCapacity)`;
  return null;
}
