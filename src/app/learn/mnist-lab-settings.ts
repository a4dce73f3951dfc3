/** The MNIST lab's settings: the nets' names, the book's starting values, each field's range. */
import type { NetKind } from '../../nn/nets/config';
import type { OptimizerName } from '../../nn/optimizers/optimizer';
import type { NumberRule } from '../field-rules';

export const NET_LABELS: Record<NetKind, string> = {
  'two-layer': 'TwoLayerNet (ch. 5)',
  'multi-layer': 'MultiLayerNet (ch. 6)',
  'multi-layer-extend': 'MultiLayerNetExtend (ch. 6)',
  'simple-conv': 'SimpleConvNet (ch. 7)',
  'deep-conv': 'DeepConvNet (ch. 8)',
};

/** Book-like starting settings per net: what the book trains each one with. */
export const PRESETS: Record<
  NetKind,
  { optimizer: OptimizerName; lr: number; epochs: number; trainSize: number }
> = {
  'two-layer': { optimizer: 'sgd', lr: 0.1, epochs: 3, trainSize: 60000 },
  'multi-layer': { optimizer: 'adam', lr: 0.001, epochs: 3, trainSize: 60000 },
  'multi-layer-extend': { optimizer: 'adam', lr: 0.001, epochs: 3, trainSize: 60000 },
  'simple-conv': { optimizer: 'adam', lr: 0.001, epochs: 1, trainSize: 60000 },
  'deep-conv': { optimizer: 'adam', lr: 0.001, epochs: 1, trainSize: 60000 },
};

/** What each number field takes (the CLI's ranges, the form's own limits). */
export const NUMBER_RULES: Record<string, NumberRule> = {
  lr: { label: 'Learning rate', min: 0, max: 10, minExclusive: true },
  batch: { label: 'Batch', min: 1, max: 1000, integer: true },
  epochs: { label: 'Epochs', min: 1, max: 100, integer: true },
  trainSize: { label: 'Training images', min: 100, max: 60000, integer: true },
  weightDecay: { label: 'Weight decay', min: 0, max: 10 },
  dropout: { label: 'Dropout', min: 0, max: 0.9 },
  seed: { label: 'Seed', min: 0, max: 4e9, integer: true },
};
