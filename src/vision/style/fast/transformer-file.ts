/**
 * Style transformer files (".gst"): the net's config and weights in the container of
 * src/nn/container.ts (magic "GASTYLE1"), checked as the other model files are: magic,
 * lengths, JSON, the config checked before anything is built (a crafted size cannot make us
 * allocate), every tensor's name, shape and finiteness against the net the config builds, all
 * problems said at once. The meta says which style and how it was trained.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  type ContainerKind,
  checkTensors,
  type FileMeta,
  headerMeta,
  openContainer,
  readTensorList,
  type TensorEntry,
  writeContainer,
} from '../../../nn/container';
import { StyleTransformer } from './style-transformer';
import { checkStyleTransformerConfig, type StyleTransformerConfig } from './transformer-config';

const FORMAT = 'gradient-arcade-style-transformer';
const VERSION = 1;
/** The largest file read (ours are well under a megabyte). */
export const MAX_STYLE_FILE_BYTES = 64 * 2 ** 20;

export class StyleFileError extends Error {
  constructor(message: string) {
    super(`style transformer file: ${message}`);
    this.name = 'StyleFileError';
  }
}

const STYLE_FILE: ContainerKind = {
  magic: 'GASTYLE1',
  format: FORMAT,
  version: VERSION,
  noun: 'style transformer',
  article: 'a',
  error: (message) => new StyleFileError(message),
};

export type StyleFileMeta = FileMeta;

export async function saveStyleTransformer(
  net: StyleTransformer,
  meta: StyleFileMeta = {},
): Promise<Uint8Array> {
  const tensors: Array<{ name: string; shape: number[]; values: Float32Array }> = [];
  for (const [name, v] of net.params)
    tensors.push({ name, shape: [...v.shape], values: (await v.data()) as Float32Array });
  return writeContainer(
    STYLE_FILE,
    (entries: TensorEntry[]) => ({
      format: FORMAT,
      version: VERSION,
      config: net.config,
      tensors: entries,
      meta,
    }),
    tensors,
  );
}

/** Builds the net a file describes with its weights; on any error nothing is left allocated. */
export function loadStyleTransformer(bytes: Uint8Array): {
  net: StyleTransformer;
  meta: StyleFileMeta;
} {
  if (bytes.length > MAX_STYLE_FILE_BYTES)
    throw new StyleFileError(`${bytes.length} bytes; the largest read is ${MAX_STYLE_FILE_BYTES}`);
  const opened = openContainer(bytes, STYLE_FILE);
  let config: StyleTransformerConfig;
  try {
    config = checkStyleTransformerConfig(opened.header.config as StyleTransformerConfig);
  } catch (e) {
    throw new StyleFileError((e as Error).message);
  }
  const { tensors, layoutProblem } = readTensorList(opened, { checkFinite: false });
  const net = new StyleTransformer(config, 0);
  try {
    const expected = [...net.params];
    checkTensors(
      STYLE_FILE,
      tensors,
      expected.map(([name, v]) => ({ name, shape: v.shape })),
      { owner: 'style transformer', checkFinite: true, layoutProblem },
    );
    tf.tidy(() => {
      for (const [name, v] of expected)
        v.assign(tf.tensor((tensors.get(name) as { values: Float32Array }).values, v.shape));
    });
  } catch (e) {
    net.dispose();
    throw e;
  }
  return { net, meta: headerMeta(opened.header) };
}
