/**
 * The byte store's failure path with a fake backend: a full or missing IndexedDB becomes a
 * StorageUnavailableError that says so in words (the save panel then offers the download);
 * other errors pass through as they are; a working backend round-trips.
 */
import { describe, expect, it } from 'vitest';
import {
  ByteStore,
  type KeyValueBackend,
  StorageUnavailableError,
  type StoredBytes,
} from '../../src/app/byte-store';

/** A backend in memory whose writes (and lists) fail with `failure` when given. */
function fakeBackend(failure?: () => Error): KeyValueBackend {
  const map = new Map<string, StoredBytes>();
  return {
    set: async (key, value) => {
      if (failure) throw failure();
      map.set(key, value);
    },
    get: async (key) => map.get(key),
    del: async (key) => {
      map.delete(key);
    },
    entries: async () => {
      if (failure) throw failure();
      return [...map.entries()];
    },
  };
}

const entry: StoredBytes = {
  name: 'cartpole',
  savedAt: '2026-01-01T00:00:00Z',
  bytes: new Uint8Array([1, 2, 3]),
  summary: 'cartpole · DQN',
};

describe('ByteStore', () => {
  it('round-trips with a working backend', async () => {
    const store = new ByteStore('db', 'agents', 'agent', fakeBackend());
    await store.save(entry);
    expect(await store.list()).toEqual([
      { name: 'cartpole', savedAt: entry.savedAt, summary: entry.summary },
    ]);
    expect(Array.from(await store.load('cartpole'))).toEqual([1, 2, 3]);
    await expect(store.load('nope')).rejects.toThrow(
      'no agent named "nope" is saved in this browser',
    );
  });

  it('a full storage (quota) says so', async () => {
    const store = new ByteStore(
      'db',
      'models',
      'model',
      fakeBackend(() => new DOMException('The quota has been exceeded.', 'QuotaExceededError')),
    );
    const error = await store.save(entry).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect(error).toMatchObject({ reason: 'full' });
    expect((error as Error).message).toBe(
      "This browser's storage is full, so the model was not saved here",
    );
  });

  it('a storage that is not available (private mode, blocked) says so, for saves and lists', async () => {
    const store = new ByteStore(
      'db',
      'agents',
      'agent',
      fakeBackend(
        () => new DOMException('A mutation operation was attempted', 'InvalidStateError'),
      ),
    );
    for (const attempt of [() => store.save(entry), () => store.list()]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageUnavailableError);
      expect(error).toMatchObject({ reason: 'unavailable' });
      expect((error as Error).message).toMatch(/storage is not available \(private browsing/);
    }
    // No IndexedDB at all (Node here): the real backend fails the same way on first use.
    const real = new ByteStore('db', 'agents', 'agent');
    await expect(real.save(entry)).rejects.toBeInstanceOf(StorageUnavailableError);
  });

  it('any other error passes through unchanged', async () => {
    const store = new ByteStore(
      'db',
      'a',
      'agent',
      fakeBackend(() => new TypeError('boom')),
    );
    await expect(store.save(entry)).rejects.toThrow(TypeError);
  });
});
