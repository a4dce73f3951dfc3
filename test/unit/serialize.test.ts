/**
 * Model files (src/nn/serialize.ts): every net kind survives save/load bit for bit, and every
 * kind of damage to a file is refused with a ModelFileError that names the problem.
 *
 * The error cases are crafted with `modelFile`, an independent writer of the documented layout:
 * "GAMODEL1", uint32 LE header length, JSON header, zero pad to a multiple of 4, float32 LE data.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Convolution } from '../../src/nn/layers/convolution';
import { KernelConvolution } from '../../src/nn/layers/kernel-convolution';
import {
  createNet,
  defaultConfig,
  NET_KINDS,
  type NetConfig,
  type NetKind,
  type SequentialNet,
  type TwoLayerNetConfig,
} from '../../src/nn/nets';
import {
  assignWeights,
  loadModel,
  ModelFileError,
  parseModelFile,
  saveModel,
} from '../../src/nn/serialize';
import { expectClose, randn } from '../helpers/tensors';

// ---------------------------------------------------------------------------------------------
// An independent writer of the documented layout.

interface TensorSpec {
  name: string;
  shape: number[];
  dtype: string;
  offset: number;
  length: number;
}

/** The file bytes for a header (object, or raw text) and a data section. */
function modelFile(
  header: unknown,
  data: Float32Array = new Float32Array(0),
  opts: { rawHeader?: Uint8Array; headerLength?: number; magic?: string } = {},
): Uint8Array {
  const headerBytes = opts.rawHeader ?? new TextEncoder().encode(JSON.stringify(header));
  const dataStart = (12 + headerBytes.length + 3) & ~3;
  const out = new Uint8Array(dataStart + data.length * 4);
  out.set(new TextEncoder().encode(opts.magic ?? 'GAMODEL1'), 0);
  const view = new DataView(out.buffer);
  view.setUint32(8, opts.headerLength ?? headerBytes.length, true);
  out.set(headerBytes, 12);
  data.forEach((v, i) => {
    view.setFloat32(dataStart + i * 4, v, true);
  });
  return out;
}

/** A small two-layer net: W1 [4,3], b1 [3], W2 [3,2], b2 [2]. */
const SMALL = {
  kind: 'two-layer',
  inputSize: 4,
  hiddenSize: 3,
  outputSize: 2,
  activation: 'relu',
  init: 0.01,
} satisfies TwoLayerNetConfig;
const SMALL_SHAPES: Array<[string, number[]]> = [
  ['W1', [4, 3]],
  ['b1', [3]],
  ['W2', [3, 2]],
  ['b2', [2]],
];

/** Tensor entries laid out one after the other, for the given names and shapes. */
function entries(shapes: Array<[string, number[]]>): TensorSpec[] {
  let offset = 0;
  return shapes.map(([name, shape]) => {
    const length = shape.reduce((a, b) => a * b, 1);
    const e = { name, shape, dtype: 'float32', offset, length };
    offset += length * 4;
    return e;
  });
}

function dataFor(specs: TensorSpec[]): Float32Array {
  const total = specs.reduce((n, s) => n + s.length, 0);
  // Distinct, recognisable values: 0.5, 1.5, 2.5, ...
  return Float32Array.from({ length: total }, (_, i) => (i + 0.5) / 10);
}

interface HeaderLike {
  format: unknown;
  version: unknown;
  config: unknown;
  tensors: unknown;
  meta: unknown;
}

function header(overrides: Partial<HeaderLike> = {}): HeaderLike {
  return {
    format: 'gradient-arcade-model',
    version: 1,
    config: { ...SMALL },
    tensors: entries(SMALL_SHAPES),
    meta: { note: 'crafted' },
    ...overrides,
  };
}

function validFile(): Uint8Array {
  return modelFile(header(), dataFor(entries(SMALL_SHAPES)));
}

/** Assert `f` throws a ModelFileError whose message matches. */
function expectModelError(f: () => unknown, message: RegExp): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a ModelFileError').toBeInstanceOf(ModelFileError);
  const text = (caught as Error).message;
  expect(text.startsWith('model file: ')).toBe(true);
  expect(text).toMatch(message);
}

