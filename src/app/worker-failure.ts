/**
 * When a worker dies (out of memory, an exception outside a call, ended from outside), the
 * page must not wait for it: a banner says what happened and offers a restart. What was
 * saved (files in this browser, the agent bytes the Arena keeps) is not lost.
 */
import { button, el } from './dom';

export interface WorkerFailureOptions {
  /** What stopped, for the message ("the agent worker"). */
  what: string;
  /** What survives the restart, one sentence. */
  kept: string;
  /** Starts a fresh worker (or reloads the page); the banner goes when it resolves. */
  restart(): Promise<void> | void;
}

/** Puts the banner at the top of `parent` and returns it. */
export function showWorkerFailure(
  parent: HTMLElement,
  error: Error,
  opts: WorkerFailureOptions,
): HTMLElement {
  const restart = button(`Restart ${opts.what}`, { 'data-action': 'restart-worker' });
  const banner = el(
    'div',
    { class: 'worker-failure', role: 'alert' },
    el('p', {}, `${error.message}. ${opts.kept}`),
    restart,
  );
  restart.addEventListener('click', () => {
    restart.disabled = true;
    void Promise.resolve(opts.restart()).then(
      () => banner.remove(),
      (e: unknown) => {
        restart.disabled = false;
        banner.querySelector('p')!.textContent = `The restart failed: ${(e as Error).message}`;
      },
    );
  });
  parent.prepend(banner);
  return banner;
}
