/**
 * The caller's side of a worker: a typed comlink proxy whose calls reject with a clear message
 * when the worker fails or ends, instead of waiting forever. Page-safe: it imports comlink
 * only (never tfjs). `startWorker` takes a browser Worker (the page writes the
 * `new Worker(new URL(...))` itself, so that Vite bundles the worker); node-client.ts starts
 * worker_threads through the same guard.
 */
import * as Comlink from 'comlink';

export interface WorkerHandle<Api> {
  api: Comlink.Remote<Api>;
  terminate(): void;
}

/** Wrap an event listener so that a worker can call it (a progress stream's receiving end). */
export function listener<E>(handle: (e: E) => void): (e: E) => void {
  return Comlink.proxy(handle);
}

/** A remote whose pending and later calls reject once `fail` is called. */
export function guardedRemote<Api>(endpoint: Comlink.Endpoint): {
  api: Comlink.Remote<Api>;
  fail(error: Error): void;
} {
  const remote = Comlink.wrap<Api>(endpoint);
  const pending = new Set<(e: Error) => void>();
  let failure: Error | null = null;
  const call = (method: PropertyKey, args: unknown[]) => {
    if (failure) return Promise.reject(failure);
    return new Promise((resolve, reject) => {
      pending.add(reject);
      const target = remote as unknown as Record<
        PropertyKey,
        (...a: unknown[]) => Promise<unknown>
      >;
      target[method](...args)
        .then(resolve, reject)
        .finally(() => pending.delete(reject));
    });
  };
  const api = new Proxy(remote, {
    get: (target, key) => {
      if (typeof key === 'symbol') return Reflect.get(target, key); // releaseProxy...
      if (key === 'then') return undefined; // the handle is not a promise
      return (...args: unknown[]) => call(key, args);
    },
  });
  return {
    api,
    fail(error) {
      failure ??= error;
      for (const reject of pending) reject(failure);
      pending.clear();
    },
  };
}

/** Start using browser worker `worker` (named `name` in messages) with API `Api`. */
export function startWorker<Api>(worker: Worker, name: string): WorkerHandle<Api> {
  const { api, fail } = guardedRemote<Api>(worker);
  worker.addEventListener('error', (e) => {
    fail(new Error(`the ${name} worker failed: ${e.message || 'it did not load or threw'}`));
  });
  worker.addEventListener('messageerror', () => {
    fail(new Error(`the ${name} worker sent a message that could not be read`));
  });
  return {
    api,
    terminate: () => {
      fail(new Error(`the ${name} worker was ended`));
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
