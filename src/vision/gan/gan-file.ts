/**
 * GAN model files (".gan"): a GAN's config, both nets' weights and the generator's batch-norm
 * statistics, in the container of src/nn/container.ts (magic "GAGANMD1"), with the checks of
 * the vision model files (src/vision/model-file.ts): magic, lengths, JSON, the config checked
 * before anything is built (so a crafted size cannot make us allocate), every tensor's name,
 * shape and finiteness against the nets the config builds, all problems said at once.
 *
 * The discriminator is kept too: a run goes on from a file (--from) only with it.
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
} from '../../nn/container';
import { checkGanConfig, type GanConfig } from './gan-config';
import { Gan } from './gan-model';

const FORMAT = 'gradient-arcade-gan';
const VERSION = 1;
/** The largest GAN file read (the MNIST ones are a few MB). */
export const MAX_GAN_FILE_BYTES = 256 * 2 ** 20;

export class GanFileError extends Error {
  constructor(message: string) {
    super(`GAN file: ${message}`);
    this.name = 'GanFileError';
  }
}

const GAN_FILE: ContainerKind = {
  magic: 'GAGANMD1',
  format: FORMAT,
  version: VERSION,
  noun: 'GAN',
  article: 'a',
  error: (message) => new GanFileError(message),
};

export type GanMeta = FileMeta;

export async function saveGan(gan: Gan, meta: GanMeta = {}): Promise<Uint8Array> {
  const tensors: Array<{ name: string; shape: number[]; values: Float32Array }> = [];
  for (const [name, v] of gan.savedTensors())
    tensors.push({ name, shape: [...v.shape], values: (await v.data()) as Float32Array });
  return writeContainer(
    GAN_FILE,
    (entries: TensorEntry[]) => ({
      format: FORMAT,
      version: VERSION,
      config: gan.config,
      tensors: entries,
      meta,
    }),
    tensors,
  );
}

/** Builds the GAN a file describes with its weights; on any error nothing is left allocated. */
export function loadGan(bytes: Uint8Array): { gan: Gan; meta: GanMeta } {
  const opened = openContainer(bytes, GAN_FILE);
  let config: GanConfig;
  try {
    config = checkGanConfig(opened.header.config);
  } catch (e) {
    throw new GanFileError((e as Error).message);
  }
  const { tensors, layoutProblem } = readTensorList(opened, { checkFinite: false });
  const gan = new Gan(config, 0);
  try {
    const expected = gan.savedTensors();
    checkTensors(
      GAN_FILE,
      tensors,
      expected.map(([name, v]) => ({ name, shape: v.shape })),
      { owner: 'GAN', checkFinite: true, layoutProblem },
    );
    tf.tidy(() => {
      for (const [name, v] of expected)
        v.assign(tf.tensor((tensors.get(name) as { values: Float32Array }).values, v.shape));
    });
  } catch (e) {
    gan.dispose();
    throw e;
  }
  return { gan, meta: headerMeta(opened.header) };
}
