/**
 * Model files: a net's config and weights in one binary file (".gam").
 *
 *   bytes 0..7    ASCII "GAMODEL1"                      (magic and format version)
 *   bytes 8..11   header length H, uint32 little-endian
 *   bytes 12..    H bytes of UTF-8 JSON header:
 *                 { format: "gradient-arcade-model", version: 1, config: NetConfig,
 *                   tensors: [{ name, shape, dtype: "float32", offset, length }], meta: {...} }
 *   then zero padding to a multiple of 4 bytes, then the data section: every tensor's values
 *   as float32 little-endian, at `offset` bytes from the start of the data section.
 *
 * Loading trusts nothing: magic, lengths, JSON, config, and every tensor's name, shape, dtype,
 * bounds and values (finite) are checked against the net the config builds, and the error
 * says exactly what is wrong.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createNet } from './nets';
import type { NetConfig } from './nets/config';
import type { SequentialNet } from './nets/net';
import { parseNetConfig } from './nets/parse-config';

const MAGIC = 'GAMODEL1';
const FORMAT = 'gradient-arcade-model';
const VERSION = 1;
/** A header larger than this is not a model header. */
const MAX_HEADER_BYTES = 1 << 20;

export class ModelFileError extends Error {
  constructor(message: string) {
    super(`model file: ${message}`);
    this.name = 'ModelFileError';
  }
}

/** Free-form facts saved beside the weights (how it was trained, its accuracy...). */
export type ModelMeta = Record<string, string | number | boolean | null>;

interface TensorEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
  offset: number;
  length: number;
}

interface Header {
  format: typeof FORMAT;
  version: number;
  config: NetConfig;
  tensors: TensorEntry[];
  meta: ModelMeta;
}

/** All tensors a net saves: trainable parameters, then state (batch-norm statistics). */
function savedTensors(net: SequentialNet): Array<[string, tf.Variable]> {
  return [...net.params, ...net.state];
}

