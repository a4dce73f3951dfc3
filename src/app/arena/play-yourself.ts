/**
 * "Play it yourself": the env runs on this thread (envs are pure TypeScript) and a person
 * chooses the actions with the keyboard or the on-screen buttons. Real-time envs step on a
 * clock (CartPole at 50 Hz, the pixel games at a readable pace) that starts with the first
 * key; GridWorld takes one step per key.
 */
import { type EnvName, makeEnv } from '../../../envs/registry';
import type { Env } from '../../../envs/types';
import { formatReturn } from '../../ui/arena-math';
import { type AnyEnvView, createEnvView, showEnvState } from '../../ui/env-view';
import { button, el } from '../dom';
import { actionForKey, HUMAN_CONTROLS, type HumanControls, RESTART_KEYS } from './human-controls';
import { arenaSizes } from './layout';

export class PlayYourself {
  readonly element = el('section', { class: 'arena-mode play-yourself', 'data-mode': 'play' });
  private readonly controls: HumanControls;
  private readonly env: Env;
  private view: AnyEnvView | null = null;
  private readonly score = el('p', { class: 'play-score', role: 'status', 'aria-live': 'polite' });
  private timer: ReturnType<typeof setInterval> | null = null;
  private episode = 0;
  private step = 0;
  private episodeReturn = 0;
  private done = false;
  /** Action keys held down (newest last) and the one pressed since the last tick. */
  private held: number[] = [];
  private latched: number | null = null;
  private lastAction = 0;
  private alternate = 0;
  private disposed = false;
  private readonly onKeyDown = (e: KeyboardEvent): void => this.keyDown(e);
  private readonly onKeyUp = (e: KeyboardEvent): void => this.keyUp(e);
  private readonly onBlur = (): void => {
    this.held = [];
  };

  constructor(
    private readonly name: EnvName,
    private readonly seed: number,
  ) {
    this.controls = HUMAN_CONTROLS[name];
    this.env = makeEnv(name as string);
  }

  async mount(parent: HTMLElement): Promise<void> {
    parent.append(this.element);
    const c = this.controls;
    const legend = el(
      'p',
      { class: 'key-legend' },
      ...c.keys.flatMap((k) => [el('kbd', {}, k.glyph), ' ', `${k.label}  `]),
      el('kbd', {}, 'space'),
      ' / ',
      el('kbd', {}, 'R'),
      ' restart',
    );
    const viewBox = el('div', { class: 'slot arena-view', 'data-view': this.name });
    const pad = el('div', { class: `touch-pad touch-pad-${c.keys.length}` });
    for (const k of c.keys) {
      const b = button(k.glyph, {
        'aria-label': k.label,
        'data-action-index': String(k.action),
        class: `touch-${k.label.replace(/\s+/g, '-')}`,
      });
      b.addEventListener('pointerdown', (e) => {
        e.preventDefault();
        this.press(k.action);
      });
      const release = (): void => this.release(k.action);
      b.addEventListener('pointerup', release);
      b.addEventListener('pointerleave', release);
      b.addEventListener('pointercancel', release);
      pad.append(b);
    }
    const restart = button('Restart', { 'data-action': 'restart' });
    restart.addEventListener('click', () => this.restart());
    this.element.append(
      el('p', { class: 'muted' }, c.help),
      legend,
      this.score,
      el(
        'div',
        { class: 'arena-stage' },
        viewBox,
        el('div', { class: 'play-side' }, pad, el('div', { class: 'actions' }, restart)),
      ),
    );
    const sizes = arenaSizes(this.name, this.element.clientWidth || parent.clientWidth);
    const view = await createEnvView(this.name, viewBox, { ...sizes.view, smoothMs: 0 });
    if (this.disposed) {
      view.destroy();
      return;
    }
    this.view = view;
    window.addEventListener('keydown', this.onKeyDown);
    window.addEventListener('keyup', this.onKeyUp);
    window.addEventListener('blur', this.onBlur);
    // Arrow keys must reach the game, not the picker that was just changed.
    viewBox.tabIndex = 0;
    viewBox.focus({ preventScroll: true });
    this.restart();
  }

