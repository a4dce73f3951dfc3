/**
 * The Pause/Resume and Stop buttons of a long experiment, bound to the RunControl of the
 * run in progress (disabled while none runs).
 */
import { RunControl } from '../../../nn/run-control';
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

  /** Runs `work` under a fresh control that the buttons drive until it ends. */
  async run<T>(work: (control: RunControl) => Promise<T>): Promise<T> {
    const control = new RunControl();
    this.bind(control);
    try {
      return await work(control);
    } finally {
      this.bind(null);
    }
  }

  /** Whether a run is in progress. */
  get running(): boolean {
    return this.control !== null;
  }

  /** Stops the run in progress, if any (leaving the page). */
  stopRun(): void {
    this.control?.stop();
  }

  private bind(control: RunControl | null): void {
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
