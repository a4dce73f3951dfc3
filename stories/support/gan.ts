/**
 * Story helpers for the "Make digits" components: stand-ins for a GAN's output made from the
 * MNIST test digits `virtual:mnist-sample` ships (no generator runs in a story), and made-up
 * but typical training curves. Seeded, so stories and their screenshots repeat.
 */
import { pixelsBase64, count as sampleCount, labels as sampleLabels } from 'virtual:mnist-sample';
import type { GanLossPoint } from '../../src/ui/gan-loss-panel';
import { gaussian, rng } from './mount';

const SIZE = 28;
const PIXELS = SIZE * SIZE;

let digits: Float32Array | null = null;

/** The sample's digits as 0..1 floats, 784 each. */
function sample(): Float32Array {
  if (!digits) {
    const bytes = Uint8Array.from(atob(pixelsBase64), (c) => c.charCodeAt(0));
    digits = Float32Array.from(bytes, (b) => b / 255);
  }
  return digits;
}

/** Digit i of the sample shifted by (dx, dy) pixels. */
function digit(i: number, dx = 0, dy = 0): Float32Array {
  const src = sample().subarray((i % sampleCount) * PIXELS, ((i % sampleCount) + 1) * PIXELS);
  const out = new Float32Array(PIXELS);
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      const sx = x - dx;
      const sy = y - dy;
      out[y * SIZE + x] = sx >= 0 && sx < SIZE && sy >= 0 && sy < SIZE ? src[sy * SIZE + sx] : 0;
    }
  return out;
}

/** A 3x3 box blur, `passes` times. */
function blur(img: Float32Array, passes: number): Float32Array {
  let a = img;
  for (let p = 0; p < passes; p++) {
    const b = new Float32Array(PIXELS);
    for (let y = 0; y < SIZE; y++)
      for (let x = 0; x < SIZE; x++) {
        let s = 0;
        let n = 0;
        for (let v = -1; v <= 1; v++)
          for (let u = -1; u <= 1; u++) {
            const yy = y + v;
            const xx = x + u;
            if (yy >= 0 && yy < SIZE && xx >= 0 && xx < SIZE) {
              s += a[yy * SIZE + xx];
              n++;
            }
          }
        b[y * SIZE + x] = s / n;
      }
    a = b;
  }
  return a;
}

export type TrainingStage = 'untrained' | 'early' | 'learning' | 'trained' | 'collapsed';

/**
 * `count` stand-in samples at a stage of training: untrained (tanh(≈0): flat grey), early
 * (one grey blob, alike whatever the noise), learning (blurred, noisy strokes), trained (the
 * test digits with a little noise), collapsed (the same digit over and over).
 */
export function stageImages(stage: TrainingStage, count: number, seed = 1): Float32Array {
  const normal = gaussian(rng(seed));
  const out = new Float32Array(count * PIXELS);
  const mean = new Float32Array(PIXELS);
  for (let i = 0; i < sampleCount; i++) {
    const d = digit(i);
    for (let p = 0; p < PIXELS; p++) mean[p] += d[p] / sampleCount;
  }
  for (let i = 0; i < count; i++) {
    let img: Float32Array;
    if (stage === 'untrained') img = new Float32Array(PIXELS).fill(0.5);
    else if (stage === 'early') img = blur(mean, 2);
    else if (stage === 'learning') img = blur(digit(i), 1);
    else if (stage === 'collapsed') img = digit(0, i % 2, (i >> 1) % 2);
    else img = digit(i);
    const noise = stage === 'untrained' ? 0.01 : stage === 'trained' ? 0.03 : 0.12;
    for (let p = 0; p < PIXELS; p++)
      out[i * PIXELS + p] = Math.min(
        1,
        Math.max(0, img[p] * (stage === 'early' ? 1.6 : 1) + noise * normal()),
      );
  }
  return out;
}

