/**
 * Learn's cabinet screen: a 2-2-1 net learning XOR by backpropagation, live (xor-net.ts), drawn
 * by the perceptron lab's own plot: each hidden unit's line, the band where the net says 1, and
 * the four inputs. When it has learnt XOR it rests a moment and starts again from new random
 * weights; a start that sticks in a local minimum (it happens, about one in ten) is said and
 * restarted.
 */
import { PerceptronPlot } from '../../ui/perceptron-plot';
import { type Thumbnail, ThumbnailBase, type ThumbnailSlot } from './thumbnail';
import { XOR_TARGETS, XorNet } from './xor-net';

const TICK_MS = 60;
/** Gradient steps a tick (about 100 a second: a start learns XOR in 2 to 5 seconds). */
const STEPS_PER_TICK = 6;
const LEARNING_RATE = 2;
/** Learnt: the mean cross-entropy under this (every output within about 0.05 of its target). */
const LEARNT_LOSS = 0.05;
/** A start that has not learnt by now is stuck. */
const GIVE_UP_STEPS = 3000;
/** Ticks to rest on a learnt (or stuck) net before the next start. */
const REST_TICKS = 40;

export class LearnThumb extends ThumbnailBase {
  private readonly net: XorNet;
  private seed = 1;
  private rest = 0;
  private loss: number;

  private constructor(
    slot: ThumbnailSlot,
    private readonly plot: PerceptronPlot,
  ) {
    super(slot, TICK_MS);
    this.net = new XorNet(this.seed);
    this.loss = this.net.loss();
    this.show();
  }

  static async create(slot: ThumbnailSlot): Promise<Thumbnail> {
    const plot = await PerceptronPlot.create(slot.host, { width: slot.width, height: slot.height });
    return new LearnThumb(slot, plot).begin();
  }

  protected tick(): void {
    if (this.rest > 0) {
      if (--this.rest === 0) {
        this.seed++;
        this.net.reset(this.seed);
        this.loss = this.net.loss();
        this.show();
      }
      return;
    }
    for (let i = 0; i < STEPS_PER_TICK; i++) this.net.train(LEARNING_RATE);
    this.loss = this.net.loss();
    if (this.loss < LEARNT_LOSS || this.net.steps >= GIVE_UP_STEPS) this.rest = REST_TICKS;
    this.show();
  }

  private show(): void {
    const { hidden, output } = this.net.asPerceptrons();
    const learnt = this.loss < LEARNT_LOSS;
    const stuck = !learnt && this.net.steps >= GIVE_UP_STEPS;
    this.plot.update({
      mode: 'two-layer',
      layers: hidden,
      output,
      expected: XOR_TARGETS,
      labels: ['h\u2081', 'h\u2082'],
      // Short: the plot's status ("2 of 4 wrong") shares the caption's line.
      label: 'XOR',
    });
    const state = learnt ? 'LEARNT!' : stuck ? 'STUCK: NEW START' : `${this.net.correct()}/4 RIGHT`;
    this.shown(
      `STEP ${String(this.net.steps).padStart(4, '0')} · LOSS ${this.loss.toFixed(3)} · ${state}`,
    );
  }

  protected dispose(): void {
    this.plot.destroy();
  }
}
