/**
 * Fuzzing (fast-check): thousands of random corruptions of model, agent and IDX files, and
 * random flag combinations for the CLI's parsers, in-process. Every case must end in a valid
 * result or the reader's own error (ModelFileError, AgentFileError, IdxError; UsageError or
 * parseArgs' ERR_PARSE_ARGS_* for flags), quickly, leaving no tensor behind: never a
 * TypeError, a RangeError or a stack overflow. Seeds are fixed so a failure reproduces.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseEvalArgs } from '../../../src/cli/commands/eval';
import { parseRlEvalArgs } from '../../../src/cli/commands/rl-eval';
import { checkRlTrainAgent, parseRlTrainArgs } from '../../../src/cli/commands/rl-train';
import { parseTrainArgs } from '../../../src/cli/commands/train';
import { UsageError } from '../../../src/cli/errors';
import { IdxError, parseIdx } from '../../../src/data/idx';
import { createNet } from '../../../src/nn/nets';
import { loadModel, ModelFileError, saveModel } from '../../../src/nn/serialize';
import { AgentFileError, loadAgent, saveAgent } from '../../../src/rl/agent-file';
import { DqnAgent } from '../../../src/rl/dqn';
import { dqnConfig } from '../../../src/rl/dqn-config';
import { damage, expectClear, headerEdit, settle, withHeader } from '../../helpers/fuzz';

let modelBytes: Uint8Array;
let agentBytes: Uint8Array;

beforeAll(async () => {
  const net = createNet(
    {
      kind: 'two-layer',
      inputSize: 4,
      hiddenSize: 3,
      outputSize: 2,
      activation: 'relu',
      init: 0.01,
    },
    0,
  );
  modelBytes = await saveModel(net, { note: 'fuzz' });
  net.dispose();
  const agent = new DqnAgent(
    dqnConfig({ network: { type: 'mlp', hidden: [4] }, replayCapacity: 16, batchSize: 4 }),
    [3],
    2,
  );
  agentBytes = await saveAgent(agent, { env: 'cartpole', evalSeed: 10_000 });
  agent.dispose();
});

describe('fuzzed files end in a result or the reader own error', () => {
  it('model files: 1500 random corruptions', () => {
    fc.assert(
      fc.property(damage(modelBytes.length), (hurt) => {
        const error = settle(() => loadModel(hurt(modelBytes)).net.dispose());
        expectClear(error, [ModelFileError]);
      }),
      { numRuns: 1500, seed: 11 },
    );
  });

  it('model files: 800 implausible header values', () => {
    const paths = [
      ['format'],
      ['version'],
      ['config'],
      ['config', 'kind'],
      ['config', 'inputSize'],
      ['config', 'hiddenSize'],
      ['config', 'outputSize'],
      ['config', 'activation'],
      ['tensors'],
      ['tensors', '0'],
      ['tensors', '0', 'shape'],
      ['tensors', '0', 'offset'],
      ['tensors', '0', 'length'],
      ['tensors', '1', 'name'],
      ['tensors', '2', 'dtype'],
      ['meta'],
    ];
    fc.assert(
      fc.property(headerEdit(paths), (edit) => {
        const error = settle(() => loadModel(withHeader(modelBytes, edit)).net.dispose());
        expectClear(error, [ModelFileError]);
      }),
      { numRuns: 800, seed: 12 },
    );
  });

  it('agent files: 1000 random corruptions and 800 implausible header values', () => {
    const dispose = (b: Uint8Array) => {
      const loaded = loadAgent(b);
      if (loaded.kind === 'dqn') loaded.agent.dispose();
    };
    fc.assert(
      fc.property(damage(agentBytes.length), (hurt) => {
        expectClear(
          settle(() => dispose(hurt(agentBytes))),
          [AgentFileError],
        );
      }),
      { numRuns: 1000, seed: 13 },
    );
    const paths = [
      ['agent'],
      ['obsShape'],
      ['obsShape', '0'],
      ['numActions'],
      ['config', 'replayCapacity'],
      ['config', 'network'],
      ['config', 'network', 'hidden'],
      ['config', 'batchSize'],
      ['config', 'epsilon'],
      ['config', 'targetUpdate'],
      ['counters'],
      ['counters', 'steps'],
      ['rng'],
      ['rng', 'explore'],
      ['tensors', '0', 'shape'],
      ['tensors', '1', 'offset'],
      ['meta'],
    ];
    fc.assert(
      fc.property(headerEdit(paths), (edit) => {
        expectClear(
          settle(() => dispose(withHeader(agentBytes, edit))),
          [AgentFileError],
        );
      }),
      { numRuns: 800, seed: 14 },
    );
  });

  it('IDX files: 2000 random headers and corruptions', () => {
    const valid = new Uint8Array([
      0,
      0,
      8,
      3,
      0,
      0,
      0,
      2,
      0,
      0,
      0,
      2,
      0,
      0,
      0,
      2,
      ...new Array(8).fill(7),
    ]);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 64 }),
          damage(valid.length).map((hurt) => hurt(valid)),
        ),
        fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
        (bytes, rank) => {
          const error = settle(() => {
            const idx = parseIdx(bytes, 'fuzz.idx', rank);
            expect(idx.data.length).toBe(idx.shape.reduce((a, b) => a * b, 1));
          });
          expectClear(error, [IdxError]);
        },
      ),
      { numRuns: 2000, seed: 15 },
    );
  });
});

/** parseArgs' own errors, which the CLI turns into the usage and exit 2. */
function isParseArgsError(e: unknown): boolean {
  return (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true;
}

const VALUES = fc.oneof(
  fc.constantFrom(
    '0',
    '1',
    '-5',
    '1e9',
    '1e20',
    'NaN',
    'Infinity',
    '',
    '0.5',
    '-0',
    '3.7',
    'abc',
    '64',
    '100',
  ),
  fc.integer({ min: -1e6, max: 1e9 }).map(String),
  fc.string({ maxLength: 6 }),
);

/** argv: --flag value pairs from `flags`, sometimes a bare flag, an unknown one or a stray word. */
const argvOf = (flags: string[], fixed: string[]) =>
  fc
    .array(
      fc.oneof(
        {
          weight: 6,
          arbitrary: fc.tuple(fc.constantFrom(...flags), VALUES).map(([f, v]) => [`--${f}`, v]),
        },
        { weight: 1, arbitrary: fc.constantFrom(...flags).map((f) => [`--${f}`]) },
        { weight: 1, arbitrary: fc.constantFrom(['--bogus'], ['stray'], ['--'], ['-x']) },
      ),
      { maxLength: 8 },
    )
    .map((pairs) => [...fixed, ...pairs.flat()]);

function expectParsed(parse: () => unknown): unknown {
  const error = settle(() => {
    parse();
  });
  if (error !== null && !(error instanceof UsageError) && !isParseArgsError(error)) throw error;
  return error;
}

describe('fuzzed command lines end in a result or a usage error', () => {
  it('train: 1500 random flag combinations', () => {
    const flags = [
      'net',
      'lr',
      'batch',
      'epochs',
      'iters',
      'train-size',
      'eval-samples',
      'weight-decay',
      'dropout',
      'seed',
      'start-epoch',
      'init',
      'optimizer',
      'lr-decay',
      'batch-norm',
      'augment',
      'from',
      'conv-path',
    ];
    fc.assert(
      fc.property(argvOf(flags, ['--net', 'multi-layer-extend']), (argv) => {
        let parsed: ReturnType<typeof parseTrainArgs> | undefined;
        expectParsed(() => {
          parsed = parseTrainArgs(argv);
        });
        if (parsed) {
          expect(parsed.batchSize).toBeLessThanOrEqual(parsed.trainSize);
          expect(Number.isInteger(parsed.epochs) && parsed.epochs <= 1000).toBe(true);
        }
      }),
      { numRuns: 1500, seed: 21 },
    );
  });

  it('rl train (with --config) and rl eval and eval: 1500 random flag combinations', () => {
    const train = [
      'env',
      'algo',
      'steps',
      'seed',
      'num-envs',
      'eval-episodes',
      'eval-every',
      'config',
      'backend',
    ];
    const configs = fc.oneof(
      fc.json({ maxDepth: 2 }),
      fc
        .dictionary(
          fc.constantFrom(
            'lr',
            'gamma',
            'batchSize',
            'replayCapacity',
            'learningRate',
            'epsilon',
            'network',
            'nStep',
            'seed',
          ),
          fc.jsonValue({ maxDepth: 2 }),
          { maxKeys: 3 },
        )
        .map((o) => JSON.stringify(o)),
    );
    fc.assert(
      fc.property(argvOf(train, ['--env', 'catch']), configs, (argv, config) => {
        expectParsed(() => {
          const args = parseRlTrainArgs([...argv, '--config', config]);
          expect(args.steps).toBeLessThanOrEqual(100_000_000);
          expect(args.numEnvs).toBeLessThanOrEqual(256);
          checkRlTrainAgent(args);
        });
      }),
      { numRuns: 1000, seed: 22 },
    );
    fc.assert(
      fc.property(argvOf(['agent', 'env', 'episodes', 'seed', 'backend'], []), (argv) => {
        expectParsed(() => parseRlEvalArgs(argv));
        expectParsed(() => parseEvalArgs(argv.map((a) => (a === '--agent' ? '--model' : a))));
      }),
      { numRuns: 500, seed: 23 },
    );
  });
});
