/**
 * The container shared by model and agent files (src/nn/container.ts), on a made-up file kind:
 * the layout it writes, and every check it makes when reading, with its message and with the
 * kind's own error class (so "model file: " / "agent file: " prefixes carry through).
 */
import { describe, expect, it } from 'vitest';
import {
  type ContainerKind,
  checkTensors,
  headerMeta,
  openContainer,
  readTensors,
  type StoredTensor,
  type TensorEntry,
  writeContainer,
} from '../../src/nn/container';

class TestFileError extends Error {
  constructor(message: string) {
    super(`test file: ${message}`);
    this.name = 'TestFileError';
  }
}

const KIND: ContainerKind = {
  magic: 'GATESTF1',
  format: 'gradient-arcade-test',
  version: 3,
  noun: 'ostrich',
  article: 'an',
  error: (message) => new TestFileError(message),
};

const TENSORS = [
  { name: 'a', shape: [2, 3], values: Float32Array.from([1, 2, 3, 4, 5, 6]) },
  { name: 'b', shape: [1], values: Float32Array.from([-0.5]) },
  { name: 'empty', shape: [0, 4], values: new Float32Array(0) },
];

function validFile(): Uint8Array {
  return writeContainer(
    KIND,
    (tensors) => ({ format: KIND.format, version: KIND.version, tensors, meta: { x: 1 } }),
    TENSORS,
  );
}

/** The file bytes for a header (object, or raw bytes) and a data section, written by hand. */
function craft(
  header: unknown,
  data: Float32Array = new Float32Array(0),
  opts: { rawHeader?: Uint8Array; headerLength?: number; magic?: string } = {},
): Uint8Array {
  const headerBytes = opts.rawHeader ?? new TextEncoder().encode(JSON.stringify(header));
  const dataStart = (12 + headerBytes.length + 3) & ~3;
  const out = new Uint8Array(dataStart + data.length * 4);
  out.set(new TextEncoder().encode(opts.magic ?? KIND.magic), 0);
  const view = new DataView(out.buffer);
  view.setUint32(8, opts.headerLength ?? headerBytes.length, true);
  out.set(headerBytes, 12);
  data.forEach((v, i) => {
    view.setFloat32(dataStart + i * 4, v, true);
  });
  return out;
}

/** Entries packed one after another, as the writer places them. */
function entries(specs: Array<[string, number[]]>): TensorEntry[] {
  let offset = 0;
  return specs.map(([name, shape]) => {
    const length = shape.reduce((a, b) => a * b, 1);
    const e: TensorEntry = { name, shape, dtype: 'float32', offset, length };
    offset += length * 4;
    return e;
  });
}

const header = (overrides: Record<string, unknown> = {}) => ({
  format: KIND.format,
  version: KIND.version,
  tensors: entries([
    ['a', [2, 3]],
    ['b', [1]],
  ]),
  ...overrides,
});

const read = (bytes: Uint8Array, checkFinite = true) =>
  readTensors(openContainer(bytes, KIND), { checkFinite });

/** `f` must throw a TestFileError, prefixed as the kind's class does, whose message matches. */
function expectError(f: () => unknown, message: RegExp): void {
  expect(f).toThrow(TestFileError);
  expect(f).toThrow(/^test file: /);
  expect(f).toThrow(message);
}

const expectReadError = (bytes: Uint8Array, message: RegExp) =>
  expectError(() => read(bytes), message);

describe('writeContainer', () => {
  it('writes the documented layout, the header keys in the order the kind gives them', () => {
    const bytes = validFile();
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe('GATESTF1');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const h = view.getUint32(8, true);
    const text = new TextDecoder().decode(bytes.subarray(12, 12 + h));
    expect(text.startsWith('{"format":"gradient-arcade-test","version":3,"tensors":[')).toBe(true);
    expect(text.endsWith(',"meta":{"x":1}}')).toBe(true);
    const parsed = JSON.parse(text) as { tensors: TensorEntry[] };
    expect(parsed.tensors).toEqual([
      { name: 'a', shape: [2, 3], dtype: 'float32', offset: 0, length: 6 },
      { name: 'b', shape: [1], dtype: 'float32', offset: 24, length: 1 },
      { name: 'empty', shape: [0, 4], dtype: 'float32', offset: 28, length: 0 },
    ]);
    const dataStart = (12 + h + 3) & ~3;
    for (let i = 12 + h; i < dataStart; i++) expect(bytes[i]).toBe(0);
    expect(bytes.length).toBe(dataStart + 28);
    expect(view.getFloat32(dataStart + 5 * 4, true)).toBe(6);
    expect(view.getFloat32(dataStart + 24, true)).toBe(-0.5);
  });

  it('refuses a magic that is not 8 bytes', () => {
    expect(() => writeContainer({ ...KIND, magic: 'SHORT' }, () => ({}), [])).toThrow(
      /magic must be 8 bytes/,
    );
  });
});

