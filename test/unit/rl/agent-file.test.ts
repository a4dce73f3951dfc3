import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { AgentFileError, loadAgent, saveAgent } from '../../../src/rl/agent-file';
import { DqnAgent } from '../../../src/rl/dqn';
import { dqnConfig } from '../../../src/rl/dqn-config';
import { TabularAgent } from '../../../src/rl/tabular';

function trainedAgent(): DqnAgent {
  const agent = new DqnAgent(
    dqnConfig({
      network: { type: 'mlp', hidden: [8] },
      dueling: true,
      batchSize: 8,
      learningStarts: 0,
      replayCapacity: 100,
      seed: 12,
      targetUpdate: { kind: 'hard', every: 1000 },
    }),
    [3],
    2,
  );
  for (let i = 0; i < 30; i++) {
    agent.observe({
      observation: new Float32Array([i / 30, 1, -1]),
      action: i % 2,
      reward: i % 3,
      nextObservation: new Float32Array([(i + 1) / 30, 1, -1]),
      terminated: i % 10 === 9,
      truncated: false,
    });
  }
  for (let i = 0; i < 5; i++) agent.trainStep();
  return agent;
}

/** Rewrite the JSON header of a file (same structure, new header length). */
function editHeader(bytes: Uint8Array, edit: (h: Record<string, unknown>) => void): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const len = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + len)));
  edit(header);
  const dataStart = (12 + len + 3) & ~3;
  const hb = new TextEncoder().encode(JSON.stringify(header));
  const newStart = (12 + hb.length + 3) & ~3;
  const out = new Uint8Array(newStart + bytes.length - dataStart);
  out.set(bytes.subarray(0, 8));
  new DataView(out.buffer).setUint32(8, hb.length, true);
  out.set(hb, 12);
  out.set(bytes.subarray(dataStart), newStart);
  return out;
}

