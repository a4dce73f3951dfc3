import { describe, expect, it } from 'vitest';
import { GRIDWORLD_LAYOUTS, GridWorld, parseLayout } from '../../../envs/gridworld';

const LAYOUT = ['#####', '#S.G#', '#.#P#', '#####'];

describe('GridWorld', () => {
  it('observes a one-hot of the agent cell and exposes stateIndex/numStates', () => {
    const env = new GridWorld({ layout: LAYOUT });
    const { observation } = env.reset();
    expect(env.numStates).toBe(20);
    expect(env.observationSpace.shape).toEqual([20]);
    expect(env.stateIndex).toBe(6);
    expect(env.agent).toEqual({ row: 1, col: 1 });
    expect(observation[6]).toBe(1);
    expect(observation.reduce((a, b) => a + b, 0)).toBe(1);
    expect(env.cellKind(0, 0)).toBe('wall');
    expect(env.cellKind(1, 3)).toBe('goal');
    expect(env.cellKind(2, 3)).toBe('pit');
    expect(env.isTerminalState(8)).toBe(true);
    expect(env.isTerminalState(7)).toBe(false);
  });

  it('blocks moves into walls, with the step cost', () => {
    const env = new GridWorld({ layout: LAYOUT });
    env.reset();
    const r = env.step(0); // up into '#'
    expect(env.agent).toEqual({ row: 1, col: 1 });
    expect(r.reward).toBeCloseTo(-0.01);
    expect(r.terminated).toBe(false);
    env.step(3); // left into '#'
    expect(env.agent).toEqual({ row: 1, col: 1 });
    env.step(2); // down to floor
    expect(env.agent).toEqual({ row: 2, col: 1 });
    env.step(1); // right into '#'
    expect(env.agent).toEqual({ row: 2, col: 1 });
  });

  it('stops at the grid edge without walls', () => {
    const env = new GridWorld({ layout: GRIDWORLD_LAYOUTS.cliff });
    env.reset();
    env.step(3);
    expect(env.agent).toEqual({ row: 3, col: 0 });
  });

  it('ends with +1 at the goal and -1 in a pit', () => {
    const env = new GridWorld({ layout: LAYOUT });
    env.reset();
    env.step(1);
    let r = env.step(1);
    expect(r.reward).toBe(1);
    expect(r.terminated).toBe(true);
    expect(() => env.step(0)).toThrow(/GridWorld.*reset/);
    env.reset();
    const cliff = new GridWorld({ layout: 'cliff' });
    cliff.reset();
    r = cliff.step(1);
    expect(r.reward).toBe(-1);
    expect(r.terminated).toBe(true);
  });

  it('truncates at maxSteps', () => {
    const env = new GridWorld({ layout: LAYOUT, maxSteps: 3 });
    env.reset();
    expect(env.step(0).truncated).toBe(false);
    expect(env.step(0).truncated).toBe(false);
    expect(env.step(0).truncated).toBe(true);
  });

  it('slips sideways with probability slip', () => {
    const env = new GridWorld({ layout: GRIDWORLD_LAYOUTS['four-rooms'], slip: 1, seed: 5 });
    env.reset({ seed: 5 });
    // Asking "right" with slip 1 always moves up or down: from (1,1) up is a wall, so the agent
    // is either still at (1,1) or at (2,1).
    for (let i = 0; i < 5; i++) {
      env.step(1);
      expect(env.agent.col).toBe(1);
    }
  });

  it('validates layouts', () => {
    expect(() => parseLayout([])).toThrow(/non-empty/);
    expect(() => parseLayout(['S.G', '..'])).toThrow(/rectangular/);
    expect(() => parseLayout(['S.G', '.x.'])).toThrow(/unknown cell 'x'/);
    expect(() => parseLayout(['..G', '...'])).toThrow(/exactly one start/);
    expect(() => parseLayout(['S.G', 'S..'])).toThrow(/exactly one start/);
    expect(() => parseLayout(['S..', '...'])).toThrow(/at least one goal/);
    expect(() => new GridWorld({ layout: 'nope' as 'cliff' })).toThrow(/unknown layout 'nope'/);
    expect(() => new GridWorld({ slip: 2 })).toThrow(/slip/);
    for (const name of Object.keys(GRIDWORLD_LAYOUTS) as (keyof typeof GRIDWORLD_LAYOUTS)[]) {
      expect(() => new GridWorld({ layout: name })).not.toThrow();
    }
  });

  it('can reach a goal in every built-in layout', () => {
    for (const name of Object.keys(GRIDWORLD_LAYOUTS) as (keyof typeof GRIDWORLD_LAYOUTS)[]) {
      const env = new GridWorld({ layout: name });
      // Breadth-first search over floor cells (pits end the episode, so they do not lead on).
      const seen = new Set([env.startRow * env.cols + env.startCol]);
      const queue = [...seen];
      let reached = false;
      while (queue.length > 0 && !reached) {
        const cell = queue.shift()!;
        const r = Math.floor(cell / env.cols);
        const c = cell % env.cols;
        for (const [dr, dc] of [
          [-1, 0],
          [0, 1],
          [1, 0],
          [0, -1],
        ]) {
          const kind = env.cellKind(r + dr, c + dc);
          const next = (r + dr) * env.cols + c + dc;
          if (kind === 'goal') reached = true;
          if ((kind === 'floor' || kind === 'start') && !seen.has(next)) {
            seen.add(next);
            queue.push(next);
          }
        }
      }
      expect(reached, name).toBe(true);
    }
  });
});
