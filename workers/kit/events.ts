/**
 * The worker side of a progress stream: events go to the page's listener (a comlink proxy)
 * without the run waiting for each one. `sendLatest` keeps only the newest of a frequent kind
 * (a training step) and sends it at most every `throttleMs`; any other event first flushes it,
 * so the order holds. `drain` waits until the listener has handled everything: comlink
 * delivers a callback's messages on their own port, so without it the page could see the run
 * resolve before its last events.
 */
import * as Comlink from 'comlink';

export class EventChannel<E> {
  private readonly inFlight = new Set<Promise<void>>();
  private latest: E | null = null;
  private lastLatest = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly listener: (e: E) => unknown,
    private readonly throttleMs = 0,
  ) {}

  /** Send now (after any pending latest event); settles once the listener has handled it. */
  send(e: E, transfer: Transferable[] = []): Promise<void> {
    this.flush();
    return this.deliver(e, transfer);
  }

  /** Keep `e` as the newest of its kind; send it if `throttleMs` has passed since the last. */
  sendLatest(e: E): void {
    this.latest = e;
    if (performance.now() - this.lastLatest >= this.throttleMs) this.flush();
  }

  /** Send the pending latest event, if any. */
  flush(): void {
    const e = this.latest;
    if (e === null) return;
    this.latest = null;
    this.lastLatest = performance.now();
    void this.deliver(e, []);
  }

  /** Flush, then wait (at most `timeoutMs`) until every event has been handled. */
  async drain(timeoutMs = 2000): Promise<void> {
    this.flush();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.all([...this.inFlight]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  /** Let the page's listener go (a comlink proxy holds a port open until released). */
  close(): void {
    (this.listener as { [Comlink.releaseProxy]?: () => void })[Comlink.releaseProxy]?.();
  }

  private deliver(e: E, transfer: Transferable[]): Promise<void> {
    const value = transfer.length ? Comlink.transfer(e, transfer) : e;
    const delivered = (async () => {
      try {
        // A comlink proxy returns a promise; a plain in-process listener returns anything.
        await this.listener(value);
      } catch {
        // A listener that throws or has gone away must not end the run.
      }
    })();
    this.inFlight.add(delivered);
    void delivered.then(() => this.inFlight.delete(delivered));
    return delivered;
  }
}
