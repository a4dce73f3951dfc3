/**
 * Named byte files kept in this browser (IndexedDB through idb-keyval): the models of the MNIST
 * lab and the Arena's agents, each in a database of its own (idb-keyval opens one object store
 * per database). The bytes are model or agent files; the worker that loads them checks them.
 * When the browser's storage is full or not available (private mode, blocked, quota), the
 * store says so with a StorageUnavailableError, so the page can offer the download instead.
 */
import { createStore, del, entries, get, set, type UseStore } from 'idb-keyval';

export interface StoredBytes {
  name: string;
  savedAt: string;
  bytes: Uint8Array;
  /** One line for the list: "cartpole · DQN · 12,000 steps". */
  summary: string;
}

export type StoredEntry = Omit<StoredBytes, 'bytes'>;

/** Where the entries live: IndexedDB in the app, a fake in tests. */
export interface KeyValueBackend {
  set(key: string, value: StoredBytes): Promise<void>;
  get(key: string): Promise<StoredBytes | undefined>;
  del(key: string): Promise<void>;
  entries(): Promise<Array<[IDBValidKey, StoredBytes]>>;
}

/** The browser's storage cannot take the bytes: full, or not available at all. */
export class StorageUnavailableError extends Error {
  constructor(
    message: string,
    /** 'full': over the quota; 'unavailable': no IndexedDB (private mode, blocked, broken). */
    readonly reason: 'full' | 'unavailable',
  ) {
    super(message);
    this.name = 'StorageUnavailableError';
  }
}

function indexedDbBackend(database: string, objectStore: string): KeyValueBackend {
  let store: UseStore | null = null;
  // Opened on first use: where IndexedDB is missing, createStore itself throws.
  const open = () => {
    store ??= createStore(database, objectStore);
    return store;
  };
  return {
    set: (key, value) => set(key, value, open()),
    get: (key) => get<StoredBytes>(key, open()),
    del: (key) => del(key, open()),
    entries: () => entries<IDBValidKey, StoredBytes>(open()),
  };
}

/** A storage failure in words, as a StorageUnavailableError; other errors as they are. */
export function storageError(e: unknown, what: string): Error {
  const name = (e as { name?: string } | null)?.name ?? '';
  const message = (e as Error | null)?.message ?? String(e);
  if (name === 'QuotaExceededError' || /quota/i.test(message))
    return new StorageUnavailableError(
      `This browser's storage is full, so the ${what} was not saved here`,
      'full',
    );
  if (
    [
      'InvalidStateError',
      'SecurityError',
      'UnknownError',
      'NotFoundError',
      'ReferenceError',
    ].includes(name) ||
    /indexedDB/i.test(message)
  )
    return new StorageUnavailableError(
      `This browser's storage is not available (private browsing, or storage blocked), so the ${what} was not saved here`,
      'unavailable',
    );
  return e instanceof Error ? e : new Error(message);
}

export class ByteStore {
  private readonly backend: KeyValueBackend;

  constructor(
    database: string,
    objectStore: string,
    /** What an entry is, in messages ("model", "agent"). */
    readonly what: string,
    backend?: KeyValueBackend,
  ) {
    this.backend = backend ?? indexedDbBackend(database, objectStore);
  }

  /** Saves `entry`; a full or missing storage throws a StorageUnavailableError. */
  async save(entry: StoredBytes): Promise<void> {
    try {
      await this.backend.set(entry.name, entry);
    } catch (e) {
      throw storageError(e, this.what);
    }
  }

  /** Newest first. */
  async list(): Promise<StoredEntry[]> {
    let all: Array<[IDBValidKey, StoredBytes]>;
    try {
      all = await this.backend.entries();
    } catch (e) {
      throw storageError(e, this.what);
    }
    return all
      .map(([, e]) => ({ name: e.name, savedAt: e.savedAt, summary: e.summary }))
      .sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  async load(name: string): Promise<Uint8Array> {
    const e = await this.backend.get(name);
    if (!e) throw new Error(`no ${this.what} named "${name}" is saved in this browser`);
    return e.bytes;
  }

  async remove(name: string): Promise<void> {
    await this.backend.del(name);
  }
}
