/**
 * Named byte files kept in this browser (IndexedDB through idb-keyval): the models of the MNIST
 * lab and the Arena's agents, each in a database of its own (idb-keyval opens one object store
 * per database). The bytes are model or agent files; the worker that loads them checks them.
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

export class ByteStore {
  private readonly store: UseStore;

  constructor(
    database: string,
    objectStore: string,
    /** What an entry is, in messages ("model", "agent"). */
    readonly what: string,
  ) {
    this.store = createStore(database, objectStore);
  }

  async save(entry: StoredBytes): Promise<void> {
    await set(entry.name, entry, this.store);
  }

  /** Newest first. */
  async list(): Promise<StoredEntry[]> {
    const all = await entries<string, StoredBytes>(this.store);
    return all
      .map(([, e]) => ({ name: e.name, savedAt: e.savedAt, summary: e.summary }))
      .sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  async load(name: string): Promise<Uint8Array> {
    const e = await get<StoredBytes>(name, this.store);
    if (!e) throw new Error(`no ${this.what} named "${name}" is saved in this browser`);
    return e.bytes;
  }

  async remove(name: string): Promise<void> {
    await del(name, this.store);
  }
}
