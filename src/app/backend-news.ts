/**
 * A backend chosen again after the page started (automatic mode times each net before it
 * trains): the lab that hears it from its worker tells the page, and the header chip follows.
 */
import type { BackendChoice } from '../nn/backend';

const EVENT = 'ga-backend';

export function announceBackend(choice: BackendChoice): void {
  window.dispatchEvent(new CustomEvent<BackendChoice>(EVENT, { detail: choice }));
}

export function onBackendNews(listener: (choice: BackendChoice) => void): void {
  window.addEventListener(EVENT, (e) => listener((e as CustomEvent<BackendChoice>).detail));
}
