/**
 * "Watch it learn": the agent trains in the worker while the page draws one episode in N,
 * at a speed from real time to as fast as the worker goes. Side panels: the return curve
 * (raw and moving average), the TD loss, epsilon and the replay fill, the Q-values of the
 * shown state; for tabular agents on GridWorld, the learned values and arrows on the grid.
 */

import { ENV_INFO, type EnvName, makeEnv } from '../../../envs/registry';
import type { AgentEvent, AgentInfo, Speed } from '../../../workers/agent-api';
import { listener } from '../../../workers/kit/client';
import type { DqnConfig } from '../../rl/dqn-config';
import type { AlgoName } from '../../rl/make-agent';
import { type AnyEnvView, createEnvView, type EnvViewData, showEnvState } from '../../ui/env-view';
import { LineChart, type Point } from '../../ui/line-chart';
import { QValueBars } from '../../ui/q-value-bars';
import {
  TRAINING_STATS_HEIGHT,
  TrainingStats,
  type TrainingStatsData,
} from '../../ui/training-stats';
import { button, el, field, numberInput, select } from '../dom';
import type { UrlState } from '../url-state';
import type { AgentSession, LastPanels } from './agent-session';
import { arenaSizes } from './layout';
import { DEFAULT_SPEED, EXPECTATIONS, SPEEDS } from './learn-speeds';
import { ReturnFeed } from './return-feed';

type RunState = 'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'stopped' | 'error';

/** Episodes averaged by the return curve's smooth line. */
const AVERAGE_WINDOW = 20;

export interface WatchLearnOptions {
  session: AgentSession;
  env: EnvName;
  algo: AlgoName;
  seed: number;
  /** The Arena's URL state: the speed and the episodes shown live there too. */
  url: UrlState;
}

export class WatchLearn {
  readonly element = el('section', { class: 'arena-mode watch-learn', 'data-mode': 'learn' });
  private state: RunState = 'idle';
  private readonly status = el('p', { class: 'lab-status run-status', role: 'status' });
  private readonly facts = el('p', { class: 'muted arena-facts' });
  private readonly buttons = {
    train: button('Train', { class: 'primary', 'data-action': 'train' }),
    pause: button('Pause', { 'data-action': 'pause' }),
    stop: button('Stop', { 'data-action': 'stop' }),
    fresh: button('New agent', { 'data-action': 'new-agent' }),
  };
  private readonly speed = select('speed', SPEEDS, 'max');
  private readonly showEvery = numberInput('showEvery', 1, { min: '1', max: '10000' });
  private view: AnyEnvView | null = null;
  private qBars: QValueBars | null = null;
  private stats: TrainingStats | null = null;
  private returnChart: LineChart | null = null;
  private lossChart: LineChart | null = null;
  /** The return curve (episodes seen and the points plotted). */
  private feed = new ReturnFeed(AVERAGE_WINDOW);
  /** Whether the chart must be drawn again from every plotted point (a new chart). */
  private redrawAll = true;
  private loss: Point[] = [];
  private table: { values: Float32Array; greedy: Int32Array } | null = null;
  private info: AgentInfo | null = null;
  /** What the panels show now, kept with the agent when a run ends. */
  private panels: LastPanels = { shown: null, qValues: null, stats: null };
  private backendName = '';
  private run: Promise<void> | null = null;
  private chartFrame = 0;
  private disposed = false;

  constructor(private readonly opts: WatchLearnOptions) {
    const { url } = opts;
    this.speed.value = url.choice(
      'speed',
      SPEEDS.map(([v]) => v),
      DEFAULT_SPEED[opts.env],
    );
    this.showEvery.value = String(Math.round(url.number('showEvery', 1, 1, 10000)));
    // A speed from a link or the user's own choice stays in the URL (and across games); the
    // game's default is not written, so the next game starts at its own default.
    const chosen = this.speed.value === url.raw('speed');
    url.set({ showEvery: this.showEvery.value, ...(chosen ? { speed: this.speed.value } : {}) });
  }

  private get api() {
    return this.opts.session.api;
  }

