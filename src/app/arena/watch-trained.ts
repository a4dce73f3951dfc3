/**
 * "Watch a trained agent": a shipped agent (models/agents/*.gaa) or the one trained or loaded
 * on this page plays greedily in the worker while the view draws every step; its greedy mean
 * return over evaluation episodes is shown beside a random policy's on the same episodes.
 */

import { ENV_INFO, ENV_NAMES, type EnvName } from '../../../envs/registry';
import type { AgentEvent, EvalSummary } from '../../../workers/agent-api';
import { listener } from '../../../workers/kit/client';
import { formatReturn } from '../../ui/arena-math';
import { type AnyEnvView, createEnvView, showEnvState } from '../../ui/env-view';
import { QValueBars } from '../../ui/q-value-bars';
import { button, el, field, select, wideField } from '../dom';
import { type AgentSession, ALGO_LABELS } from './agent-session';
import { arenaSizes } from './layout';
import { fetchShippedAgent, type ShippedAgent, shippedAgents } from './shipped-agents';

/** Evaluation episodes (seeded EVAL_SEED + k) for the agent and for the random baseline. */
const EVAL_EPISODES = 20;
const EVAL_SEED = 10_000;

const FPS: Array<[string, string]> = [
  ['5', '5 steps/s'],
  ['10', '10 steps/s'],
  ['25', '25 steps/s'],
  ['50', '50 steps/s'],
];

type Source = { kind: 'shipped'; agent: ShippedAgent } | { kind: 'trained' };

export interface WatchTrainedOptions {
  session: AgentSession;
  env: EnvName;
  /** The ways out of an empty list: train one here ('learn'), or another game's agents. */
  goTo: (env: EnvName, mode: 'learn' | 'trained') => void;
}

export class WatchTrained {
  readonly element = el('section', { class: 'arena-mode watch-trained', 'data-mode': 'trained' });
  private readonly status = el('p', { class: 'lab-status run-status', role: 'status' });
  private readonly evalText = el('p', { class: 'eval-result' });
  private readonly sourceSelect = select('agentSource', [], '');
  private readonly fps: HTMLSelectElement;
  private readonly buttons = {
    play: button('Play', { class: 'primary', 'data-action': 'play' }),
    stop: button('Stop', { 'data-action': 'stop-play' }),
  };
  private readonly sources = new Map<string, Source>();
  private view: AnyEnvView | null = null;
  private qBars: QValueBars | null = null;
  private run: Promise<void> | null = null;
  private disposed = false;

  constructor(private readonly opts: WatchTrainedOptions) {
    this.fps = select('fps', FPS, opts.env === 'cartpole' ? '50' : '10');
  }

  private get api() {
    return this.opts.session.api;
  }

  async mount(parent: HTMLElement): Promise<void> {
    parent.append(this.element);
    const { env, session } = this.opts;
    const shipped = shippedAgents(env);
    for (const a of shipped) this.sources.set(`shipped:${a.file}`, { kind: 'shipped', agent: a });
    const t = session.trained;
    if (t && t.info.env === env) this.sources.set('trained', { kind: 'trained' });
    for (const [key, s] of this.sources) {
      const text =
        s.kind === 'shipped'
          ? `shipped: ${s.agent.file}`
          : `${t!.source} (${ALGO_LABELS[t!.info.algo]}, ${t!.info.steps.toLocaleString('en-US')} steps)`;
      this.sourceSelect.append(el('option', { value: key }, text));
    }
    if (this.sources.has('trained')) this.sourceSelect.value = 'trained';
    if (this.sources.size === 0) {
      this.mountEmpty();
      return;
    }
    const notes: string[] = [];
    if (!this.sources.has('trained'))
      notes.push('Or train one in "Watch it learn" (or load a .gaa file below) to watch it here.');
    this.buttons.play.addEventListener('click', () => void this.play());
    this.buttons.stop.addEventListener('click', () => void this.api.stop());
    const viewBox = el('div', { class: 'slot arena-view', 'data-view': env });
    const qBox = el('div', { class: 'slot', 'data-panel': 'q-values' });
    this.element.append(
      el(
        'div',
        { class: 'panel arena-controls' },
        el(
          'div',
          { class: 'form-grid' },
          wideField(field('Agent', this.sourceSelect)),
          field(
            'Speed',
            this.fps,
            'Frames (env steps) a second while it plays; 50 is CartPole in real time',
          ),
        ),
        notes.length ? el('p', { class: 'muted shipped-note' }, notes.join(' ')) : '',
        el('div', { class: 'actions' }, this.buttons.play, this.buttons.stop),
      ),
      this.status,
      el(
        'div',
        { class: 'arena-stage' },
        viewBox,
        el('div', { class: 'arena-side' }, qBox, this.evalText),
      ),
    );
    const sizes = arenaSizes(env, this.element.clientWidth || parent.clientWidth);
    const actions = [...ENV_INFO[env].actions];
    const [view, qBars] = await Promise.all([
      createEnvView(env, viewBox, { ...sizes.view, smoothMs: 60 }),
      QValueBars.create(qBox, {
        width: sizes.side,
        height: 44 + 30 * actions.length,
        title: 'Q-values',
        actions,
      }),
    ]);
    if (this.disposed) {
      view.destroy();
      qBars.destroy();
      return;
    }
    this.view = view;
    this.qBars = qBars;
    this.setStatus('Press Play: it is evaluated first, then plays greedily.');
    this.updateButtons();
  }

