/**
 * Learning-rate schedules over a run of `total` steps, shared by every trainer (the book's
 * nets, the vision nets, the GANs): cosine decay (Loshchilov & Hutter's SGDR without
 * restarts) from lr down to lr / 100, so the last steps polish instead of stopping dead.
 */
export type LrDecay = 'cosine' | 'none';

export const LR_DECAYS: readonly LrDecay[] = ['cosine', 'none'];

/** The floor cosine decay ends at, as a share of the starting rate. */
export const COSINE_FLOOR = 0.01;

export function cosineDecay(lr: number, step: number, total: number): number {
  const floor = lr * COSINE_FLOOR;
  return floor + ((lr - floor) * (1 + Math.cos((Math.PI * step) / Math.max(total, 1)))) / 2;
}

/** The rate of step `step` (0-based) of `total` under `decay` (none: lr throughout). */
export function scheduledRate(
  lr: number,
  decay: LrDecay | undefined,
  step: number,
  total: number,
): number {
  return decay === 'cosine' ? cosineDecay(lr, step, total) : lr;
}