describe('reading a valid file', () => {
  it('gives back the header and every tensor, bit for bit', () => {
    const opened = openContainer(validFile(), KIND);
    expect(opened.header.format).toBe(KIND.format);
    expect(headerMeta(opened.header)).toEqual({ x: 1 });
    const tensors = readTensors(opened, { checkFinite: true });
    expect([...tensors.keys()]).toEqual(['a', 'b', 'empty']);
    for (const t of TENSORS) {
      expect(tensors.get(t.name)!.shape).toEqual(t.shape);
      expect(Array.from(tensors.get(t.name)!.values)).toEqual(Array.from(t.values));
    }
  });

  it('works on a view into a larger buffer', () => {
    const file = validFile();
    const padded = new Uint8Array(file.length + 7);
    padded.set(file, 3);
    const tensors = read(padded.subarray(3, 3 + file.length));
    expect(Array.from(tensors.get('b')!.values)).toEqual([-0.5]);
  });

  it('reads a meta that is missing or not an object as none', () => {
    expect(headerMeta({})).toEqual({});
    expect(headerMeta({ meta: null })).toEqual({});
    expect(headerMeta({ meta: [1, 2] })).toEqual({});
    expect(headerMeta({ meta: 'note' })).toEqual({});
  });
});

describe('openContainer refuses', () => {
  it('a file too short to hold the header length, with the kind and its article', () => {
    expectError(
      () => openContainer(new Uint8Array(11), KIND),
      /^test file: 11 bytes is too short to be an ostrich file$/,
    );
    expectError(
      () => openContainer(new Uint8Array(0), { ...KIND, noun: 'model', article: 'a' }),
      /0 bytes is too short to be a model file/,
    );
  });

  it('a wrong magic', () => {
    expectError(
      () => openContainer(craft(header(), undefined, { magic: 'GATESTF2' }), KIND),
      /not a Gradient Arcade ostrich \(expected "GATESTF1" at the start, found "GATESTF2"\)/,
    );
  });

  it('a header length beyond the file or beyond any header', () => {
    expectError(
      () => openContainer(craft(header(), undefined, { headerLength: 5000 }), KIND),
      /header length 5000 does not fit in a file of \d+ bytes \(truncated\?\)/,
    );
    const huge = new Uint8Array(12 + (1 << 20) + 1);
    huge.set(new TextEncoder().encode(KIND.magic));
    new DataView(huge.buffer).setUint32(8, (1 << 20) + 1, true);
    expectError(() => openContainer(huge, KIND), /header length 1048577 does not fit/);
  });

  it('a header that is not JSON, or not UTF-8', () => {
    expectError(
      () =>
        openContainer(craft(null, undefined, { rawHeader: new TextEncoder().encode('{') }), KIND),
      /header is not valid JSON/,
    );
    expectError(
      () =>
        openContainer(craft(null, undefined, { rawHeader: Uint8Array.from([0x7b, 0xff]) }), KIND),
      /header is not valid JSON/,
    );
  });

  it('a header that is not an object, or of another format', () => {
    for (const h of [null, [1, 2], 'text', 7]) {
      expectError(
        () => openContainer(craft(h), KIND),
        /header format must be "gradient-arcade-test" \(the header is not an object\)/,
      );
    }
    expectError(
      () => openContainer(craft(header({ format: 'gradient-arcade-model' })), KIND),
      /header format must be "gradient-arcade-test"$/,
    );
  });

  it('another version', () => {
    expectError(
      () => openContainer(craft(header({ version: 4 })), KIND),
      /version 4 is not supported \(this build reads version 3\)/,
    );
    expectError(() => openContainer(craft(header({ version: '3' })), KIND), /version 3 is not/);
  });
});

