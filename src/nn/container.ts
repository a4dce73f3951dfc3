/**
 * The binary container of model files (".gam", src/nn/serialize.ts) and agent files (".gaa",
 * src/rl/agent-file.ts):
 *
 *   bytes 0..7    8 ASCII magic bytes                   (file kind and format version)
 *   bytes 8..11   header length H, uint32 little-endian
 *   bytes 12..    H bytes of UTF-8 JSON header, an object with at least
 *                 { format, version, tensors: [{ name, shape, dtype: "float32", offset, length }] }
 *   then zero padding to a multiple of 4 bytes, then the data section: every tensor's values
 *   as float32 little-endian, at `offset` bytes from the start of the data section.
 *
 * Reading trusts nothing: magic, lengths, JSON, format, version, and every tensor entry's
 * name, dtype, shape, length, offset and bounds; the data section must be covered exactly,
 * without overlaps. Errors come from the file kind's own error class, so each kind keeps its
 * messages ("model file: ...", "agent file: ...").
 */

/** One kind of file in this container. */
export interface ContainerKind {
  /** 8 ASCII characters. */
  magic: string;
  /** The header's `format` field. */
  format: string;
  /** The only header `version` this build reads. */
  version: number;
  /** What the file holds, for messages: "not a Gradient Arcade model". */
  noun: string;
  /** The article before "<noun> file": "too short to be an agent file". */
  article: 'a' | 'an';
  /** Makes the kind's error (its class adds the "model file: " style prefix). */
  error: (message: string) => Error;
}

/** Free-form facts saved in the header beside the tensors. */
export type FileMeta = Record<string, string | number | boolean | null>;

/** A tensor's entry in the header's tensor list. */
export interface TensorEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
  offset: number;
  length: number;
}

export interface StoredTensor {
  shape: number[];
  values: Float32Array;
}

/** A file's header, checked as far as the container goes, before its tensors are read. */
export interface OpenedContainer {
  kind: ContainerKind;
  header: Record<string, unknown>;
  bytes: Uint8Array;
  dataStart: number;
}

const MAGIC_BYTES = 8;
const HEADER_START = 12;
/** A header larger than this is not a header of ours (and not worth decoding). */
const MAX_HEADER_BYTES = 1 << 20;

const align4 = (n: number) => (n + 3) & ~3;

/** Bytes as text a terminal shows faithfully: printable ASCII as is, the rest as \xNN. */
export function printable(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes)
    out +=
      b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c
        ? String.fromCharCode(b)
        : `\\x${b.toString(16).padStart(2, '0')}`;
  return out;
}

/**
 * The file bytes. `header` gets the tensor list to place in it, so each kind chooses its
 * header's key order (the bytes of the shipped files depend on it).
 */
export function writeContainer(
  kind: ContainerKind,
  header: (tensors: TensorEntry[]) => object,
  tensors: Array<{ name: string; shape: number[]; values: Float32Array }>,
): Uint8Array {
  const magic = new TextEncoder().encode(kind.magic);
  // A longer magic would overwrite the header length.
  if (magic.length !== MAGIC_BYTES) throw new Error(`magic must be 8 bytes: "${kind.magic}"`);
  const entries: TensorEntry[] = [];
  let offset = 0;
  for (const t of tensors) {
    entries.push({
      name: t.name,
      shape: t.shape,
      dtype: 'float32',
      offset,
      length: t.values.length,
    });
    offset += t.values.length * 4;
  }
  const headerBytes = new TextEncoder().encode(JSON.stringify(header(entries)));
  const dataStart = align4(HEADER_START + headerBytes.length);
  const out = new Uint8Array(dataStart + offset);
  out.set(magic, 0);
  const view = new DataView(out.buffer);
  view.setUint32(MAGIC_BYTES, headerBytes.length, true);
  out.set(headerBytes, HEADER_START);
  tensors.forEach((t, i) => {
    const base = dataStart + entries[i].offset;
    for (let j = 0; j < t.values.length; j++) view.setFloat32(base + j * 4, t.values[j], true);
  });
  return out;
}