describe('agent files', () => {
  it('round-trips a DQN agent: weights, config, counters, generator states', async () => {
    const agent = trainedAgent();
    const bytes = await saveAgent(agent, { env: 'test' });
    const loaded = loadAgent(bytes);
    expect(loaded.kind).toBe('dqn');
    if (loaded.kind !== 'dqn') return;
    const copy = loaded.agent;
    expect(loaded.meta).toEqual({ env: 'test' });
    expect(copy.config).toEqual(agent.config);
    expect(copy.counters).toEqual(agent.counters);
    expect(copy.epsilon).toBe(agent.epsilon);
    expect(copy.getRngStates()).toEqual(agent.getRngStates());
    for (const net of ['online', 'target'] as const)
      for (const [name, v] of agent[net].params)
        expect(Array.from(copy[net].params.get(name)!.dataSync())).toEqual(
          Array.from(v.dataSync()),
        );
    const obs = new Float32Array([0.2, 0.5, -0.3]);
    expect(Array.from(copy.qValues(obs))).toEqual(Array.from(agent.qValues(obs)));
    // Same exploration stream after the load.
    expect(Array.from(copy.actBatch(new Float32Array(30), 10, 0.5))).toEqual(
      Array.from(agent.actBatch(new Float32Array(30), 10, 0.5)),
    );
    const tensors = tf.memory().numTensors;
    copy.dispose();
    expect(tf.memory().numTensors).toBeLessThan(tensors);
    agent.dispose();
  });

  it('round-trips a tabular agent', async () => {
    const agent = new TabularAgent({
      algorithm: 'sarsa',
      numStates: 6,
      numActions: 2,
      alpha: 0.5,
      gamma: 0.9,
      epsilon: { start: 0.5, end: 0.1, steps: 10 },
      seed: 3,
    });
    agent.update(0, 1, 1, 1, false, false, 0);
    agent.update(1, 0, -1, 2, true, false);
    const loaded = loadAgent(await saveAgent(agent));
    expect(loaded.kind).toBe('tabular');
    if (loaded.kind !== 'tabular') return;
    expect(Array.from(loaded.agent.q)).toEqual(Array.from(agent.q));
    expect(loaded.agent.counters).toEqual({ steps: 2, episodes: 1 });
    expect(loaded.agent.config).toEqual(agent.config);
    expect(loaded.agent.act(3)).toBe(agent.act(3));
  });

  it('refuses damaged or mismatched files with AgentFileError saying what is wrong', async () => {
    const agent = trainedAgent();
    const good = await saveAgent(agent);
    agent.dispose();
    const fails = (bytes: Uint8Array, message: RegExp) => {
      const before = tf.memory().numTensors;
      expect(() => loadAgent(bytes)).toThrow(AgentFileError);
      expect(() => loadAgent(bytes)).toThrow(message);
      expect(tf.memory().numTensors).toBe(before);
    };
    fails(good.subarray(0, 6), /too short/);
    const badMagic = good.slice();
    badMagic[0] = 0x58;
    fails(badMagic, /not a Gradient Arcade agent/);
    fails(good.subarray(0, good.length - 4), /truncated/);
    const extra = new Uint8Array(good.length + 4);
    extra.set(good);
    fails(extra, /trailing bytes/);
    const badJson = good.slice();
    badJson[12] = 0x7b + 1;
    fails(badJson, /not valid JSON/);
    const nan = good.slice();
    new DataView(nan.buffer).setFloat32(nan.length - 4, Number.NaN, true);
    fails(nan, /non-finite/);
    fails(
      editHeader(good, (h) => ((h.config as Record<string, unknown>).gamma = 7)),
      /gamma/,
    );
    fails(
      editHeader(good, (h) => (h.version = 2)),
      /version 2/,
    );
    fails(
      editHeader(good, (h) => (h.agent = 'ppo')),
      /"dqn" or "tabular"/,
    );
    fails(
      editHeader(good, (h) => (h.numActions = 3)),
      /shape/,
    );
    fails(
      editHeader(good, (h) => (h.obsShape = [0])),
      /obsShape/,
    );
    fails(
      editHeader(good, (h) => ((h.counters as Record<string, unknown>).steps = -1)),
      /counters.steps/,
    );
    fails(
      editHeader(good, (h) => ((h.rng as Record<string, unknown>).explore = { state: 'x' })),
      /generator state/,
    );
    fails(
      editHeader(good, (h) => {
        const t = h.tensors as Array<{ name: string }>;
        t[0].name = 'online/W9';
      }),
      /missing tensor online\/W1.*unexpected tensor online\/W9/,
    );
    fails(
      editHeader(good, (h) => {
        const t = h.tensors as Array<{ offset: number }>;
        t[1].offset = t[0].offset;
      }),
      /overlaps|trailing/,
    );
  });

  it('a crafted header that asks for gigabytes is refused before anything is allocated', async () => {
    const agent = trainedAgent();
    const bytes = await saveAgent(agent, { env: 'test' });
    agent.dispose();
    const tensors = tf.memory().numTensors;
    const refuse = (edit: (h: Record<string, unknown>) => void, message: RegExp) => {
      const started = performance.now();
      expect(() => loadAgent(editHeader(bytes, edit))).toThrow(message);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(tf.memory().numTensors).toBe(tensors);
    };
    refuse((h) => {
      h.obsShape = [4096, 4096, 3];
    }, /agent file: observations of shape \[4096,4096,3\] hold 50,331,648 values, more than/);
    refuse((h) => {
      (h.config as Record<string, unknown>).replayCapacity = 10_000_000;
      h.obsShape = [1000];
    }, /replay memory of 10,000,000 transitions would take .* GiB/);
    refuse((h) => {
      (h.config as Record<string, unknown>).network = { type: 'mlp', hidden: [50_000, 50_000] };
    }, /Q-network would have .* parameters, more than the 20,000,000 allowed/);
    // A tabular table far larger than the file: the file's layout is what is refused.
    const table = await saveAgent(
      new TabularAgent({
        algorithm: 'sarsa',
        numStates: 6,
        numActions: 2,
        alpha: 0.5,
        gamma: 0.9,
        epsilon: { start: 0.5, end: 0.1, steps: 10 },
        seed: 3,
      }),
    );
    expect(() =>
      loadAgent(
        editHeader(table, (h) => {
          const c = h.config as Record<string, unknown>;
          c.numStates = 1_000_000;
          c.numActions = 1000;
          h.tensors = [
            { name: 'q', shape: [1_000_000, 1000], dtype: 'float32', offset: 0, length: 1e9 },
          ];
        }),
      ),
    ).toThrow(/agent file: tensor q needs bytes 0\.\.4000000000 but the data section has 48/);
  });
});
