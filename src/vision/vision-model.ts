/**
 * What every vision net offers the trainer, the worker, the CLI and the model files: its
 * config, its named parameters, a forward for inference and the book's `gradient`.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { GridDetectorConfig } from './detector/grid-config';
import type { FcnConfig } from './segmenter/fcn-config';

export type VisionConfig = GridDetectorConfig | FcnConfig;

export interface VisionModel {
  readonly config: VisionConfig;
  readonly params: ReadonlyMap<string, tf.Variable>;
  readonly parameterCount: number;
  dispose(): void;
}