/** Load must fail with a ModelFileError whose message matches. */
function expectLoadError(bytes: Uint8Array, message: RegExp): void {
  expectModelError(() => loadModel(bytes), message);
}

/** How many tensors a call leaves behind. */
function leakedBy(f: () => void): number {
  const before = tf.memory().numTensors;
  f();
  return tf.memory().numTensors - before;
}

async function values(t: tf.Tensor): Promise<Float32Array> {
  return (await t.data()) as Float32Array;
}

function bits(a: Float32Array): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.length);
}

async function snapshot(net: SequentialNet): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const [name, v] of [...net.params, ...net.state]) out.set(name, (await values(v)).slice());
  return out;
}

// ---------------------------------------------------------------------------------------------

function configFor(kind: NetKind): NetConfig {
  const c = defaultConfig(kind);
  if (c.kind === 'multi-layer-extend') return { ...c, batchNorm: true, dropoutRatio: 0.2 };
  return c;
}

describe('save then load gives the same net', () => {
  it('every kind is covered', () => {
    expect([...NET_KINDS].sort()).toEqual(
      ['deep-conv', 'multi-layer', 'multi-layer-extend', 'simple-conv', 'two-layer'].sort(),
    );
  });

  for (const kind of NET_KINDS) {
    it(`${kind}: identical config, tensors and predictions`, async () => {
      const config = configFor(kind);
      // Seed 7, not 0: loadModel builds with seed 0, so equal weights prove the copy.
      const net = createNet(config, 7);
      const inputShape = [...net.inputShape];
      const xs = [1, 2, 3].map((s) => randn([3, ...inputShape], 100 + s, 0.5));
      // A training forward moves the batch-norm running statistics (and draws dropout masks).
      const moved = net.predict(randn([8, ...inputShape], 5), true);
      moved.dispose();
      if (kind === 'multi-layer-extend') {
        const rm = await values(net.state.get('running_mean1')!);
        const rv = await values(net.state.get('running_var1')!);
        expect(rm.some((v) => v !== 0)).toBe(true);
        expect(rv.some((v) => v !== 0)).toBe(true);
        expect([...net.state.keys()]).toContain('running_var5');
      } else {
        expect(net.state.size).toBe(0);
      }

      const bytes = await saveModel(net, { kind, accuracy: 0.5, ok: true, none: null });
      const before = await snapshot(net);
      const { net: loaded, meta } = loadModel(bytes);
      try {
        expect(meta).toEqual({ kind, accuracy: 0.5, ok: true, none: null });
        expect(loaded.config).toEqual(net.config);
        expect(loaded.config).toEqual(config);
        expect([...loaded.params.keys()]).toEqual([...net.params.keys()]);
        expect([...loaded.state.keys()]).toEqual([...net.state.keys()]);
        const after = await snapshot(loaded);
        for (const [name, v] of before) {
          expect(bits(after.get(name)!), name).toEqual(bits(v));
        }

        const fresh = createNet(config, 0);
        let differsFromFresh = false;
        for (const x of xs) {
          const a = net.predict(x);
          const b = loaded.predict(x);
          const c = fresh.predict(x);
          const av = await values(a);
          expect(av.every(Number.isFinite)).toBe(true);
          expect(bits(await values(b))).toEqual(bits(av));
          if (!bits(await values(c)).every((v, i) => v === bits(av)[i])) differsFromFresh = true;
          a.dispose();
          b.dispose();
          c.dispose();
        }
        // Otherwise the test could not tell a loaded net from a freshly built one.
        expect(differsFromFresh).toBe(true);
        fresh.dispose();

        // Saving the loaded net again gives a byte-identical file.
        const again = await saveModel(loaded, { kind, accuracy: 0.5, ok: true, none: null });
        expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
      } finally {
        loaded.dispose();
        net.dispose();
        for (const x of xs) x.dispose();
      }
    });
  }

  it('the file follows the documented layout', async () => {
    const net = createNet(SMALL, 3);
    const bytes = await saveModel(net);
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe('GAMODEL1');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const h = view.getUint32(8, true);
    const parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + h))) as HeaderLike;
    expect(parsed.format).toBe('gradient-arcade-model');
    expect(parsed.version).toBe(1);
    expect(parsed.config).toEqual(SMALL);
    expect(parsed.meta).toEqual({});
    const specs = parsed.tensors as TensorSpec[];
    expect(specs.map((s) => [s.name, s.shape])).toEqual(SMALL_SHAPES);
    const dataStart = (12 + h + 3) & ~3;
    for (let i = 12 + h; i < dataStart; i++) expect(bytes[i]).toBe(0);
    expect(bytes.length).toBe(dataStart + 4 * (12 + 3 + 6 + 2));
    const w2 = await values(net.params.get('W2')!);
    const spec = specs.find((s) => s.name === 'W2')!;
    for (let j = 0; j < spec.length; j++) {
      expect(view.getFloat32(dataStart + spec.offset + 4 * j, true)).toBe(w2[j]);
    }
    net.dispose();
  });
});

