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
  /**
   * Calls `listener` once if the worker fails or dies (not when the page ends it): it threw
   * outside a call, could not load, or stopped answering (out of memory, crashed, ended from
   * outside). Every pending and later call rejects with the same error.
   */
  onFailure(listener: (error: Error) => void): void;
}

/** A message the worker posts every HEARTBEAT_MS (expose.ts), to show it is alive. */
export const HEARTBEAT = 'gradientArcadeHeartbeat';
export const HEARTBEAT_MS = 1000;
/**
 * No heartbeat for this long means the worker is gone. Generous: a worker's event loop may be
 * busy for seconds (a large evaluation), and a browser gives no event when a worker dies.
 */
export const SILENCE_MS = 12_000;

/** Wrap an event listener so that a worker can call it (a progress stream's receiving end). */
export function listener<E>(handle: (e: E) => void): (e: E) => void {
  return Comlink.proxy(handle);
}

/** A remote whose pending and later calls reject once `fail` is called. */
export function guardedRemote<Api>(endpoint: Comlink.Endpoint): {
  api: Comlink.Remote<Api>;
  fail(error: Error): void;
  /** Whether `fail` was called, and with what. */
  failure(): Error | null;
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
    failure: () => failure,
  };
}

/** Start using browser worker `worker` (named `name` in messages) with API `Api`. */
export function startWorker<Api>(worker: Worker, name: string): WorkerHandle<Api> {
  const { api, fail, failure } = guardedRemote<Api>(worker);
  const listeners: Array<(error: Error) => void> = [];
  let ended = false;
  let lastBeat = 0;
  const fails = (error: Error) => {
    if (failure()) return;
    fail(error);
    clearInterval(watchdog);
    if (!ended) for (const l of listeners) l(error);
  };
  // The watchdog starts at the first heartbeat: loading the worker's code may take a while.
  const watchdog = setInterval(() => {
    if (lastBeat > 0 && Date.now() - lastBeat > SILENCE_MS)
      fails(
        new Error(
          `the ${name} worker stopped answering (it ran out of memory, crashed or was ended)`,
        ),
      );
  }, HEARTBEAT_MS);
  worker.addEventListener('message', (e: MessageEvent) => {
    if ((e.data as Record<string, unknown> | null)?.[HEARTBEAT]) lastBeat = Date.now();
  });
  worker.addEventListener('error', (e) => {
    fails(new Error(`the ${name} worker failed: ${e.message || 'it did not load or threw'}`));
  });
  worker.addEventListener('messageerror', () => {
    fails(new Error(`the ${name} worker sent a message that could not be read`));
  });
  return {
    api,
    terminate: () => {
      ended = true;
      fails(new Error(`the ${name} worker was ended`));
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
    onFailure: (listener) => {
      const error = failure();
      if (error && !ended) listener(error);
      else listeners.push(listener);
    },
  };
}