/** Check the magic, the header length, the header JSON, its format and its version. */
export function openContainer(bytes: Uint8Array, kind: ContainerKind): OpenedContainer {
  const fail = kind.error;
  if (bytes.length < HEADER_START)
    throw fail(`${bytes.length} bytes is too short to be ${kind.article} ${kind.noun} file`);
  const found = bytes.subarray(0, MAGIC_BYTES);
  if (printable(found) !== kind.magic)
    throw fail(
      `not a Gradient Arcade ${kind.noun} (expected "${kind.magic}" at the start, found "${printable(found)}")`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(MAGIC_BYTES, true);
  if (headerLength > MAX_HEADER_BYTES || HEADER_START + headerLength > bytes.length)
    throw fail(
      `header length ${headerLength} does not fit in a file of ${bytes.length} bytes (truncated?)`,
    );
  let header: unknown;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(
        bytes.subarray(HEADER_START, HEADER_START + headerLength),
      ),
    );
  } catch (e) {
    throw fail(`header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    throw fail(`header format must be "${kind.format}" (the header is not an object)`);
  const h = header as Record<string, unknown>;
  if (h.format !== kind.format) throw fail(`header format must be "${kind.format}"`);
  if (h.version !== kind.version)
    throw fail(
      `version ${String(h.version)} is not supported (this build reads version ${kind.version})`,
    );
  return { kind, header: h, bytes, dataStart: align4(HEADER_START + headerLength) };
}

const nonFinite = (name: string, x: number, index: number) =>
  `tensor ${name} holds a non-finite value (${x}) at index ${index}`;

/** The tensors of a file, and what is wrong with their layout in the data section. */
export interface TensorList {
  tensors: Map<string, StoredTensor>;
  /**
   * Null when the tensors cover the data section exactly. Otherwise why not, and then no
   * value was read (every tensor's `values` is empty): the owner's shape check says first
   * whether a wrong shape is the cause (see `checkTensors`).
   */
  layoutProblem: string | null;
}

/**
 * Read the tensors the header lists: each entry checked (name, dtype, shape, length, offset),
 * then their layout (inside the data section, no overlaps, nothing after them), and only
 * then their values, so nothing is allocated for a tensor the file cannot hold.
 * `checkFinite` refuses NaN and infinities here; a kind that reports them with its other
 * weight problems (see `checkTensors`) leaves it off.
 */
export function readTensorList(
  opened: OpenedContainer,
  { checkFinite }: { checkFinite: boolean },
): TensorList {
  const { header: h, bytes, dataStart } = opened;
  const fail = opened.kind.error;
  if (!Array.isArray(h.tensors)) throw fail('header has no tensor list');
  const dataBytes = bytes.length - dataStart;
  const entries: Array<{ name: string; shape: number[]; offset: number; size: number }> = [];
  const names = new Set<string>();
  for (const raw of h.tensors as unknown[]) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw fail(`a tensor entry is ${JSON.stringify(raw)}, not an object`);
    const t = raw as Partial<TensorEntry>;
    const name = typeof t.name === 'string' && t.name.length > 0 ? t.name : null;
    if (!name) throw fail('a tensor entry has no name');
    if (names.has(name)) throw fail(`tensor ${name} appears twice`);
    names.add(name);
    if (t.dtype !== 'float32')
      throw fail(`tensor ${name} has dtype ${JSON.stringify(t.dtype)}; only float32 is supported`);
    if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isInteger(d) && d >= 0))
      throw fail(`tensor ${name} has an invalid shape ${JSON.stringify(t.shape)}`);
    const size = t.shape.reduce((a: number, b: number) => a * b, 1);
    if (t.length !== size)
      throw fail(`tensor ${name}: length ${String(t.length)} does not match shape [${t.shape}]`);
    const offset = t.offset;
    if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset % 4 !== 0)
      throw fail(`tensor ${name} has an invalid offset ${String(offset)}`);
    entries.push({ name, shape: t.shape, offset, size });
  }
  const layoutProblem = layoutOf(entries, dataBytes);
  const tensors = new Map<string, StoredTensor>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const { name, shape, offset, size } of entries) {
    if (layoutProblem) {
      tensors.set(name, { shape, values: new Float32Array(0) });
      continue;
    }
    const values = new Float32Array(size);
    for (let j = 0; j < size; j++) {
      const x = view.getFloat32(dataStart + offset + j * 4, true);
      if (checkFinite && !Number.isFinite(x)) throw fail(nonFinite(name, x, j));
      values[j] = x;
    }
    tensors.set(name, { shape, values });
  }
  return { tensors, layoutProblem };
}

/** Why the tensors do not cover the data section exactly, or null when they do. */
function layoutOf(
  entries: ReadonlyArray<{ name: string; shape: number[]; offset: number; size: number }>,
  dataBytes: number,
): string | null {
  for (const { name, offset, size } of entries)
    if (offset + size * 4 > dataBytes)
      return `tensor ${name} needs bytes ${offset}..${offset + size * 4} but the data section has ${dataBytes} (truncated?)`;
  const spans = entries
    .map((e) => [e.offset, e.offset + e.size * 4, e.name] as const)
    .sort((a, b) => a[0] - b[0]);
  let end = 0;
  for (const [start, stop, name] of spans) {
    if (start < end) return `tensor ${name} overlaps the tensor before it in the data section`;
    end = stop;
  }
  if (end !== dataBytes)
    return `${dataBytes - end} trailing bytes after the last tensor (a damaged or mismatched file?)`;
  return null;
}

/** `readTensorList` for kinds that check no shapes of their own: a layout problem throws. */
export function readTensors(
  opened: OpenedContainer,
  { checkFinite }: { checkFinite: boolean },
): Map<string, StoredTensor> {
  const { tensors, layoutProblem } = readTensorList(opened, { checkFinite });
  if (layoutProblem) throw opened.kind.error(layoutProblem);
  return tensors;
}

/**
 * Check the file's tensors against those its owner (a net, an agent) needs: each present
 * with the same shape (and finite values with `checkFinite`), nothing else. Every problem is
 * reported in one error, so a mismatched file says all that is wrong at once. A layout
 * problem of `readTensorList` is reported only when every shape is right: a wrong shape
 * also breaks the layout, and the shape is what the reader should hear about.
 */
export function checkTensors(
  kind: ContainerKind,
  tensors: Map<string, StoredTensor>,
  expected: Array<{ name: string; shape: readonly number[] }>,
  {
    owner,
    checkFinite,
    layoutProblem = null,
  }: { owner: string; checkFinite: boolean; layoutProblem?: string | null },
): void {
  const problems: string[] = [];
  for (const { name, shape } of expected) {
    const t = tensors.get(name);
    if (!t) {
      problems.push(`missing tensor ${name} [${shape}]`);
      continue;
    }
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i]))
      problems.push(`tensor ${name} has shape [${t.shape}], the ${owner} needs [${shape}]`);
    if (checkFinite) {
      const bad = t.values.findIndex((x) => !Number.isFinite(x));
      if (bad >= 0) problems.push(nonFinite(name, t.values[bad], bad));
    }
  }
  const names = new Set(expected.map((e) => e.name));
  for (const name of tensors.keys())
    if (!names.has(name)) problems.push(`unexpected tensor ${name}`);
  if (problems.length > 0) throw kind.error(problems.join('; '));
  // The shapes are right, so the layout is what is wrong.
  if (layoutProblem) throw kind.error(layoutProblem);
}

/** The header's `meta` object; anything else there reads as no meta. */
export function headerMeta(header: Record<string, unknown>): FileMeta {
  const m = header.meta;
  return typeof m === 'object' && m !== null && !Array.isArray(m) ? (m as FileMeta) : {};
}