describe('readTensors refuses', () => {
  const data = Float32Array.from([1, 2, 3, 4, 5, 6, 7]);

  it('a header without a tensor list', () => {
    expectReadError(craft(header({ tensors: { a: 1 } })), /header has no tensor list/);
  });

  it('entries that are not objects, unnamed, repeated or of another dtype', () => {
    expectReadError(craft(header({ tensors: [null] })), /a tensor entry is null, not an object/);
    expectReadError(craft(header({ tensors: [[1]] })), /a tensor entry is \[1\], not an object/);
    const [a, b] = entries([
      ['a', [2, 3]],
      ['b', [1]],
    ]);
    expectReadError(craft(header({ tensors: [a, { ...b, name: '' }] }), data), /has no name/);
    expectReadError(craft(header({ tensors: [a, { ...b, name: 4 }] }), data), /has no name/);
    expectReadError(craft(header({ tensors: [a, { ...b, name: 'a' }] }), data), /a appears twice/);
    expectReadError(
      craft(header({ tensors: [a, { ...b, dtype: 'int32' }] }), data),
      /tensor b has dtype "int32"; only float32 is supported/,
    );
  });

  it('bad shapes, lengths and offsets', () => {
    const [a, b] = entries([
      ['a', [2, 3]],
      ['b', [1]],
    ]);
    expectReadError(
      craft(header({ tensors: [{ ...a, shape: [2, 1.5] }, b] }), data),
      /tensor a has an invalid shape \[2,1.5\]/,
    );
    expectReadError(
      craft(header({ tensors: [{ ...a, shape: 6 }, b] }), data),
      /tensor a has an invalid shape 6/,
    );
    expectReadError(
      craft(header({ tensors: [{ ...a, length: 5 }, b] }), data),
      /tensor a: length 5 does not match shape \[2,3\]/,
    );
    for (const offset of [-4, 2, '0', null])
      expectReadError(
        craft(header({ tensors: [a, { ...b, offset }] }), data),
        new RegExp(`tensor b has an invalid offset ${String(offset)}$`),
      );
  });

  it('a truncated data section', () => {
    expectReadError(
      craft(header(), data.subarray(0, 6)),
      /tensor b needs bytes 24\.\.28 but the data section has 24 \(truncated\?\)/,
    );
  });

  it('overlapping tensors and trailing bytes', () => {
    const [a, b] = entries([
      ['a', [2, 3]],
      ['b', [1]],
    ]);
    expectReadError(
      craft(header({ tensors: [a, { ...b, offset: 20 }] }), data),
      /tensor b overlaps the tensor before it in the data section/,
    );
    expectReadError(
      craft(header(), Float32Array.from([...data, 0, 0])),
      /8 trailing bytes after the last tensor/,
    );
    // Unused bytes before or between tensors are allowed: only the end must match.
    const gap = read(
      craft(header({ tensors: [a, { ...b, offset: 32 }] }), Float32Array.from([...data, 0, 9])),
    );
    expect(Array.from(gap.get('b')!.values)).toEqual([9]);
  });

  it('non-finite values when asked to, and reads them as they are otherwise', () => {
    const nan = data.slice();
    nan[4] = Number.NaN;
    expectReadError(craft(header(), nan), /tensor a holds a non-finite value \(NaN\) at index 4/);
    const inf = data.slice();
    inf[6] = Number.POSITIVE_INFINITY;
    expectReadError(
      craft(header(), inf),
      /tensor b holds a non-finite value \(Infinity\) at index 0/,
    );
    const tensors = read(craft(header(), nan), false);
    expect(Number.isNaN(tensors.get('a')!.values[4])).toBe(true);
  });
});

describe('checkTensors', () => {
  const stored = (specs: Array<[string, number[], number[]]>) =>
    new Map<string, StoredTensor>(
      specs.map(([name, shape, values]) => [name, { shape, values: Float32Array.from(values) }]),
    );
  const expected = [
    { name: 'w', shape: [2, 1] },
    { name: 'b', shape: [1] },
  ];

  it('passes the tensors an owner needs, and no others', () => {
    expect(() =>
      checkTensors(
        KIND,
        stored([
          ['w', [2, 1], [1, 2]],
          ['b', [1], [0]],
        ]),
        expected,
        { owner: 'net', checkFinite: true },
      ),
    ).not.toThrow();
  });

  it('reports every problem at once, naming the owner', () => {
    expectError(
      () =>
        checkTensors(
          KIND,
          stored([
            ['w', [1, 2], [1, Number.NaN]],
            ['extra', [1], [0]],
          ]),
          expected,
          { owner: 'agent', checkFinite: true },
        ),
      /^test file: tensor w has shape \[1,2\], the agent needs \[2,1\]; tensor w holds a non-finite value \(NaN\) at index 1; missing tensor b \[1\]; unexpected tensor extra$/,
    );
  });

  it('leaves non-finite values alone without checkFinite', () => {
    expect(() =>
      checkTensors(
        KIND,
        stored([
          ['w', [2, 1], [Number.NaN, 0]],
          ['b', [1], [0]],
        ]),
        expected,
        { owner: 'net', checkFinite: false },
      ),
    ).not.toThrow();
  });
});
