/**
 * `sweep plan`: the lines are a pure function of the options (the search's own sampler, the
 * seeds in order), every option out of range is refused with one line, and the lines survive
 * a real shell word for word and read back as the runs they are.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI_PREFIX, runOfLine, shellLine, shellWords } from '../../src/cli/commands/sweep-lines';
import { planRlSeeds, planSearch } from '../../src/cli/commands/sweep-plan';
import { UsageError } from '../../src/cli/errors';
import { formatG3, sampleTrial } from '../../src/nn/experiments/hyperparameter-search';

const PREFIX = CLI_PREFIX.join(' ');

describe('sweep plan search', () => {
  it('writes one `sweep trial` line per trial, the same for the same options', () => {
    const argv = ['--trials', '3', '--seed', '4', '--epochs', '2', '--train-size', '100'];
    const runs = planSearch(argv);
    expect(runs.map((r) => r.line)).toEqual(
      [0, 1, 2].map(
        (t) => `${PREFIX} sweep trial --seed 4 --trial ${t} --epochs 2 --train-size 100`,
      ),
    );
    expect(planSearch(argv).map((r) => r.line)).toEqual(runs.map((r) => r.line));
    expect(planSearch(['--backend', 'wasm', '--trials', '1'])[0]?.line).toBe(
      `${PREFIX} sweep trial --seed 0 --trial 0 --epochs 50 --train-size 500 --backend wasm`,
    );
    expect(planSearch([])).toHaveLength(100);
  });

  it("says each trial's lr and weight decay as the search samples them", () => {
    const runs = planSearch(['--trials', '4', '--seed', '9']);
    runs.forEach((r, t) => {
      const s = sampleTrial(9, t);
      expect(r.about).toBe(
        `trial ${t}: lr ${formatG3(s.lr)}, weight decay ${formatG3(s.weightDecay)}`,
      );
    });
    // Another seed, other samples.
    expect(planSearch(['--trials', '4', '--seed', '10']).map((r) => r.about)).not.toEqual(
      runs.map((r) => r.about),
    );
  });

  it('reads its lines back as the trials they are', () => {
    const runs = planSearch([
      '--trials',
      '2',
      '--seed',
      '7',
      '--epochs',
      '3',
      '--train-size',
      '50',
    ]);
    expect(runs.map((r) => runOfLine(r.line))).toEqual(
      [0, 1].map((trial) => ({
        key: { kind: 'search', trial },
        group: { kind: 'search', seed: 7, epochs: 3, trainSize: 50 },
      })),
    );
  });

  it.each([
    [['--trials', '0'], /--trials must be an integer in \[1, 10,000\], got "0"/],
    [['--trials', '10001'], /--trials must be an integer/],
    [['--trials', '2.5'], /--trials must be an integer/],
    [['--seed', '-1'], /--seed must be an integer in \[0, 4,000,000,000\], got "-1"/],
    [['--seed', 'x'], /--seed must be an integer/],
    [['--epochs', '0'], /--epochs must be an integer in \[1, 1000\]/],
    [['--train-size', '4'], /--train-size must be an integer in \[5, 60,000\]/],
    [['--backend', 'gpu'], /--backend/],
  ])('refuses %j with one line', (argv, message) => {
    expect(() => planSearch(argv)).toThrow(UsageError);
    expect(() => planSearch(argv)).toThrow(message);
  });

  it('refuses an unknown option', () => {
    expect(() => planSearch(['--trails', '3'])).toThrow(/Unknown option '--trails'/);
  });
});

describe('sweep plan rl-seeds', () => {
  it('writes one `rl train` line per seed, from --first-seed up', () => {
    const runs = planRlSeeds([
      '--env',
      'catch',
      '--steps',
      '300',
      '--seeds',
      '3',
      '--first-seed',
      '7',
      '--eval-episodes',
      '5',
    ]);
    expect(runs.map((r) => r.line)).toEqual(
      [7, 8, 9].map(
        (s) => `${PREFIX} rl train --env catch --steps 300 --eval-episodes 5 --seed ${s}`,
      ),
    );
    expect(runs.map((r) => runOfLine(r.line))).toEqual(
      [7, 8, 9].map((seed) => ({
        key: { kind: 'rl-seeds', seed },
        group: { kind: 'rl-seeds', env: 'catch', algo: 'dqn' },
      })),
    );
    expect(runs[0]?.about).toBe('seed 7: catch dqn, 300 steps');
    expect(planRlSeeds(['--env', 'cartpole'])).toHaveLength(5);
  });

  it('quotes --config and --out-dir so that a shell gives rl train the same words', () => {
    const runs = planRlSeeds([
      '--env',
      'gridworld',
      '--algo',
      'q-learning',
      '--seeds',
      '1',
      '--config',
      '{ "gamma": 0.9 }',
      '--out-dir',
      "/tmp/it's here/",
    ]);
    const line = runs[0]?.line as string;
    const words = [
      ...CLI_PREFIX,
      'rl',
      'train',
      '--env',
      'gridworld',
      '--algo',
      'q-learning',
      '--config',
      '{"gamma":0.9}',
      '--seed',
      '0',
      '--out',
      "/tmp/it's here/gridworld-q-learning-seed0.gaa",
      '--curve',
      "/tmp/it's here/gridworld-q-learning-seed0.json",
    ];
    expect(shellWords(line)).toEqual(words);
    // A real shell splits the line into the same words.
    const sh = spawnSync('sh', ['-c', `printf '%s\\n' ${line}`], { encoding: 'utf8' });
    expect(sh.stdout.split('\n').slice(0, -1)).toEqual(words);
  });

  it.each([
    [[], /--env is required/],
    [['--env', 'pong'], /--env must be one of/],
    [['--env', 'catch', '--seeds', '0'], /--seeds must be an integer in \[1, 1000\], got "0"/],
    [['--env', 'catch', '--seeds', '1001'], /--seeds must be an integer/],
    [['--env', 'catch', '--seeds', '2.5'], /--seeds must be an integer/],
    [['--env', 'catch', '--first-seed', '-3'], /--first-seed must be an integer/],
    [['--env', 'catch', '--first-seed', '3999999999', '--seeds', '5'], /goes past 4000000000/],
    [['--env', 'catch', '--steps', '0'], /--steps must be an integer/],
    [['--env', 'catch', '--algo', 'ppo'], /--algo must be one of/],
    [['--env', 'catch', '--config', '{not json'], /--config must be JSON/],
    [['--env', 'catch', '--config', '{"bogus":1}'], /--config: unknown key "bogus"/],
    [['--env', 'catch', '--out-dir', '/'], /--out-dir must name a folder/],
  ])('refuses %j with one line', (argv, message) => {
    expect(() => planRlSeeds(argv)).toThrow(UsageError);
    expect(() => planRlSeeds(argv)).toThrow(message);
  });
});

describe('sweep lines: shell words', () => {
  it('quotes only what needs it and reads back what it wrote', () => {
    const words = ['a', 'b c', "it's", '', '{"x":[1,2]}', 'back\\slash', '$HOME', '--k=v'];
    const line = shellLine(words);
    expect(line.startsWith("a 'b c' 'it'\\''s' '' ")).toBe(true);
    expect(shellWords(line)).toEqual(words);
    const sh = spawnSync('sh', ['-c', `printf '%s\\n' ${line}`], { encoding: 'utf8' });
    expect(sh.stdout.split('\n').slice(0, -1)).toEqual(words);
  });

  it('refuses a line a plan never writes', () => {
    expect(() => shellWords('node "x"')).toThrow(/not in any line sweep plan writes/);
    expect(() => shellWords('echo $HOME')).toThrow(/not in any line/);
    expect(() => shellWords("echo 'open")).toThrow(/unterminated quote/);
    expect(() => runOfLine('echo hello')).toThrow(/not a line of sweep plan/);
    expect(() => runOfLine(`${PREFIX} train --net two-layer`)).toThrow(/not a line of sweep plan/);
  });
});