  /** No agent to watch: say why, and offer the ways forward instead of panels that wait. */
  private mountEmpty(): void {
    const { env, goTo } = this.opts;
    const title = ENV_INFO[env].title;
    const train = button(`Train one here (${title})`, {
      class: 'primary',
      'data-action': 'train-here',
    });
    train.addEventListener('click', () => goTo(env, 'learn'));
    const others = ENV_NAMES.filter((e) => e !== env && shippedAgents(e).length > 0).map((e) => {
      const b = button(`Watch ${ENV_INFO[e].title}`, {
        'data-action': 'watch-other',
        'data-env': e,
      });
      b.addEventListener('click', () => goTo(e, 'trained'));
      return b;
    });
    const why =
      env === 'gridworld'
        ? 'No trained GridWorld agent ships with the app: a Q-table learns it here in a few seconds.'
        : `No trained ${title} agent ships with the app, and none was trained or loaded on this page.`;
    this.element.dataset.empty = 'true';
    this.element.append(
      el(
        'div',
        { class: 'panel empty-state' },
        el('h3', {}, 'Nothing to watch yet'),
        el('p', {}, why),
        el('div', { class: 'actions' }, train, ...others),
        el('p', { class: 'muted' }, 'Or load an agent file (.gaa) below.'),
      ),
    );
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.run) {
      this.api.stop();
      await this.run;
    }
    this.view?.destroy();
    this.qBars?.destroy();
    this.element.remove();
  }

  private async play(): Promise<void> {
    const source = this.sources.get(this.sourceSelect.value);
    if (this.run || !source) return;
    let done: () => void = () => {};
    this.run = new Promise<void>((r) => {
      done = r;
    });
    this.updateButtons();
    try {
      const { session, env } = this.opts;
      await session.backend;
      this.setStatus('Loading the agent…');
      if (source.kind === 'shipped') {
        const bytes = await fetchShippedAgent(source.agent);
        await this.api.load(bytes, env);
        session.holdsTrained = false;
      } else {
        await session.restoreTrained();
      }
      if (this.disposed) return;
      this.setStatus(
        `Evaluating over ${EVAL_EPISODES} episodes, and a random policy on the same ones…`,
      );
      const greedy = await this.api.evaluate(EVAL_EPISODES, EVAL_SEED);
      const random = await this.api.randomBaseline(EVAL_EPISODES, EVAL_SEED);
      if (greedy.stopped || this.disposed) {
        this.setStatus('Stopped.');
        return;
      }
      this.showEval(greedy, random);
      this.setStatus('Playing greedily (Stop ends it).');
      const played = await this.api.play(
        listener((e: AgentEvent) => this.onEvent(e)),
        { episodes: 5, seed: EVAL_SEED + EVAL_EPISODES, fps: Number(this.fps.value) },
      );
      this.setStatus(
        `Played ${played.returns.length} episode${played.returns.length === 1 ? '' : 's'}: returns ${played.returns.map(formatReturn).join(', ')}.`,
      );
    } catch (e) {
      this.setStatus(`Could not play it: ${(e as Error).message}`, true);
    } finally {
      this.run = null;
      done();
      this.updateButtons();
    }
  }

  private showEval(greedy: EvalSummary, random: EvalSummary): void {
    const f = (s: EvalSummary) => `${formatReturn(s.mean)} ± ${formatReturn(s.std)}`;
    this.evalText.replaceChildren(
      el('strong', {}, 'Mean return'),
      el('br'),
      `greedy agent: ${f(greedy)}`,
      el('br'),
      `random policy: ${f(random)}`,
      el('br'),
      el('span', { class: 'muted' }, `${greedy.episodes} episodes each, seeds ${greedy.seed}+`),
    );
    this.element.dataset.evalMean = String(greedy.mean);
    this.element.dataset.randomMean = String(random.mean);
  }

  private onEvent(e: AgentEvent): void {
    if (this.disposed || e.type !== 'snapshot' || !this.view) return;
    showEnvState(this.view, {
      state: e.snapshot.state,
      info: { episodeReturn: e.shown.episodeReturn, step: e.shown.step, episode: e.shown.episode },
    });
    if (e.qValues) this.qBars?.update({ values: e.qValues });
    this.element.dataset.frames = String(Number(this.element.dataset.frames ?? 0) + 1);
  }

  private setStatus(text: string, error = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('error', error);
  }

  private updateButtons(): void {
    this.buttons.play.disabled = this.run !== null || this.sources.size === 0;
    this.buttons.stop.disabled = this.run === null;
    this.sourceSelect.disabled = this.run !== null || this.sources.size === 0;
  }
}