/** Serialise a net to the model file bytes. */
export async function saveModel(net: SequentialNet, meta: ModelMeta = {}): Promise<Uint8Array> {
  const tensors: TensorEntry[] = [];
  const chunks: Float32Array[] = [];
  let offset = 0;
  for (const [name, v] of savedTensors(net)) {
    const values = (await v.data()) as Float32Array;
    tensors.push({ name, shape: [...v.shape], dtype: 'float32', offset, length: values.length });
    chunks.push(values);
    offset += values.length * 4;
  }
  const header: Header = { format: FORMAT, version: VERSION, config: net.config, tensors, meta };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = align4(12 + headerBytes.length);
  const out = new Uint8Array(dataStart + offset);
  out.set(new TextEncoder().encode(MAGIC), 0);
  const view = new DataView(out.buffer);
  view.setUint32(8, headerBytes.length, true);
  out.set(headerBytes, 12);
  tensors.forEach((t, i) => {
    const values = chunks[i];
    for (let j = 0; j < values.length; j++)
      view.setFloat32(dataStart + t.offset + j * 4, values[j], true);
  });
  return out;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

export interface ParsedModel {
  config: NetConfig;
  meta: ModelMeta;
  tensors: Map<string, { shape: number[]; values: Float32Array }>;
}

/** Read and check the file structure (not yet against a net). */
export function parseModelFile(bytes: Uint8Array): ParsedModel {
  if (bytes.length < 12)
    throw new ModelFileError(`${bytes.length} bytes is too short to be a model file`);
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== MAGIC)
    throw new ModelFileError(
      `not a Gradient Arcade model (expected "${MAGIC}" at the start, found ${JSON.stringify(magic)})`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  if (headerLength > MAX_HEADER_BYTES || 12 + headerLength > bytes.length) {
    throw new ModelFileError(
      `header length ${headerLength} does not fit in a file of ${bytes.length} bytes (truncated?)`,
    );
  }
  let header: unknown;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(12, 12 + headerLength)),
    );
  } catch (e) {
    throw new ModelFileError(`header is not valid JSON (${(e as Error).message})`);
  }
  const h = header as Partial<Header>;
  if (typeof h !== 'object' || h === null || h.format !== FORMAT)
    throw new ModelFileError(`header format must be "${FORMAT}"`);
  if (h.version !== VERSION)
    throw new ModelFileError(
      `version ${String(h.version)} is not supported (this build reads version ${VERSION})`,
    );
  let config: NetConfig;
  try {
    config = parseNetConfig(h.config);
  } catch (e) {
    throw new ModelFileError((e as Error).message);
  }
  if (!Array.isArray(h.tensors)) throw new ModelFileError('header has no tensor list');
  const dataStart = align4(12 + headerLength);
  const dataBytes = bytes.length - dataStart;
  const tensors = new Map<string, { shape: number[]; values: Float32Array }>();
  const spans: Array<[number, number, string]> = [];
  for (const raw of h.tensors as unknown[]) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new ModelFileError(`a tensor entry is ${JSON.stringify(raw)}, not an object`);
    }
    const t = raw as Partial<TensorEntry>;
    const name = typeof t.name === 'string' ? t.name : null;
    if (!name) throw new ModelFileError('a tensor entry has no name');
    if (tensors.has(name)) throw new ModelFileError(`tensor ${name} appears twice`);
    if (t.dtype !== 'float32')
      throw new ModelFileError(
        `tensor ${name} has dtype ${JSON.stringify(t.dtype)}; only float32 is supported`,
      );
    if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new ModelFileError(`tensor ${name} has an invalid shape ${JSON.stringify(t.shape)}`);
    }
    const size = t.shape.reduce((a: number, b: number) => a * b, 1);
    if (t.length !== size)
      throw new ModelFileError(
        `tensor ${name}: length ${String(t.length)} does not match shape [${t.shape}]`,
      );
    if (!Number.isInteger(t.offset) || (t.offset as number) < 0 || (t.offset as number) % 4 !== 0) {
      throw new ModelFileError(`tensor ${name} has an invalid offset ${String(t.offset)}`);
    }
    const offset = t.offset as number;
    if (offset + size * 4 > dataBytes) {
      throw new ModelFileError(
        `tensor ${name} needs bytes ${offset}..${offset + size * 4} but the data section has ${dataBytes} (truncated?)`,
      );
    }
    const values = new Float32Array(size);
    for (let j = 0; j < size; j++) values[j] = view.getFloat32(dataStart + offset + j * 4, true);
    tensors.set(name, { shape: t.shape, values });
    spans.push([offset, offset + size * 4, name]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  let end = 0;
  for (const [start, stop, name] of spans) {
    if (start < end)
      throw new ModelFileError(`tensor ${name} overlaps the tensor before it in the data section`);
    end = stop;
  }
  if (end !== dataBytes) {
    throw new ModelFileError(
      `${dataBytes - end} trailing bytes after the last tensor (a damaged or mismatched file?)`,
    );
  }
  const meta: ModelMeta =
    typeof h.meta === 'object' && h.meta !== null ? (h.meta as ModelMeta) : {};
  return { config, meta, tensors };
}

/**
 * Copy checked weights into `net`. Every tensor the net has must be in the file with the
 * same shape and finite values; the file may hold nothing else. On any error the net is
 * left exactly as it was.
 */
export function assignWeights(net: SequentialNet, parsed: ParsedModel): void {
  const expected = savedTensors(net);
  const problems: string[] = [];
  for (const [name, v] of expected) {
    const t = parsed.tensors.get(name);
    if (!t) {
      problems.push(`missing tensor ${name} [${v.shape}]`);
      continue;
    }
    if (t.shape.length !== v.shape.length || t.shape.some((d, i) => d !== v.shape[i])) {
      problems.push(`tensor ${name} has shape [${t.shape}], the net needs [${v.shape}]`);
    }
    const bad = t.values.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0)
      problems.push(`tensor ${name} holds a non-finite value (${t.values[bad]}) at index ${bad}`);
  }
  const names = new Set(expected.map(([n]) => n));
  for (const name of parsed.tensors.keys())
    if (!names.has(name)) problems.push(`unexpected tensor ${name}`);
  if (problems.length > 0) throw new ModelFileError(problems.join('; '));
  tf.tidy(() => {
    for (const [name, v] of expected) {
      const t = parsed.tensors.get(name)!;
      v.assign(tf.tensor(t.values, v.shape));
    }
  });
}

/** Build the net a model file describes, with its weights. */
export function loadModel(bytes: Uint8Array): { net: SequentialNet; meta: ModelMeta } {
  const parsed = parseModelFile(bytes);
  let net: SequentialNet;
  try {
    net = createNet(parsed.config, 0);
  } catch (e) {
    throw new ModelFileError(`its config describes no buildable net: ${(e as Error).message}`);
  }
  try {
    assignWeights(net, parsed);
  } catch (e) {
    net.dispose();
    throw e;
  }
  return { net, meta: parsed.meta };
}
