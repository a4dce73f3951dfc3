/** Fuzzing helpers shared by the reader fuzz tests: bounded cases, clear errors, damage. */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { expect } from 'vitest';

/** No single case may take longer than this (a hang or a huge allocation would). */
export const CASE_MS = 2000;

/** Runs `work`; returns the error it threw (or null), checking the time and the tensors. */
export function settle(work: () => void): unknown {
  const tensors = tf.memory().numTensors;
  const started = performance.now();
  let error: unknown = null;
  try {
    work();
  } catch (e) {
    error = e;
  }
  expect(performance.now() - started).toBeLessThan(CASE_MS);
  expect(tf.memory().numTensors).toBe(tensors);
  return error;
}

/** The expected error class, with a one-line message (no stack-trace text). */
export function expectClear(error: unknown, kinds: Array<new (...a: never[]) => Error>): void {
  if (error === null) return;
  if (!kinds.some((k) => error instanceof k)) throw error;
  const message = (error as Error).message;
  expect(message.length).toBeGreaterThan(0);
  expect(message).not.toMatch(/\n\s+at /);
}

/** Random damage to a file: flipped bytes, a cut, inserted bytes, or bytes overwritten. */
export const damage = (size: number) =>
  fc.oneof(
    fc
      .array(fc.tuple(fc.nat(size - 1), fc.integer({ min: 1, max: 255 })), {
        minLength: 1,
        maxLength: 8,
      })
      .map((flips) => (b: Uint8Array) => {
        const out = b.slice();
        for (const [i, x] of flips) out[i] = (out[i] as number) ^ x;
        return out;
      }),
    fc.nat(size).map((n) => (b: Uint8Array) => b.slice(0, n)),
    fc
      .tuple(fc.nat(size), fc.uint8Array({ minLength: 1, maxLength: 64 }))
      .map(([at, extra]) => (b: Uint8Array) => {
        const out = new Uint8Array(b.length + extra.length);
        out.set(b.subarray(0, at));
        out.set(extra, at);
        out.set(b.subarray(at), at + extra.length);
        return out;
      }),
    fc
      .tuple(fc.nat(size - 1), fc.uint8Array({ minLength: 1, maxLength: 32 }))
      .map(([at, bytes]) => (b: Uint8Array) => {
        const out = b.slice();
        out.set(bytes.subarray(0, Math.max(0, out.length - at)), at);
        return out;
      }),
  );

/** Rewrites a container's JSON header (same data section). */
export function withHeader(
  bytes: Uint8Array,
  edit: (h: Record<string, unknown>) => void,
): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const len = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + len)));
  edit(header);
  const hb = new TextEncoder().encode(JSON.stringify(header));
  const start = (12 + hb.length + 3) & ~3;
  const data = bytes.subarray((12 + len + 3) & ~3);
  const out = new Uint8Array(start + data.length);
  out.set(bytes.subarray(0, 8));
  new DataView(out.buffer).setUint32(8, hb.length, true);
  out.set(hb, 12);
  out.set(data, start);
  return out;
}

/** A JSON value at a random path of the header: a plausible field gets an implausible value. */
export const headerEdit = (paths: string[][]) =>
  fc
    .tuple(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 2 }))
    .map(([path, value]) => (h: Record<string, unknown>) => {
      let at: Record<string, unknown> = h;
      for (const key of path.slice(0, -1)) {
        const next = at[key];
        if (typeof next !== 'object' || next === null) return;
        at = next as Record<string, unknown>;
      }
      at[path[path.length - 1] as string] = value;
    });
