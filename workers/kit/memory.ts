/**
 * What a worker holds, asked through the kit on any worker (soak runs, leak checks): tensors
 * and bytes the tfjs backend holds, and the worker's JS heap. Every service the kit exposes
 * answers `kitMemory()` (expose.ts adds it), so no service repeats it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { importNodeOnly } from './node-only';

export interface WorkerMemory {
  /** tf.memory().numTensors. */
  tensors: number;
  /** tf.memory().numBytes: bytes of every live tensor on the backend. */
  backendBytes: number;
  /** The worker's used JS heap (V8's heap statistics in Node; Chromium's performance.memory). */
  heapUsedBytes: number | null;
}

/** The method expose.ts adds to every service. */
export interface KitDiagnostics {
  kitMemory(): Promise<WorkerMemory>;
}

export async function workerMemory(): Promise<WorkerMemory> {
  const m = tf.memory();
  return { tensors: m.numTensors, backendBytes: m.numBytes, heapUsedBytes: await heapUsed() };
}

async function heapUsed(): Promise<number | null> {
  const browserMemory = (performance as { memory?: { usedJSHeapSize?: number } }).memory;
  if (browserMemory?.usedJSHeapSize !== undefined) return browserMemory.usedJSHeapSize;
  if (typeof process === 'undefined' || !process.versions?.node) return null;
  const v8 = await importNodeOnly<typeof import('node:v8')>('node:v8');
  return v8.getHeapStatistics().used_heap_size;
}
