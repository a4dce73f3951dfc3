/**
 * Model files: a net's config and weights in one binary file (".gam"), in the container of
 * src/nn/container.ts with magic "GAMODEL1" and the JSON header
 *
 *   { format: "gradient-arcade-model", version: 1, config: NetConfig,
 *     tensors: [{ name, shape, dtype: "float32", offset, length }], meta: {...} }
 *
 * Loading trusts nothing: magic, lengths, JSON, config, and every tensor's name, shape, dtype,
 * bounds and values (finite) are checked against the net the config builds, and the error
 * says exactly what is wrong.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  type ContainerKind,
  checkTensors,
  type FileMeta,
  headerMeta,
  openContainer,
  readTensorList,
  type StoredTensor,
  type TensorEntry,
  writeContainer,
} from './container';
import { createNet } from './nets';
import type { NetConfig } from './nets/config';
import type { SequentialNet } from './nets/net';
import { parseNetConfig } from './nets/parse-config';

const FORMAT = 'gradient-arcade-model';
const VERSION = 1;

export class ModelFileError extends Error {
  constructor(message: string) {
    super(`model file: ${message}`);
    this.name = 'ModelFileError';
  }
}

const MODEL_FILE: ContainerKind = {
  magic: 'GAMODEL1',
  format: FORMAT,
  version: VERSION,
  noun: 'model',
  article: 'a',
  error: (message) => new ModelFileError(message),
};

/** Free-form facts saved beside the weights (how it was trained, its accuracy...). */
export type ModelMeta = FileMeta;

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
  const tensors: Array<{ name: string; shape: number[]; values: Float32Array }> = [];
  for (const [name, v] of savedTensors(net))
    tensors.push({ name, shape: [...v.shape], values: (await v.data()) as Float32Array });
  return writeContainer(
    MODEL_FILE,
    (entries): Header => ({
      format: FORMAT,
      version: VERSION,
      config: net.config,
      tensors: entries,
      meta,
    }),
    tensors,
  );
}

export interface ParsedModel {
  config: NetConfig;
  meta: ModelMeta;
  tensors: Map<string, StoredTensor>;
  /**
   * What is wrong with the tensors' layout in the file (then no values were read); see
   * readTensorList. Absent for tensors that come from memory, not from a file.
   */
  layoutProblem?: string | null;
}

/** The largest model file read: far above the book's nets (DeepConvNet is under 2 MB). */
export const MAX_MODEL_FILE_BYTES = 256 * 2 ** 20;

/** Read and check the file structure (not yet against a net). */
export function parseModelFile(bytes: Uint8Array): ParsedModel {
  const opened = openContainer(bytes, MODEL_FILE);
  let config: NetConfig;
  try {
    config = parseNetConfig(opened.header.config);
  } catch (e) {
    throw new ModelFileError((e as Error).message);
  }
  // Non-finite values are left to assignWeights, which reports them with the shape problems.
  const { tensors, layoutProblem } = readTensorList(opened, { checkFinite: false });
  return { config, meta: headerMeta(opened.header), tensors, layoutProblem };
}

/**
 * Copy checked weights into `net`. Every tensor the net has must be in the file with the
 * same shape and finite values; the file may hold nothing else. On any error the net is
 * left exactly as it was.
 */
export function assignWeights(net: SequentialNet, parsed: ParsedModel): void {
  const expected = savedTensors(net);
  checkTensors(
    MODEL_FILE,
    parsed.tensors,
    expected.map(([name, v]) => ({ name, shape: v.shape })),
    { owner: 'net', checkFinite: true, layoutProblem: parsed.layoutProblem },
  );
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