/** A row per digit (0..9), `columns` stand-ins each: the conditional GAN's grid. */
export function rowPerDigit(columns: number): Float32Array {
  const out = new Float32Array(10 * columns * PIXELS);
  for (let d = 0; d < 10; d++) {
    const mine = sampleLabels.flatMap((l, i) => (l === d ? [i] : []));
    for (let c = 0; c < columns; c++) {
      // Fewer than `columns` of a digit in the sample: the same ones, shifted a pixel.
      const i = mine[c % mine.length];
      const shift = Math.floor(c / mine.length);
      out.set(digit(i, shift % 2, shift > 1 ? 1 : 0), (d * columns + c) * PIXELS);
    }
  }
  return out;
}

/**
 * A stand-in latent walk: `keys` digits visited in turn, `framesPerLeg` frames a leg, each
 * frame a cross-fade with the stroke drifting between the two digits' centres of mass (a
 * real walk morphs the strokes; this only shows the view).
 */
export function walkFrames(
  keys: number[],
  framesPerLeg: number,
  loop: boolean,
): { frames: Float32Array; count: number; keyframes: number[] } {
  const points = loop ? [...keys, keys[0]] : keys;
  const legs = points.length - 1;
  const count = legs * (framesPerLeg - 1) + (loop ? 0 : 1);
  const frames = new Float32Array(count * PIXELS);
  const keyframes: number[] = [];
  let at = 0;
  for (let leg = 0; leg < legs; leg++) {
    keyframes.push(at);
    const a = digit(points[leg]);
    const b = digit(points[leg + 1]);
    const last = leg === legs - 1 && !loop ? framesPerLeg : framesPerLeg - 1;
    for (let f = 0; f < last; f++) {
      const t = f / (framesPerLeg - 1);
      const s = t * t * (3 - 2 * t);
      for (let p = 0; p < PIXELS; p++) frames[(at + f) * PIXELS + p] = a[p] * (1 - s) + b[p] * s;
    }
    at += last;
  }
  if (!loop) keyframes.push(count - 1);
  return { frames, count, keyframes };
}

export type RunKind = 'healthy' | 'infogan' | 'discriminator-wins';

/**
 * Typical per-step figures of a DCGAN run on MNIST: D's loss from 2 ln 2 (it cannot tell)
 * settling near 1, G's rising from ln 2 and noisy, D(x) and D(G(z)) parting from 0.5; or the
 * discriminator winning, D(G(z)) pinned near 0 and G's loss climbing. An InfoGAN's run is the
 * healthy one with Q's loss falling from ln 10 as the discriminator learns to read the code.
 */
export function ganRun(kind: RunKind, steps: number, seed = 3): GanLossPoint[] {
  const normal = gaussian(rng(seed));
  const out: GanLossPoint[] = [];
  for (let step = 1; step <= steps; step++) {
    const u = step / steps;
    if (kind === 'healthy' || kind === 'infogan') {
      const settle = 1 - Math.exp(-step / 60);
      const realness = 0.5 + 0.18 * settle + 0.05 * normal();
      const fakeness = 0.5 - 0.2 * settle + 0.05 * normal();
      out.push({
        step,
        discriminatorLoss: 2 * Math.LN2 - 0.3 * settle + 0.08 * normal(),
        generatorLoss: Math.LN2 + 0.6 * settle + 0.15 * normal(),
        realness: Math.min(0.99, Math.max(0.01, realness)),
        fakeness: Math.min(0.99, Math.max(0.01, fakeness)),
        ...(kind === 'infogan'
          ? {
              infoLoss: Math.max(
                0.005,
                Math.log(10) * Math.exp(-step / 150) + 0.04 + 0.02 * normal(),
              ),
            }
          : {}),
      });
    } else {
      const win = Math.min(1, u * 3);
      const fakeness = Math.max(0.001, 0.5 * (1 - win) + 0.004 * Math.abs(normal()));
      out.push({
        step,
        discriminatorLoss: Math.max(0.01, 2 * Math.LN2 * (1 - win) + 0.03 + 0.02 * normal()),
        generatorLoss: -Math.log(fakeness),
        realness: Math.min(0.999, 0.5 + 0.49 * win),
        fakeness,
      });
    }
  }
  return out;
}
