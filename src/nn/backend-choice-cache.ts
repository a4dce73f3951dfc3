/**
 * Measured backend choices kept per net and device, so a browser times a net once: in
 * IndexedDB (as the saved models in src/app/byte-store.ts, but through the bare API: src/nn
 * takes no package but tfjs-core) where it exists, which includes workers; in memory elsewhere
 * (Node), for the life of the process. A cache that cannot be read or written only costs a new
 * measurement.
 */
import type { AdapterReport, BackendName } from './backend';

/** Bump when a change to the engine or the timing makes old measurements misleading. */
export const BACKEND_CACHE_VERSION = 1;

export interface CachedTiming {
  backend: BackendName;
  msPerStep: number;
  firstStepMs: number;
}

export interface CachedChoice {
  backend: BackendName;
  /** Fastest first. */
  timings: CachedTiming[];
  /** ISO time of the measurement. */
  measuredAt: string;
}

export interface BackendChoiceCache {
  get(key: string): Promise<CachedChoice | undefined>;
  set(key: string, value: CachedChoice): Promise<void>;
}

/** The device part of the key: the WebGPU adapter as it describes itself, or its absence. */
export function deviceKey(adapter: AdapterReport | null): string {
  if (!adapter) return 'no-webgpu';
  const parts = [adapter.vendor, adapter.architecture, adapter.description ?? ''];
  return `${adapter.isFallbackAdapter ? 'fallback ' : ''}${parts.join('/')}`;
}

/** The whole key: version, device, which backends competed, and the net's workload. */
export function choiceKey(
  adapter: AdapterReport | null,
  candidates: readonly BackendName[],
  workloadKey: string,
): string {
  return `v${BACKEND_CACHE_VERSION}|${deviceKey(adapter)}|${candidates.join(',')}|${workloadKey}`;
}

export function memoryChoiceCache(): BackendChoiceCache {
  const map = new Map<string, CachedChoice>();
  return {
    get: async (key) => map.get(key),
    set: async (key, value) => {
      map.set(key, value);
    },
  };
}

const DATABASE = 'ga-backend-choices';
const STORE = 'choices';

/** One request on the one object store, as a promise. */
function request<T>(
  db: Promise<IDBDatabase>,
  mode: IDBTransactionMode,
  make: (store: IDBObjectStore) => IDBRequest,
): Promise<T> {
  return db.then(
    (d) =>
      new Promise<T>((resolve, reject) => {
        const tx = d.transaction(STORE, mode);
        const r = make(tx.objectStore(STORE));
        tx.oncomplete = () => resolve(r.result as T);
        tx.onerror = tx.onabort = () => reject(tx.error ?? r.error);
      }),
  );
}

function openDatabase(idb: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const r = idb.open(DATABASE, 1);
    r.onupgradeneeded = () => r.result.createObjectStore(STORE);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
    r.onblocked = () => reject(new Error('IndexedDB open blocked'));
  });
}

/** IndexedDB where the global exists, else memory; read/write errors fall back to memory. */
export function defaultChoiceCache(): BackendChoiceCache {
  const memory = memoryChoiceCache();
  const idb = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!idb) return memory;
  let db: Promise<IDBDatabase> | null = null;
  const open = () => {
    db ??= openDatabase(idb);
    return db;
  };
  return {
    async get(key) {
      try {
        const kept = await request<CachedChoice | undefined>(open(), 'readonly', (s) => s.get(key));
        return kept ?? (await memory.get(key));
      } catch {
        return memory.get(key);
      }
    },
    async set(key, value) {
      await memory.set(key, value);
      try {
        await request(open(), 'readwrite', (s) => s.put(value, key));
      } catch {
        // Private mode or a full quota: the choice is kept in memory only.
      }
    },
  };
}