  async mount(parent: HTMLElement): Promise<void> {
    parent.append(this.element);
    const { env, algo, session } = this.opts;
    const viewBox = el('div', { class: 'slot arena-view', 'data-view': env });
    const side = el('div', { class: 'arena-side' });
    const qBox = el('div', { class: 'slot', 'data-panel': 'q-values' });
    const statsBox = el('div', { class: 'slot', 'data-panel': 'training-stats' });
    // The return curve sits beside the game (REINFORCEjs's habit): both in the first screen.
    const returnBox = el('div', { class: 'slot', 'data-chart': 'return' });
    side.append(returnBox, qBox, statsBox, this.facts);
    const lossBox = el('div', { class: 'slot', 'data-chart': 'loss' });
    this.element.append(
      this.buildControls(),
      this.status,
      el('div', { class: 'arena-stage' }, viewBox, side),
      el('div', { class: 'lab-charts arena-charts' }, lossBox),
    );
    const sizes = arenaSizes(env, this.element.clientWidth || parent.clientWidth);
    const fits = session.trainedFits(env, algo, this.opts.seed);
    if (fits && session.trained) {
      if (session.trained.curve) this.feed = session.trained.curve;
      this.loss = [...session.trained.loss];
      this.info = session.trained.info;
      if (session.trained.panels) this.panels = session.trained.panels;
    }
    const tabular = algo !== 'dqn';
    const actions = [...ENV_INFO[env].actions];
    const [view, qBars, returnChart, lossChart, stats] = await Promise.all([
      createEnvView(env, viewBox, { ...sizes.view, smoothMs: 60 }),
      QValueBars.create(qBox, {
        width: sizes.side,
        height: 44 + 30 * actions.length,
        title: 'Q-values',
        actions,
      }),
      LineChart.create(returnBox, {
        width: sizes.side,
        height: sizes.wide ? 210 : 200,
        title: 'Episode return',
        xLabel: 'episode',
        xIntegers: true,
        markersUpTo: 0,
        series: [
          { name: 'raw', label: 'return', colorIndex: 1 },
          { name: 'average', label: `avg of ${AVERAGE_WINDOW}`, colorIndex: 0 },
        ],
      }),
      tabular
        ? Promise.resolve(null)
        : LineChart.create(lossBox, {
            width: sizes.chart,
            height: 230,
            title: 'TD loss (Huber, log scale)',
            xLabel: 'env step',
            logY: true,
            markersUpTo: 0,
            series: [{ name: 'loss', label: 'loss', colorIndex: 3 }],
          }),
      tabular
        ? Promise.resolve(null)
        : TrainingStats.create(statsBox, { width: sizes.side, height: TRAINING_STATS_HEIGHT }),
    ]);
    if (this.disposed) {
      for (const c of [view, qBars, returnChart, lossChart, stats]) c?.destroy();
      return;
    }
    this.view = view;
    this.qBars = qBars;
    this.returnChart = returnChart;
    this.lossChart = lossChart;
    this.stats = stats;
    this.drawCurves();
    if (this.loss.length) lossChart?.update({ series: { loss: this.loss } });
    this.showPanels();
    if (tabular) {
      lossBox.append(
        el(
          'p',
          { class: 'muted panel' },
          "A tabular agent has no network and no loss: its learning shows on the grid, as each cell's value (colour) and greedy action (arrow).",
        ),
      );
    }
    this.setState('idle');
    try {
      const choice = await session.backend;
      this.backendName = choice.backend;
      this.status.dataset.backend = choice.backend;
      this.setState('idle');
    } catch (e) {
      this.setState('error', `No backend: ${(e as Error).message}`);
    }
  }

  /**
   * The panels as the last run left them; before any run, the game at its first state (so no
   * panel waits for something that only comes once training starts).
   */
  private showPanels(): void {
    const { shown, qValues, stats } = this.panels;
    if (this.view) showEnvState(this.view, shown ?? this.firstState());
    if (qValues) this.qBars?.update({ values: qValues });
    if (stats) this.stats?.update(stats);
    const d = this.element.dataset;
    d.panels = shown ? 'last-run' : 'first-state';
    d.qValues = String(qValues !== null);
    d.stats = String(stats !== null);
  }

  private firstState(): EnvViewData<unknown> {
    const env = makeEnv(this.opts.env);
    env.reset({ seed: this.opts.seed });
    return { state: env.getState(), info: { episodeReturn: 0, step: 0, episode: 0 } };
  }