  dispose(): void {
    this.disposed = true;
    this.stopClock();
    window.removeEventListener('keydown', this.onKeyDown);
    window.removeEventListener('keyup', this.onKeyUp);
    window.removeEventListener('blur', this.onBlur);
    this.view?.destroy();
    this.view = null;
    this.element.remove();
  }

  /** A new episode (seed + episode number), waiting for the first key. */
  restart(): void {
    this.stopClock();
    this.episode++;
    this.env.reset({ seed: this.seed + this.episode - 1 });
    this.step = 0;
    this.episodeReturn = 0;
    this.done = false;
    this.latched = null;
    const state = this.env.getState() as { direction?: number };
    this.lastAction =
      this.name === 'snake' && typeof state.direction === 'number' ? state.direction : 0;
    this.draw(
      this.controls.hz === null
        ? 'Your move.'
        : `Press ${this.controls.keys.map((k) => k.glyph).join(' ')} to start.`,
    );
  }

  private keyDown(e: KeyboardEvent): void {
    if (isTyping(e.target) || !this.element.isConnected) return;
    if (RESTART_KEYS.includes(e.key)) {
      e.preventDefault();
      if (!e.repeat) this.restart();
      return;
    }
    const action = actionForKey(this.name, e.key);
    if (action === null) return;
    e.preventDefault();
    if (e.repeat && this.controls.hz !== null) return;
    this.press(action);
  }

  private keyUp(e: KeyboardEvent): void {
    const action = actionForKey(this.name, e.key);
    if (action !== null) this.release(action);
  }

  private press(action: number): void {
    if (this.done) return;
    if (this.controls.hz === null) {
      this.advance(action);
      return;
    }
    this.held = [...this.held.filter((a) => a !== action), action];
    this.latched = action;
    if (this.timer === null) {
      this.timer = setInterval(() => this.tick(), 1000 / this.controls.hz);
      this.tick();
    }
  }

  private release(action: number): void {
    this.held = this.held.filter((a) => a !== action);
  }

  private tick(): void {
    const idle = this.controls.idle;
    let action = this.latched ?? this.held.at(-1) ?? null;
    if (action === null) {
      if (idle.kind === 'action') action = idle.action;
      else if (idle.kind === 'repeat') action = this.lastAction;
      else action = this.alternate = 1 - this.alternate;
    }
    this.latched = null;
    this.advance(action);
  }

  private advance(action: number): void {
    if (this.done) return;
    const r = this.env.step(action);
    this.lastAction = action;
    this.step++;
    this.episodeReturn += r.reward;
    this.done = r.terminated || r.truncated;
    if (this.done) {
      this.stopClock();
      const why = r.truncated ? 'time is up' : 'game over';
      this.draw(
        `Episode over (${why}): return ${formatReturn(this.episodeReturn)}. Space, R or Restart plays again.`,
      );
    } else {
      this.draw();
    }
  }

  private draw(message?: string): void {
    if (!this.view) return;
    showEnvState(this.view, {
      state: this.env.getState(),
      info: { episodeReturn: this.episodeReturn, step: this.step, episode: this.episode },
    });
    const facts = `Episode ${this.episode} · step ${this.step} · return ${formatReturn(this.episodeReturn)}`;
    this.score.textContent = message ? `${facts}. ${message}` : facts;
    this.score.dataset.step = String(this.step);
    this.score.dataset.return = String(this.episodeReturn);
    this.score.dataset.episode = String(this.episode);
    this.score.dataset.done = String(this.done);
  }

  private stopClock(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.held = [];
  }
}

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLInputElement ||
    target instanceof HTMLSelectElement ||
    target instanceof HTMLTextAreaElement
  );
}
