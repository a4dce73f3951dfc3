/**
 * The Arena: pick an env, an algorithm and a seed, then one of three modes: watch an agent
 * learn (training in the agent worker), watch a trained agent play, or play the game yourself
 * (on this thread). Below them, the agent files panel saves and loads agents.
 */

import { ENV_INFO, type EnvName } from '../../../envs/registry';
import type { AgentInfo } from '../../../workers/agent-api';
import type { AlgoName } from '../../rl/make-agent';
import { button, el, field, numberInput, select } from '../dom';
import { UrlState } from '../url-state';
import { AgentFiles } from './agent-files';
import { type AgentSession, ALGO_LABELS, algosFor } from './agent-session';
import { PlayYourself } from './play-yourself';
import { WatchLearn } from './watch-learn';
import { WatchTrained } from './watch-trained';

export type ArenaModeName = 'learn' | 'trained' | 'play';

const MODES: Record<ArenaModeName, string> = {
  learn: 'Watch it learn',
  trained: 'Watch a trained agent',
  play: 'Play it yourself',
};

/** The env menu, in the order a newcomer meets them. */
const ENV_ORDER = ['cartpole', 'catch', 'breakout', 'snake', 'gridworld'] as const;
// The short name in the menu ("Breakout", not "Breakout (MinAtar)"): it fits a phone's row.
const ENVS = ENV_ORDER.map((name): [EnvName, string] => [
  name,
  ENV_INFO[name].title.replace(/ \(.*\)$/, ''),
]);
/** Seeds the worker accepts (the CLI's range). */
const MAX_SEED = 4_000_000_000;

interface ArenaMode {
  readonly element: HTMLElement;
  mount(parent: HTMLElement): Promise<void>;
  dispose(): void | Promise<void>;
}

export class ArenaPage {
  readonly element = el('section', { class: 'lab arena' });
  private readonly backendLine = el(
    'p',
    { class: 'lab-status backend-line' },
    'Starting the agent worker…',
  );
  private readonly envSelect = select('env', ENVS, 'cartpole');
  private readonly algoSelect = select('algo', [], 'dqn');
  private readonly seedInput = numberInput('seed', 0, { min: '0', step: '1' });
  private readonly tabs = el('div', { class: 'arena-tabs', role: 'tablist' });
  private readonly modeHost = el('div', { class: 'arena-mode-host' });
  private readonly files: AgentFiles;
  private mode: ArenaModeName = 'learn';
  private current: ArenaMode | null = null;
  /** Mode switches run one after another (each waits for the last to stop its run). */
  private switching: Promise<void> = Promise.resolve();
  /** Game, algorithm, mode, seed and (set by "watch it learn") speed, shared through the URL. */
  private readonly url = new UrlState('arena');

  constructor(private readonly session: AgentSession) {
    this.files = new AgentFiles({
      session,
      load: (bytes, source) => this.loadAgent(bytes, source),
    });
  }

  async mount(parent: HTMLElement): Promise<void> {
    parent.append(this.element);
    this.envSelect.value = this.url.choice('env', ENV_ORDER, 'cartpole');
    this.fillAlgos();
    this.algoSelect.value = this.url.choice('algo', algosFor(this.env), this.algo);
    this.seedInput.value = String(Math.round(this.url.number('seed', 0, 0, MAX_SEED)));
    this.mode = this.url.choice('mode', Object.keys(MODES) as ArenaModeName[], 'learn');
    this.envSelect.addEventListener('change', () => {
      this.fillAlgos();
      this.show();
    });
    this.algoSelect.addEventListener('change', () => this.show());
    this.seedInput.addEventListener('change', () => this.show());
    for (const m of Object.keys(MODES) as ArenaModeName[]) {
      const tab = button(MODES[m], { role: 'tab', 'data-mode': m });
      tab.addEventListener('click', () => {
        this.mode = m;
        this.show();
      });
      this.tabs.append(tab);
    }
    // The game comes first: what the Arena is and why this backend fold into a "why".
    this.element.append(
      el(
        'div',
        { class: 'lab-head' },
        el('h2', {}, 'Arena'),
        el(
          'details',
          { class: 'why' },
          el('summary', {}, 'What is this?'),
          el(
            'p',
            { class: 'muted' },
            'Small games and agents that learn them: a DQN (our own network code, in a Web Worker) or a Q-table for GridWorld. Watch one learn, watch a trained one play, or play yourself.',
          ),
          this.backendLine,
        ),
      ),
      el(
        'div',
        { class: 'panel arena-pickers' },
        el(
          'div',
          { class: 'form-grid' },
          field('Game', this.envSelect),
          field('Algorithm', this.algoSelect),
          field('Seed', this.seedInput, 'Seeds the env, the network and the exploration'),
        ),
        this.tabs,
      ),
      this.modeHost,
    );
    await Promise.all([this.files.mount(this.element), this.show()]);
    this.session.backend.then(
      (c) => {
        this.backendLine.textContent = `Backend: ${c.backend}${c.forced ? ' (forced)' : ''}. Why: ${c.reason}`;
        this.backendLine.dataset.backend = c.backend;
      },
      (e: unknown) => {
        this.backendLine.textContent = `No backend: ${(e as Error).message}`;
        this.backendLine.classList.add('error');
      },
    );
  }

