/** Where the CLI finds the models the project ships (models/, beside src/). */
import { fileURLToPath } from 'node:url';

/** R-CNN's classifier: the DeepConvNet we trained on augmented digits (99.51 %). */
export const SHIPPED_CLASSIFIER = fileURLToPath(
  new URL('../../../../models/deep-conv-augmented.gam', import.meta.url),
);