describe('a crafted file', () => {
  it('in the documented layout loads, with its values (the writer below is right)', async () => {
    const { net, meta } = loadModel(validFile());
    expect(meta).toEqual({ note: 'crafted' });
    const expected = dataFor(entries(SMALL_SHAPES));
    expect(Array.from(await values(net.params.get('W1')!))).toEqual(
      Array.from(expected.subarray(0, 12)),
    );
    expect(Array.from(await values(net.params.get('b2')!))).toEqual(
      Array.from(expected.subarray(21, 23)),
    );
    net.dispose();
  });

  it('tensors may be stored in any order at any aligned offset', async () => {
    const specs = entries(SMALL_SHAPES).reverse();
    let offset = 8; // leave 8 unused bytes first
    for (const s of specs) {
      s.offset = offset;
      offset += s.length * 4;
    }
    const data = new Float32Array(offset / 4);
    for (const s of specs) data.fill(s.length, s.offset / 4, s.offset / 4 + s.length);
    const { net } = loadModel(modelFile(header({ tensors: specs }), data));
    expect(Array.from(await values(net.params.get('W1')!))).toEqual(new Array(12).fill(12));
    expect(Array.from(await values(net.params.get('b2')!))).toEqual([2, 2]);
    net.dispose();
  });
});

describe('damaged files are refused with a ModelFileError naming the problem', () => {
  it('an empty file', () => {
    expectLoadError(new Uint8Array(0), /0 bytes is too short to be a model file/);
    expectLoadError(new Uint8Array(11), /11 bytes is too short/);
  });

  it('a wrong magic', () => {
    expectLoadError(
      modelFile(header(), undefined, { magic: 'GAMODEL2' }),
      /not a Gradient Arcade model \(expected "GAMODEL1" at the start, found "GAMODEL2"\)/,
    );
    expectLoadError(new TextEncoder().encode('PK\u0003\u0004 a zip file'), /not a Gradient Arcade/);
  });

  it('a header length beyond the file', () => {
    const good = validFile();
    expectLoadError(
      modelFile(header(), undefined, { headerLength: 100_000 }),
      /header length 100000 does not fit in a file of \d+ bytes/,
    );
    expectLoadError(
      modelFile(header(), undefined, { headerLength: 0xffffffff }),
      /header length 4294967295 does not fit/,
    );
    // The whole file cut inside the header.
    expectLoadError(good.subarray(0, 40), /header length \d+ does not fit in a file of 40 bytes/);
  });

  it('a header that is not JSON', () => {
    expectLoadError(
      modelFile(null, undefined, { rawHeader: new TextEncoder().encode('{"format": ') }),
      /header is not valid JSON/,
    );
    // Not UTF-8 either.
    expectLoadError(
      modelFile(null, undefined, { rawHeader: Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d]) }),
      /header is not valid JSON/,
    );
  });

  it('a wrong format field', () => {
    expectLoadError(
      modelFile(header({ format: 'keras' })),
      /header format must be "gradient-arcade-model"/,
    );
    expectLoadError(modelFile([1, 2, 3]), /header format must be/);
    expectLoadError(modelFile(null), /header format must be/);
  });

  it('an unsupported version', () => {
    expectLoadError(
      modelFile(header({ version: 2 })),
      /version 2 is not supported \(this build reads version 1\)/,
    );
    expectLoadError(modelFile(header({ version: '1' })), /version 1 is not supported/);
  });

  it('a bad config: unknown kind, hiddenSize -1, a missing field, no config', () => {
    expectLoadError(
      modelFile(header({ config: { ...SMALL, kind: 'transformer' } })),
      /net config: kind is not a known net: "transformer"/,
    );
    expectLoadError(
      modelFile(header({ config: { ...SMALL, hiddenSize: -1 } })),
      /net config: hiddenSize must be a positive integer, got -1/,
    );
    const { activation: _dropped, ...missing } = SMALL;
    expectLoadError(
      modelFile(header({ config: missing })),
      /net config: activation must be relu, sigmoid or tanh/,
    );
    expectLoadError(modelFile(header({ config: undefined })), /net config must be an object/);
    expectLoadError(
      modelFile(header({ config: { ...SMALL, init: -0.01 } })),
      /net config: init must be/,
    );
  });

  it('a conv net runs on the path its config names, the kernels one when it names none', async () => {
    const book = createNet({ ...defaultConfig('simple-conv'), convPath: 'im2col' }, 7);
    const { net: loaded } = loadModel(await saveModel(book, {}));
    expect(loaded.config).toEqual({ ...defaultConfig('simple-conv'), convPath: 'im2col' });
    expect(loaded.layers.some((l) => l instanceof Convolution)).toBe(true);
    // The same weights in a file that names no path (as every file before the option).
    const fast = createNet(defaultConfig('simple-conv'), 0);
    assignWeights(fast, parseModelFile(await saveModel(book, {})));
    expect(fast.layers.some((l) => l instanceof KernelConvolution)).toBe(true);
    tf.tidy(() => {
      const x = randn([3, 1, 28, 28], 9, 0.5);
      expectClose(fast.predict(x), loaded.predict(x), 1e-4, 1e-5);
    });
    for (const net of [book, loaded, fast]) net.dispose();
    expectLoadError(
      modelFile(header({ config: { ...defaultConfig('simple-conv'), convPath: 'fft' } })),
      /net config: convPath must be im2col or kernels, got "fft"/,
    );
  });

  it('no tensor list', () => {
    expectLoadError(modelFile(header({ tensors: {} })), /header has no tensor list/);
  });

  it('a tensor with the wrong dtype', () => {
    const specs = entries(SMALL_SHAPES);
    specs[0].dtype = 'float64';
    expectLoadError(
      modelFile(header({ tensors: specs }), dataFor(specs)),
      /tensor W1 has dtype "float64"; only float32 is supported/,
    );
  });

  it('a tensor entry that is inconsistent in itself', () => {
    const noName = entries(SMALL_SHAPES);
    noName[1].name = '';
    expectLoadError(modelFile(header({ tensors: noName }), dataFor(noName)), /has no name/);

    const twice = entries([...SMALL_SHAPES, ['W1', [4, 3]]]);
    expectLoadError(modelFile(header({ tensors: twice }), dataFor(twice)), /W1 appears twice/);

    const badShape = entries(SMALL_SHAPES);
    badShape[2].shape = [3, -2];
    expectLoadError(
      modelFile(header({ tensors: badShape }), dataFor(entries(SMALL_SHAPES))),
      /tensor W2 has an invalid shape \[3,-2\]/,
    );

    const badLength = entries(SMALL_SHAPES);
    badLength[1].length = 4;
    expectLoadError(
      modelFile(header({ tensors: badLength }), dataFor(entries(SMALL_SHAPES))),
      /tensor b1: length 4 does not match shape \[3\]/,
    );

    const badOffset = entries(SMALL_SHAPES);
    badOffset[3].offset = 2;
    expectLoadError(
      modelFile(header({ tensors: badOffset }), dataFor(entries(SMALL_SHAPES))),
      /tensor b2 has an invalid offset 2/,
    );
  });

  it('a tensor whose shape does not match the net', () => {
    const specs = entries([['W1', [4, 2]], ...SMALL_SHAPES.slice(1)]);
    expectLoadError(
      modelFile(header({ tensors: specs }), dataFor(specs)),
      /tensor W1 has shape \[4,2\], the net needs \[4,3\]/,
    );
    // The book's MNIST net with one hidden unit too few in W1.
    const mnist = defaultConfig('two-layer');
    const big = entries([
      ['W1', [784, 49]],
      ['b1', [50]],
      ['W2', [50, 10]],
      ['b2', [10]],
    ]);
    expectLoadError(
      modelFile(header({ config: mnist, tensors: big }), dataFor(big)),
      /tensor W1 has shape \[784,49\], the net needs \[784,50\]/,
    );
  });

  it('a wrong shape at the original offsets is reported as the shape, not as the overlap it causes', () => {
    const specs = entries(SMALL_SHAPES).map((e) =>
      e.name === 'W1' ? { ...e, shape: [4, 4], length: 16 } : e,
    );
    let message = '';
    try {
      loadModel(modelFile(header({ tensors: specs }), dataFor(entries(SMALL_SHAPES))));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/tensor W1 has shape \[4,4\], the net needs \[4,3\]/);
    expect(message).not.toMatch(/overlaps/);
  });

  it('a flipped magic byte is shown escaped, not as a replacement character', () => {
    const bytes = validFile();
    bytes[0] ^= 0x80;
    expectLoadError(bytes, /found "\\xc7AMODEL1"\)$/);
  });

  it('a missing tensor', () => {
    const specs = entries(SMALL_SHAPES.slice(0, 3));
    expectLoadError(
      modelFile(header({ tensors: specs }), dataFor(specs)),
      /missing tensor b2 \[2\]/,
    );
  });

  it('an unexpected extra tensor', () => {
    const specs = entries([...SMALL_SHAPES, ['W3', [2, 2]]]);
    expectLoadError(modelFile(header({ tensors: specs }), dataFor(specs)), /unexpected tensor W3/);
  });

  it('a truncated data section', () => {
    const good = validFile();
    expectLoadError(
      good.subarray(0, good.length - 4),
      /tensor b2 needs bytes 84\.\.92 but the data section has 88 \(truncated\?\)/,
    );
    const noData = modelFile(header());
    expectLoadError(noData, /tensor W1 needs bytes 0\.\.48 but the data section has 0/);
  });

  it('a NaN or infinite weight', () => {
    const specs = entries(SMALL_SHAPES);
    const data = dataFor(specs);
    data[5] = Number.NaN;
    expectLoadError(
      modelFile(header({ tensors: specs }), data),
      /tensor W1 holds a non-finite value \(NaN\) at index 5/,
    );
    const data2 = dataFor(specs);
    data2[22] = Number.NEGATIVE_INFINITY;
    expectLoadError(
      modelFile(header({ tensors: specs }), data2),
      /tensor b2 holds a non-finite value \(-Infinity\) at index 1/,
    );
  });

  it('several problems are all reported at once', () => {
    const specs = entries([['W1', [4, 2]], ...SMALL_SHAPES.slice(1, 3), ['extra', [1]]]);
    expectLoadError(
      modelFile(header({ tensors: specs }), dataFor(specs)),
      /W1 has shape \[4,2\].*missing tensor b2.*unexpected tensor extra/,
    );
  });

  it('a file refused before the net is built leaves no tensors behind', () => {
    const leaked = leakedBy(() => {
      expectLoadError(modelFile(header({ version: 3 })), /version 3/);
      expectLoadError(validFile().subarray(0, 60), /truncated/);
    });
    expect(leaked).toBe(0);
  });

  // A net built and then disposed by loadModel (after assignWeights refuses the file) frees
  // every tensor it made.
  it('a file refused after the net is built leaves no tensors behind', () => {
    const specs = entries(SMALL_SHAPES.slice(0, 3));
    const leaked = leakedBy(() => {
      expectLoadError(modelFile(header({ tensors: specs }), dataFor(specs)), /missing tensor/);
    });
    expect(leaked).toBe(0);
  });

  it('a tensor entry that is null is refused as a model file error', () => {
    expectLoadError(
      modelFile(header({ tensors: [null, ...entries(SMALL_SHAPES)] })),
      /tensor entry/,
    );
  });

  it('a conv config whose filter does not tile the input is refused before any tensor is made', () => {
    const config = { ...defaultConfig('simple-conv'), inputShape: [1, 3, 3] };
    const leaked = leakedBy(() =>
      expectLoadError(modelFile(header({ config, tensors: [] })), /does not tile/),
    );
    expect(leaked).toBe(0);
    const deep = { ...defaultConfig('deep-conv'), inputShape: [1, 2, 2] };
    const leakedDeep = leakedBy(() =>
      expectLoadError(modelFile(header({ config: deep, tensors: [] })), /does not tile/),
    );
    expect(leakedDeep).toBe(0);
  });

  it('a config too large to be any net of this app is refused before allocating', () => {
    const config = { ...defaultConfig('two-layer'), hiddenSize: 10_000_000 };
    expectLoadError(modelFile(header({ config, tensors: [] })), /too large/);
  });

  it('overlapping tensors and trailing bytes are refused', () => {
    const specs = entries(SMALL_SHAPES);
    const overlapping = specs.map((e, i) => (i === 1 ? { ...e, offset: 0 } : e));
    expectLoadError(modelFile(header({ tensors: overlapping }), dataFor(specs)), /overlap/);
    const data = dataFor(specs);
    const longer = new Float32Array(data.length + 3);
    longer.set(data);
    expectLoadError(modelFile(header({ tensors: specs }), longer), /trailing/);
  });
});