  get env(): EnvName {
    return this.envSelect.value as EnvName;
  }

  get algo(): AlgoName {
    return this.algoSelect.value as AlgoName;
  }

  get seed(): number {
    const n = Math.round(Number(this.seedInput.value));
    return Number.isFinite(n) && n >= 0 ? n : 0;
  }

  /** A new game starts from its usual algorithm (the first listed: Q-learning on GridWorld). */
  private fillAlgos(): void {
    const algos = algosFor(this.env);
    const keep = algos[0];
    this.algoSelect.replaceChildren(
      ...algos.map((a) => el('option', { value: a }, ALGO_LABELS[a])),
    );
    this.algoSelect.value = keep;
  }

  /** Stops the current mode and mounts the chosen one (queued after any switch in progress). */
  show(): Promise<void> {
    this.switching = this.switching
      .then(() => this.switchMode())
      .catch((e: unknown) => {
        this.modeHost.replaceChildren(
          el('p', { class: 'model-message error' }, `The Arena failed: ${(e as Error).message}`),
        );
      });
    return this.switching;
  }

  private async switchMode(): Promise<void> {
    await this.current?.dispose();
    this.current = null;
    for (const tab of Array.from(this.tabs.children) as HTMLElement[]) {
      tab.setAttribute('aria-selected', String(tab.dataset.mode === this.mode));
    }
    this.algoSelect.disabled = this.mode !== 'learn';
    this.element.dataset.mode = this.mode;
    this.element.dataset.env = this.env;
    this.files.element.hidden = this.mode === 'play';
    this.url.set({ env: this.env, algo: this.algo, mode: this.mode, seed: this.seed });
    const next: ArenaMode =
      this.mode === 'learn'
        ? new WatchLearn({
            session: this.session,
            env: this.env,
            algo: this.algo,
            seed: this.seed,
            url: this.url,
          })
        : this.mode === 'trained'
          ? new WatchTrained({
              session: this.session,
              env: this.env,
              goTo: (env, mode) => this.goTo(env, mode),
            })
          : new PlayYourself(this.env, this.seed);
    this.current = next;
    await next.mount(this.modeHost);
  }

  /**
   * Back in the Arena through a link that names a game, algorithm, mode or seed (Home's "try
   * first", a shared link pasted in the same tab): show what it names. The page reads its URL
   * once when built, so without this a second visit kept the game it had.
   */
  follow(link: URLSearchParams): void {
    if (link.size === 0 || !this.element.isConnected) return;
    const pick = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
      const v = link.get(key);
      return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
    };
    const env = pick('env', ENV_ORDER, this.env);
    const mode = pick('mode', Object.keys(MODES) as ArenaModeName[], this.mode);
    const seedText = Number(link.get('seed') ?? Number.NaN);
    const seed =
      Number.isInteger(seedText) && seedText >= 0 && seedText <= MAX_SEED ? seedText : this.seed;
    const algo = pick('algo', algosFor(env), env === this.env ? this.algo : algosFor(env)[0]);
    // "Watch it learn" reads its speed from this page's URL state when it is made.
    const speed = link.get('speed');
    const newSpeed = speed !== null && speed !== this.url.raw('speed');
    if (newSpeed) this.url.set({ speed });
    const same = env === this.env && mode === this.mode && seed === this.seed;
    if (same && algo === this.algo && !newSpeed) return;
    if (env !== this.env) {
      this.envSelect.value = env;
      this.fillAlgos();
    }
    this.algoSelect.value = algo;
    this.seedInput.value = String(seed);
    this.mode = mode;
    void this.show();
  }

  /** Another game or mode, as if picked in the form (the ways out of an empty mode). */
  private goTo(env: EnvName, mode: ArenaModeName): void {
    if (env !== this.env) {
      this.envSelect.value = env;
      this.fillAlgos();
    }
    this.mode = mode;
    void this.show();
  }

  /** Loads agent-file bytes (from the files panel) and shows it in "watch a trained agent". */
  private async loadAgent(bytes: Uint8Array, source: string): Promise<AgentInfo> {
    let info: AgentInfo | null = null;
    let failure: unknown = null;
    const run = this.switching.then(async () => {
      await this.current?.dispose();
      this.current = null;
      try {
        info = await this.session.api.load(bytes);
        const seed = (info.config as { seed?: number }).seed ?? 0;
        this.session.trained = { bytes, info, seed, source, curve: null, loss: [] };
        this.session.holdsTrained = true;
        this.envSelect.value = info.env;
        this.fillAlgos();
        this.algoSelect.value = info.algo;
        this.seedInput.value = String(seed);
        this.mode = 'trained';
      } catch (e) {
        failure = e;
        this.session.holdsTrained = false;
      }
      await this.switchMode();
    });
    this.switching = run.catch(() => {});
    await run;
    if (failure) throw failure;
    return info!;
  }
}
