/**
 * How a GAN run fails, detected and said plainly:
 * - the discriminator wins: D(G(z)) stays near 0 for many steps, so the generator's loss
 *   saturates and it learns nothing more (its samples stop changing);
 * - mode collapse: the generator makes nearly the same image whatever the noise. Measured on
 *   the fixed-noise samples: their mean pairwise distance against real digits' (within each
 *   asked class for a conditional net), once it had been higher;
 * - divergence (a non-finite loss or weight) is the trainer's: it stops at once.
 */

export interface GanHealthOptions {
  /** D(G(z)) below this counts as "near 0". */
  fakeFloor: number;
  /** ...for this many consecutive steps. */
  pinnedSteps: number;
  /** Samples whose diversity falls below this share of real images' have collapsed... */
  collapseShare: number;
  /** ...and below this share of the best diversity seen in the run (so a generator that
   * has not spread out yet, as at the start, is not called collapsed). */
  dropShare: number;
  /** No collapse is called before this step. */
  warmupSteps: number;
}

export const DEFAULT_GAN_HEALTH: GanHealthOptions = {
  fakeFloor: 0.01,
  pinnedSteps: 300,
  collapseShare: 0.3,
  dropShare: 0.5,
  warmupSteps: 200,
};

export type GanWarningKind = 'discriminator-wins' | 'mode-collapse';

export interface GanWarning {
  kind: GanWarningKind;
  step: number;
  message: string;
}

export class GanHealth {
  readonly options: GanHealthOptions;
  private pinned = 0;
  private pinnedSaid = false;
  private bestDiversity = 0;
  private collapseSaid = false;

  constructor(
    /** Diversity of real images, the yardstick of the samples' (see `diversity`). */
    readonly realDiversity: number,
    options: Partial<GanHealthOptions> = {},
  ) {
    this.options = { ...DEFAULT_GAN_HEALTH, ...options };
  }

  /** After each step: D(G(z)) as the discriminator saw the fakes. */
  observeStep(step: number, fakeness: number): GanWarning | null {
    const o = this.options;
    if (fakeness < o.fakeFloor) this.pinned++;
    else {
      this.pinned = 0;
      this.pinnedSaid = false;
    }
    if (this.pinned < o.pinnedSteps || this.pinnedSaid) return null;
    this.pinnedSaid = true;
    return {
      kind: 'discriminator-wins',
      step,
      message: `the discriminator wins: D(G(z)) has stayed below ${o.fakeFloor} for ${this.pinned} steps, so the generator gets almost no gradient and has stopped learning (restart with another seed, or give the discriminator a smaller learning rate)`,
    };
  }

  /** After the fixed-noise samples are drawn: their diversity (see `diversity`). */
  observeSamples(step: number, sampleDiversity: number): GanWarning | null {
    const o = this.options;
    this.bestDiversity = Math.max(this.bestDiversity, sampleDiversity);
    const collapsed =
      step >= o.warmupSteps &&
      sampleDiversity < o.collapseShare * this.realDiversity &&
      sampleDiversity < o.dropShare * this.bestDiversity;
    if (!collapsed) {
      this.collapseSaid = false;
      return null;
    }
    if (this.collapseSaid) return null;
    this.collapseSaid = true;
    const ratio = this.realDiversity / Math.max(sampleDiversity, 1e-12);
    return {
      kind: 'mode-collapse',
      step,
      message: `mode collapse: the fixed-noise samples look alike (their mean distance ${sampleDiversity.toFixed(2)} is ${ratio.toFixed(1)}x less than real digits' ${this.realDiversity.toFixed(2)}, and down from ${this.bestDiversity.toFixed(2)}): the generator makes a few images whatever the noise (restart with another seed or a smaller learning rate)`,
    };
  }
}

/**
 * Mean Euclidean distance between pairs of images (n images of `pixels` values each), over
 * pairs within the same group when `groups` is given (a conditional net's asked labels: a
 * generator that draws every 7 alike has collapsed even though its 7s differ from its 1s).
 */
export function diversity(
  images: Float32Array,
  pixels: number,
  groups: ArrayLike<number> | null = null,
): number {
  const n = images.length / pixels;
  if (!Number.isInteger(n))
    throw new Error(`diversity: ${images.length} values is not whole images of ${pixels}`);
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      if (groups && groups[i] !== groups[j]) continue;
      let d2 = 0;
      for (let p = 0; p < pixels; p++) {
        const d = images[i * pixels + p] - images[j * pixels + p];
        d2 += d * d;
      }
      sum += Math.sqrt(d2);
      pairs++;
    }
  return pairs > 0 ? sum / pairs : 0;
}