describe('assignWeights', () => {
  it('copies a checked file into an existing net', async () => {
    const net = createNet(SMALL, 1);
    assignWeights(net, parseModelFile(validFile()));
    expect(Array.from(await values(net.params.get('b1')!))).toEqual(
      Array.from(dataFor(entries(SMALL_SHAPES)).subarray(12, 15)),
    );
    net.dispose();
  });

  it('leaves the net unchanged when the file does not fit it', async () => {
    const net = createNet(SMALL, 1);
    const before = await snapshot(net);
    const specs = entries(SMALL_SHAPES);
    // W1, b1 and W2 are fine (and different from the net's); only b2 is bad.
    const nan = dataFor(specs);
    nan[22] = Number.NaN;
    const extra = entries([...SMALL_SHAPES, ['W9', [1]]]);
    const wrongShape = entries([...SMALL_SHAPES.slice(0, 3), ['b2', [3]]]);
    for (const [specList, data] of [
      [specs, nan],
      [extra, dataFor(extra)],
      [wrongShape, dataFor(wrongShape)],
    ] as const) {
      const parsed = parseModelFile(modelFile(header({ tensors: specList }), data));
      expect(() => assignWeights(net, parsed)).toThrow(ModelFileError);
      const after = await snapshot(net);
      for (const [name, v] of before) expect(bits(after.get(name)!), name).toEqual(bits(v));
    }
    // A file for another net altogether.
    const other = createNet(defaultConfig('two-layer'), 2);
    const otherFile = parseModelFile(await saveModel(other));
    expect(() => assignWeights(net, otherFile)).toThrow(
      /tensor W1 has shape \[784,50\], the net needs \[4,3\]/,
    );
    const after = await snapshot(net);
    for (const [name, v] of before) expect(bits(after.get(name)!), name).toEqual(bits(v));
    other.dispose();
    net.dispose();
  });

  it('keeps a batch-norm net unchanged when a running statistic is bad', async () => {
    const config: NetConfig = {
      kind: 'multi-layer-extend',
      inputSize: 6,
      hiddenSizes: [5, 4],
      outputSize: 3,
      activation: 'relu',
      init: 'he',
      weightDecay: 0,
      batchNorm: true,
      dropoutRatio: 0,
    };
    const source = createNet(config, 9);
    tf.tidy(() => {
      source.predict(randn([10, 6], 4), true);
    });
    const bytes = await saveModel(source);
    const target = createNet(config, 1);
    const before = await snapshot(target);
    const parsed = parseModelFile(bytes);
    parsed.tensors.get('running_var2')!.values[0] = Number.POSITIVE_INFINITY;
    expect(() => assignWeights(target, parsed)).toThrow(
      /tensor running_var2 holds a non-finite value \(Infinity\) at index 0/,
    );
    const after = await snapshot(target);
    for (const [name, v] of before) expect(bits(after.get(name)!), name).toEqual(bits(v));
    source.dispose();
    target.dispose();
  });
});
