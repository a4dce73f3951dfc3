/**
 * Counting GPU-to-CPU readbacks: every `data()` and `dataSync()` reaches the active backend's
 * `read` or `readSync`, so wrapping those two on the backend instance counts them all.
 */
import * as tf from '@tensorflow/tfjs-core';

type Method = (...args: unknown[]) => unknown;

export class ReadbackCounter {
  count = 0;
  private depth = 0;
  private readonly restore: Array<() => void> = [];

  constructor() {
    const b = tf.backend() as unknown as Record<string, Method>;
    for (const name of ['read', 'readSync']) {
      const original = b[name];
      if (typeof original !== 'function') continue;
      const counter = this;
      b[name] = function (this: unknown, ...args: unknown[]) {
        // wasm's read calls its readSync: count the outer call only.
        if (counter.depth === 0) counter.count++;
        counter.depth++;
        try {
          return original.apply(this, args);
        } finally {
          counter.depth--;
        }
      };
      this.restore.push(() => {
        b[name] = original;
      });
    }
  }

  stop(): number {
    for (const r of this.restore) r();
    this.restore.length = 0;
    return this.count;
  }
}

/** Shader pipelines the webgpu backend has compiled so far (0 elsewhere). */
export function pipelinesCompiled(): number {
  const cache = (tf.backend() as unknown as { pipelineCache?: Record<string, unknown> })
    .pipelineCache;
  return cache ? Object.keys(cache).length : 0;
}
