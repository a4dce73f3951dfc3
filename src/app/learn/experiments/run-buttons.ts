/**
 * The Pause/Resume and Stop buttons of a long experiment, bound to the RunControl of the
 * run in progress (disabled while none runs).
 */
import type { RunControl } from '../../../nn/run-control';
import { button } from '../../dom';

export class RunButtons {
  readonly pause: HTMLButtonElement;
  readonly stop: HTMLButtonElement;
  private control: RunControl | null = null;
  private unsubscribe = () => {};

  /** `name` names the data-action of each: pause-<name>, stop-<name>. */
  constructor(name: string) {
    this.pause = button('Pause', { 'data-action': `pause-${name}` });
    this.stop = button('Stop', { 'data-action': `stop-${name}` });
    this.pause.addEventListener('click', () => {
      if (this.control?.paused) this.control.resume();
      else this.control?.pause();
    });
    this.stop.addEventListener('click', () => this.control?.stop());
    this.show();
  }

  /** Drive `control` (null: no run, both disabled). */
  bind(control: RunControl | null): void {
    this.unsubscribe();
    this.control = control;
    this.unsubscribe = control?.subscribe(() => this.show()) ?? (() => {});
    this.show();
  }

  private show(): void {
    const live = this.control !== null && !this.control.stopped;
    this.pause.disabled = !live;
    this.stop.disabled = !live;
    this.pause.textContent = this.control?.paused ? 'Resume' : 'Pause';
  }
}
