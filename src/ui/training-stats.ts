/**
 * The DQN's training state at a glance: replay buffer fill (size / capacity as a bar with the
 * numbers) and epsilon (the chance of a random, exploring action) as a second bar with the
 * schedule's floor marked, then a line of counts: env steps, gradient updates, speed, backend.
 */
import { Graphics } from 'pixi.js';
import { fillFraction, trainingFacts } from './arena-math';
import { formatCount } from './format';
import { PixiComponent } from './pixi-component';
import { FONT, makeTitle, TextPool } from './pixi-text';

export interface TrainingStatsOptions {
  width: number;
  /** Default 150, what the content needs. */
  height?: number;
  /** Heading (default "Training"). */
  title?: string;
}

export interface TrainingStatsData {
  /** Transitions stored in the replay buffer. */
  replaySize: number;
  replayCapacity: number;
  /** Current epsilon of the epsilon-greedy policy (0..1). */
  epsilon: number;
  /** The schedule's final epsilon, marked on the bar. */
  epsilonFinal?: number;
  envSteps?: number;
  /** Gradient updates of the network so far. */
  updates?: number;
  /** Env steps per second of the training loop. */
  stepsPerSecond?: number;
  /** The tfjs backend that runs the math ("wasm", "webgpu"...). */
  backend?: string;
}

const PAD = 12;
export const TRAINING_STATS_HEIGHT = 150;

export class TrainingStats extends PixiComponent<TrainingStatsData> {
  private g!: Graphics;
  private labels!: TextPool;
  private values!: TextPool;
  private small!: TextPool;
  private data: TrainingStatsData | null = null;

  private constructor(
    host: HTMLElement,
    private readonly opts: TrainingStatsOptions,
  ) {
    super(host, { width: opts.width, height: opts.height ?? TRAINING_STATS_HEIGHT });
  }

  protected buildScene(): void {
    const t = this.theme;
    const opts = this.opts;
    this.g = new Graphics();
    this.labels = new TextPool(t, { size: FONT.body, color: t.muted });
    this.values = new TextPool(t, { size: FONT.body, color: t.text, weight: '600' });
    this.small = new TextPool(t, { size: FONT.small, color: t.muted });
    const title = makeTitle(t, opts.title ?? 'Training');
    this.stage.addChild(
      this.g,
      title,
      this.labels.container,
      this.values.container,
      this.small.container,
    );
  }

  static async create(parent: HTMLElement, options: TrainingStatsOptions): Promise<TrainingStats> {
    const label = options.title ?? 'Training';
    const size = { width: options.width, height: options.height ?? TRAINING_STATS_HEIGHT };
    const card = { className: 'ga-training-stats', label, ...size };
    return PixiComponent.mount(parent, card, (host) => new TrainingStats(host, options));
  }

  update(data: TrainingStatsData): void {
    if (!(data.replayCapacity > 0)) {
      throw new Error(
        `training stats: replayCapacity must be positive, got ${data.replayCapacity}`,
      );
    }
    this.data = data;
    const pct = (fillFraction(data.replaySize, data.replayCapacity) * 100).toFixed(0);
    this.element.setAttribute(
      'aria-label',
      `Replay buffer ${pct}% full, epsilon ${data.epsilon.toFixed(3)}${data.backend ? `, backend ${data.backend}` : ''}`,
    );
    this.requestRedraw();
  }

  protected draw(): void {
    const t = this.theme;
    const { width } = this.opts;
    const pools = [this.labels, this.values, this.small];
    for (const p of pools) p.reset();
    const g = this.g;
    g.clear();
    const d = this.data;
    const barW = width - 2 * PAD;

    const row = (
      y: number,
      name: string,
      value: string,
      fraction: number,
      color: number,
      marker?: number,
    ): void => {
      this.labels.take(name).position.set(PAD, y);
      const v = this.values.take(value);
      v.anchor.set(1, 0);
      v.position.set(width - PAD, y);
      const by = y + FONT.body + 7;
      g.roundRect(PAD, by, barW, 8, 4).fill({ color: t.grid });
      const w = barW * Math.min(1, Math.max(0, fraction));
      if (w > 0.5) g.roundRect(PAD, by, w, 8, Math.min(4, w / 2)).fill(color);
      if (marker !== undefined && marker > 0 && marker < 1) {
        const mx = Math.round(PAD + barW * marker) + 0.5;
        g.moveTo(mx, by - 3)
          .lineTo(mx, by + 11)
          .stroke({ width: 2, color: t.text, alpha: 0.6 });
      }
    };

    const top = PAD + 24;
    if (d === null) {
      this.labels.take('Waiting for training…').position.set(PAD, top);
    } else {
      const frac = fillFraction(d.replaySize, d.replayCapacity);
      row(
        top,
        'Replay buffer',
        `${formatCount(d.replaySize)} / ${formatCount(d.replayCapacity)} · ${(frac * 100).toFixed(0)}%`,
        frac,
        t.accent2,
      );
      const eps = Number.isFinite(d.epsilon) ? Math.min(1, Math.max(0, d.epsilon)) : 0;
      row(top + 38, 'ε (explore)', eps.toFixed(3), eps, t.series[2], d.epsilonFinal);
      const facts = trainingFacts(d);
      if (facts) this.small.take(facts).position.set(PAD, top + 80);
    }
    for (const p of pools) p.finish();
  }
}