  /** Stops a run (waiting for the worker to end it and keep the agent) and removes the page. */
  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.run) {
      if (this.state === 'paused') this.api.resume();
      this.api.stop();
      await this.run;
    }
    cancelAnimationFrame(this.chartFrame);
    for (const c of [this.view, this.qBars, this.returnChart, this.lossChart, this.stats])
      c?.destroy();
    this.element.remove();
  }

  private buildControls(): HTMLElement {
    this.speed.addEventListener('change', () => {
      this.opts.url.set({ speed: this.speed.value });
      if (this.run) void this.api.setSpeed(this.speedValue());
    });
    this.showEvery.addEventListener('change', () => {
      this.opts.url.set({ showEvery: this.showEveryValue() });
      if (this.run) void this.api.setShowEvery(this.showEveryValue());
    });
    this.buttons.train.addEventListener('click', () => void this.train());
    this.buttons.pause.addEventListener('click', () => {
      if (this.state === 'paused') void this.api.resume();
      else void this.api.pause();
    });
    this.buttons.stop.addEventListener('click', () => {
      if (this.state === 'paused') void this.api.resume();
      this.setState('stopping');
      void this.api.stop();
    });
    this.buttons.fresh.addEventListener('click', () => void this.newAgent());
    return el(
      'div',
      { class: 'panel arena-controls' },
      el(
        'div',
        { class: 'form-grid' },
        field(
          'Speed',
          this.speed,
          'Env steps a second: 10 is real time; as fast as possible trains flat out',
        ),
        field(
          'Show one episode in',
          this.showEvery,
          'Draw every Nth episode while training goes on between them',
        ),
      ),
      el(
        'div',
        { class: 'actions' },
        this.buttons.train,
        this.buttons.pause,
        this.buttons.stop,
        this.buttons.fresh,
      ),
    );
  }

  private speedValue(): Speed {
    return this.speed.value === 'max' ? 'max' : Number(this.speed.value);
  }

  private showEveryValue(): number {
    const n = Math.round(Number(this.showEvery.value));
    return Number.isFinite(n) && n >= 1 ? Math.min(10000, n) : 1;
  }

  /** Puts the right agent in the worker: the one trained for this form, else a fresh one. */
  private async prepareAgent(): Promise<void> {
    const { session, env, algo, seed } = this.opts;
    if (session.trainedFits(env, algo, seed)) {
      await session.restoreTrained();
      this.info = session.trained!.info;
      return;
    }
    await this.createAgent();
  }

  private async createAgent(): Promise<void> {
    const { session, env, algo, seed } = this.opts;
    this.info = await this.api.create({ env, algo, seed });
    session.trained = null;
    session.holdsTrained = false;
    this.feed = new ReturnFeed(AVERAGE_WINDOW);
    this.loss = [];
    this.table = null;
    this.panels = { shown: null, qValues: null, stats: null };
    this.showPanels();
    this.returnChart?.clear();
    this.lossChart?.clear();
    this.drawCurves();
  }

  private async newAgent(): Promise<void> {
    if (this.run) return;
    try {
      await this.opts.session.backend;
      await this.createAgent();
      this.setState('idle', 'A fresh agent: nothing learned yet. Press Train.');
    } catch (e) {
      this.setState('error', `Could not create the agent: ${(e as Error).message}`);
    }
  }

  private async train(): Promise<void> {
    if (this.run) return;
    this.setState('starting');
    let done: () => void = () => {};
    this.run = new Promise<void>((r) => {
      done = r;
    });
    try {
      await this.opts.session.backend;
      await this.prepareAgent();
      if (this.disposed) return;
      this.setState('running');
      const summary = await this.api.start(
        listener((e: AgentEvent) => this.onEvent(e)),
        { speed: this.speedValue(), showEvery: this.showEveryValue() },
      );
      const kept = await this.opts.session.keep(
        'trained in the Arena',
        this.opts.seed,
        this.feed,
        this.loss,
      );
      this.info = kept.info;
      kept.panels = this.panels;
      this.setState(
        'stopped',
        `Stopped after ${summary.totalSteps.toLocaleString('en-US')} env steps and ${kept.info.episodes.toLocaleString('en-US')} episodes (${Math.round(summary.stepsPerSecond).toLocaleString('en-US')} steps/s). Train goes on from here; "Watch a trained agent" plays it.`,
      );
    } catch (e) {
      this.setState('error', `Training failed: ${(e as Error).message}`);
    } finally {
      this.run = null;
      done();
      this.updateButtons();
    }
  }

  private onEvent(e: AgentEvent): void {
    if (this.disposed) return;
    switch (e.type) {
      case 'episodes':
        for (const ep of e.episodes) {
          this.feed.push(ep.return);
        }
        this.element.dataset.episodes = String(this.feed.count);
        this.scheduleCurves();
        break;
      case 'progress':
        if (e.loss !== null && Number.isFinite(e.loss) && e.loss > 0) {
          const p: Point = [e.steps, e.loss];
          this.loss.push(p);
          this.lossChart?.append('loss', [p]);
        }
        this.panels.stats = {
          replaySize: e.replaySize,
          replayCapacity: e.replayCapacity,
          epsilon: e.epsilon,
          epsilonFinal: this.epsilonFinal(),
          envSteps: e.steps,
          updates: e.updates,
          stepsPerSecond: e.stepsPerSecond,
          backend: this.backendName,
        } satisfies TrainingStatsData;
        this.stats?.update(this.panels.stats);
        this.element.dataset.steps = String(e.steps);
        this.facts.textContent = `${e.steps.toLocaleString('en-US')} env steps · ${e.episodes.toLocaleString('en-US')} episodes · ${e.updates.toLocaleString('en-US')} updates · ε ${e.epsilon.toFixed(3)} · ${Math.round(e.stepsPerSecond).toLocaleString('en-US')} steps/s`;
        break;
      case 'snapshot': {
        if (!this.view) break;
        const info = {
          episodeReturn: e.shown.episodeReturn,
          step: e.shown.step,
          episode: e.shown.episode,
        };
        const data = { state: e.snapshot.state, info, ...(this.table ?? {}) };
        showEnvState(this.view, data);
        this.panels.shown = data;
        if (e.qValues) {
          this.qBars?.update({ values: e.qValues });
          this.panels.qValues = e.qValues;
        }
        this.element.dataset.snapshots = String(Number(this.element.dataset.snapshots ?? 0) + 1);
        break;
      }
      case 'table':
        this.table = { values: e.values, greedy: e.greedyActions };
        this.element.dataset.table = 'true';
        break;
      case 'paused':
        this.setState('paused');
        break;
      case 'resumed':
        this.setState('running');
        break;
    }
  }

  private epsilonFinal(): number | undefined {
    const config = this.info?.config as DqnConfig | undefined;
    return config?.epsilon?.end;
  }

  private scheduleCurves(): void {
    if (this.chartFrame) return;
    this.chartFrame = requestAnimationFrame(() => {
      this.chartFrame = 0;
      this.drawCurves();
    });
  }

  /** Appends the return curve's new points (constant work per episode, however many). */
  private drawCurves(): void {
    if (!this.returnChart) return;
    const { raw, average, replace } = this.redrawAll ? this.feed.all() : this.feed.take();
    this.redrawAll = false;
    if (replace) {
      this.returnChart.update({ series: { raw, average } });
    } else {
      this.returnChart.append('raw', raw);
      this.returnChart.append('average', average);
    }
    this.element.dataset.curvePoints = String(this.feed.count);
    this.element.dataset.binSize = String(this.feed.binSize);
  }

  private setState(state: RunState, message?: string): void {
    this.state = state;
    this.element.dataset.state = state;
    const backend = this.backendName ? ` on ${this.backendName}` : '';
    const expect = EXPECTATIONS[this.opts.env];
    this.status.dataset.expect = expect;
    const defaults: Record<RunState, string> = {
      idle: this.feed.count
        ? `Ready: ${this.feed.count.toLocaleString('en-US')} episodes learned so far. Train goes on.`
        : `Ready: press Train. ${expect}`,
      starting: 'Starting…',
      running: `Training${backend}… ${expect}`,
      paused: 'Paused: the worker waits; Resume goes on where it stopped.',
      stopping: 'Stopping…',
      stopped: 'Stopped.',
      error: 'Something went wrong.',
    };
    this.status.textContent = message ?? defaults[state];
    this.status.classList.toggle('error', state === 'error');
    this.updateButtons();
  }

  private updateButtons(): void {
    const running = this.run !== null;
    const live = this.state === 'running' || this.state === 'paused';
    this.buttons.train.disabled = running;
    this.buttons.train.textContent = this.feed.count ? 'Train more' : 'Train';
    this.buttons.pause.disabled = !live;
    this.buttons.pause.textContent = this.state === 'paused' ? 'Resume' : 'Pause';
    this.buttons.stop.disabled = !live;
    this.buttons.fresh.disabled = running;
  }
}
