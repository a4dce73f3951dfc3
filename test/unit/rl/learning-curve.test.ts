import { describe, expect, it } from 'vitest';
import {
  curveWindows,
  type LearningCurve,
  LearningCurveError,
  parseLearningCurve,
} from '../../../src/rl/learning-curve';

const curve: LearningCurve = {
  env: 'catch',
  algo: 'dqn',
  seed: 0,
  steps: 25,
  randomMeanReturn: -0.5,
  finalEvalMeanReturn: 1,
  evalEpisodes: 100,
  episodes: [
    [9, -1],
    [10, 1],
    [18, 1],
    [20, 1],
    [25, -1],
  ],
  evaluations: [
    [10, 0],
    [20, 0.5],
  ],
};

describe('learning curve', () => {
  it('round-trips through JSON and checks every field', () => {
    expect(parseLearningCurve(JSON.parse(JSON.stringify(curve)))).toEqual(curve);
    const bad = (patch: Record<string, unknown>) => () =>
      parseLearningCurve({ ...curve, ...patch });
    expect(bad({ steps: 'many' })).toThrow(/steps must be a finite number/);
    expect(bad({ episodes: [[1, 2, 3]] })).toThrow(/episodes\[0\] must be \[step, return\]/);
    expect(
      bad({
        episodes: [
          [5, 1],
          [3, 1],
        ],
      }),
    ).toThrow(/episodes\[1\]'s step must be a whole number, in order/);
    expect(bad({ evaluations: [[10, null]] })).toThrow(
      /evaluations\[0\]'s return must be a finite number/,
    );
    expect(bad({ env: 3 })).toThrow(LearningCurveError);
    expect(() => parseLearningCurve([])).toThrow(/must be a JSON object/);
  });

  it('windows hold the episodes that ended in (from, to] and the evaluations made there', () => {
    const w = curveWindows(curve, 10);
    expect(w.map((x) => [x.from, x.to])).toEqual([
      [0, 10],
      [10, 20],
      [20, 25],
    ]);
    expect(w.map((x) => x.episodes)).toEqual([2, 2, 1]);
    expect(w.map((x) => x.meanReturn)).toEqual([0, 1, -1]);
    expect(w.map((x) => x.evaluations)).toEqual([[0], [0.5], []]);
  });

  it('a window with no finished episode has no mean; a bad window size is refused', () => {
    const w = curveWindows({ ...curve, episodes: [[25, 1]] }, 10);
    expect(w.map((x) => x.meanReturn)).toEqual([null, null, 1]);
    expect(() => curveWindows(curve, 0)).toThrow(RangeError);
    expect(() => curveWindows(curve, 2.5)).toThrow(RangeError);
  });
});
