/**
 * Vision model files (".gav"): a vision net's config and weights in the container of
 * src/nn/container.ts (magic "GAVISIO1"), the same checks as the book nets' ".gam" files:
 * magic, lengths, JSON, the config (checked before anything is built, so a crafted size
 * cannot make us allocate), every tensor's name, shape and finiteness against the net.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  type ContainerKind,
  checkTensors,
  type FileMeta,
  headerMeta,
  openContainer,
  readTensors,
  type TensorEntry,
  writeContainer,
} from '../nn/container';
import { checkGridDetectorConfig, type GridDetectorConfig } from './detector/grid-config';
import { GridDetector } from './detector/grid-detector';
import { FcnSegmenter } from './segmenter/fcn';
import { checkFcnConfig, type FcnConfig } from './segmenter/fcn-config';
import type { VisionNet } from './train/vision-tasks';
import type { VisionConfig, VisionModel } from './vision-model';

const FORMAT = 'gradient-arcade-vision-model';
const VERSION = 1;
/** The largest net a file may describe (the shipped ones hold well under a million). */
export const MAX_VISION_PARAMETERS = 20_000_000;

export class VisionModelFileError extends Error {
  constructor(message: string) {
    super(`vision model file: ${message}`);
    this.name = 'VisionModelFileError';
  }
}

const VISION_FILE: ContainerKind = {
  magic: 'GAVISIO1',
  format: FORMAT,
  version: VERSION,
  noun: 'vision model',
  article: 'a',
  error: (message) => new VisionModelFileError(message),
};

export type VisionMeta = FileMeta;

/** Builds the net a config describes, with fresh weights from `seed`. */
export function createVisionModel(config: VisionConfig, seed: number): VisionNet {
  return config.kind === 'grid-detector'
    ? new GridDetector(config, seed)
    : new FcnSegmenter(config, seed);
}

/** A rough upper bound of a config's parameters: 3x3 convolutions between the widest stages. */
function boundParameters(stageChannels: readonly number[]): void {
  const widest = Math.max(...stageChannels);
  if (4 * widest * widest * 9 * (stageChannels.length * 2 + 1) > MAX_VISION_PARAMETERS)
    throw new Error(`a net this wide would exceed ${MAX_VISION_PARAMETERS} parameters`);
}

export function checkVisionConfig(raw: unknown): VisionConfig {
  if (typeof raw !== 'object' || raw === null) throw new Error('config must be an object');
  const kind = (raw as { kind?: unknown }).kind;
  if (kind === 'grid-detector') {
    const c = raw as GridDetectorConfig;
    checkGridDetectorConfig(c);
    boundParameters(c.stageChannels);
    return {
      kind: 'grid-detector',
      inputSize: [c.inputSize[0], c.inputSize[1]],
      stageChannels: [...c.stageChannels],
      classes: c.classes,
      ...(c.boxCoding === 'log' ? { boxCoding: 'log' as const } : {}),
    };
  }
  if (kind === 'fcn') {
    const c = raw as FcnConfig;
    checkFcnConfig(c);
    boundParameters(c.stageChannels);
    return {
      kind: 'fcn',
      inputSize: [c.inputSize[0], c.inputSize[1]],
      stageChannels: [...c.stageChannels],
      classes: c.classes,
      ...(c.firstStride === 2 ? { firstStride: 2 as const } : {}),
    };
  }
  throw new Error(`unknown vision model kind ${JSON.stringify(kind)}`);
}

export async function saveVisionModel(
  model: VisionModel,
  meta: VisionMeta = {},
): Promise<Uint8Array> {
  const tensors: Array<{ name: string; shape: number[]; values: Float32Array }> = [];
  for (const [name, v] of model.params)
    tensors.push({ name, shape: [...v.shape], values: (await v.data()) as Float32Array });
  return writeContainer(
    VISION_FILE,
    (entries: TensorEntry[]) => ({
      format: FORMAT,
      version: VERSION,
      config: model.config,
      tensors: entries,
      meta,
    }),
    tensors,
  );
}

/** Builds the net a file describes and loads its weights; on any error nothing is left allocated. */
export function loadVisionModel(bytes: Uint8Array): { model: VisionNet; meta: VisionMeta } {
  const opened = openContainer(bytes, VISION_FILE);
  let config: VisionConfig;
  try {
    config = checkVisionConfig(opened.header.config);
  } catch (e) {
    throw new VisionModelFileError((e as Error).message);
  }
  const stored = readTensors(opened, { checkFinite: false });
  const model = createVisionModel(config, 0);
  try {
    const expected = [...model.params];
    checkTensors(
      VISION_FILE,
      stored,
      expected.map(([name, v]) => ({ name, shape: v.shape })),
      {
        owner: 'net',
        checkFinite: true,
      },
    );
    tf.tidy(() => {
      for (const [name, v] of expected)
        v.assign(tf.tensor((stored.get(name) as { values: Float32Array }).values, v.shape));
    });
  } catch (e) {
    model.dispose();
    throw e;
  }
  return { model, meta: headerMeta(opened.header) };
}
