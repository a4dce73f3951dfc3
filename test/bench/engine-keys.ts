/** The fields of a bench engine line, sorted: Node's, and the browser's (plus frame times). */
export const ENGINE_KEYS = [
  'type',
  'net',
  'backend',
  'engine',
  'steps',
  'rounds',
  'batch',
  'optimizer',
  'medianMsPerStep',
  'samplesPerSecond',
  'gflops',
  'flopsPerSample',
  'loss',
  'numTensorsDelta',
].sort();

export const BROWSER_ENGINE_KEYS = [
  ...ENGINE_KEYS,
  'frames',
  'frameMsMedian',
  'frameMsP95',
  'longFrames',
].sort();
