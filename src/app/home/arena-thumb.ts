/**
 * The Arena's cabinet screen: the real Breakout env (envs/breakout.ts) in the Arena's own view,
 * played by the scripted demo policy (demo-policy.ts), which slips now and then so that games
 * end and start again. Stepped on this thread: a step is a few array writes.
 */
import { Breakout } from '../../../envs/breakout';
import { Mulberry32 } from '../../math/mulberry32';
import { BreakoutView } from '../../ui/breakout-view';
import { slippyDemoAction } from './demo-policy';
import { type Thumbnail, ThumbnailBase, type ThumbnailSlot } from './thumbnail';

/** Milliseconds a step: about 8 moves a second, easy to follow. */
const STEP_MS = 125;
/** Chance of a random move instead of the rule's: games of a few to a few hundred steps. */
const SLIP = 0.02;
/** Steps the "Game over" banner stays before the next game. */
const HOLD_STEPS = 12;

export class ArenaThumb extends ThumbnailBase {
  private readonly env: Breakout;
  private readonly random: Mulberry32;
  private episode = 1;
  private episodeReturn = 0;
  private hold = 0;
  /** The best game's score since Home opened. */
  private best = 0;

  private constructor(
    slot: ThumbnailSlot,
    private readonly view: BreakoutView,
    seed: number,
  ) {
    super(slot, STEP_MS);
    this.env = new Breakout({ seed, maxSteps: 2000 });
    this.random = new Mulberry32(seed);
    this.env.reset();
    this.show();
  }

  static async create(slot: ThumbnailSlot): Promise<Thumbnail> {
    const view = await BreakoutView.create(slot.host, {
      width: slot.width,
      height: slot.height,
      title: 'Breakout · demo policy',
      smoothMs: 90,
    });
    return new ArenaThumb(slot, view, 1).begin();
  }

  protected tick(): void {
    if (this.env.getState().done) {
      if (++this.hold < HOLD_STEPS) return;
      this.hold = 0;
      this.episode++;
      this.episodeReturn = 0;
      this.env.reset();
    } else {
      const action = slippyDemoAction(this.env.getState(), SLIP, () => this.random.next());
      this.episodeReturn += this.env.step(action).reward;
    }
    this.show();
  }

  private show(): void {
    const state = this.env.getState();
    this.view.update({
      state,
      info: { episodeReturn: this.episodeReturn, step: state.steps, episode: this.episode },
    });
    this.best = Math.max(this.best, this.episodeReturn);
    this.shown(`HI-SCORE ${this.best} · scripted demo, no learning`);
  }

  protected dispose(): void {
    this.view.destroy();
  }
}
