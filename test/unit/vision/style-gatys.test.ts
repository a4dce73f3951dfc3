/**
 * The Gatys optimiser on tiny pictures (one of our content scenes, a shipped style): its loss
 * falls over a few steps, no tensor leaks across steps, the same seed gives the same picture,
 * the coarse pass hands over to the full size, and pause and stop hold between steps.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunControl } from '../../../src/nn/run-control';
import { contentScene } from '../../../src/vision/style/content-scenes';
import type { StyleFeatureNet } from '../../../src/vision/style/feature-net';
import { type GatysStep, runGatys } from '../../../src/vision/style/gatys';
import { randomFeatureNet } from '../../../src/vision/style/random-features';
import { imageToTensor } from '../../../src/vision/style/style-image';
import { shippedStyle } from '../../../src/vision/style/styles';

const SMALL = [
  { kernel: 3, channels: 8 },
  { kernel: 3, channels: 12 },
  { kernel: 3, channels: 16 },
];

let net: StyleFeatureNet;
let content: tf.Tensor4D;
let style: tf.Tensor4D;

beforeAll(() => {
  net = randomFeatureNet({ banks: SMALL, seed: 0 });
  content = imageToTensor(contentScene(3, 32));
  style = imageToTensor(shippedStyle('waves', 48));
});

afterAll(() => {
  net.dispose();
  tf.dispose([content, style]);
});

describe('runGatys', () => {
  it('lowers its loss over a few steps, with no tensor left behind by a step', async () => {
    const steps: GatysStep[] = [];
    const counts: number[] = [];
    const before = tf.memory().numTensors;
    const result = await runGatys(net, content, style, {
      steps: 12,
      scales: 1,
      onStep: (s) => {
        steps.push(s);
        counts.push(tf.memory().numTensors);
      },
    });
    expect(result).toMatchObject({ width: 32, height: 32, steps: 12, reason: 'done' });
    expect(result.image.length).toBe(32 * 32 * 3);
    expect(Math.min(...result.image)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...result.image)).toBeLessThanOrEqual(1);
    // Step 1 reports the content picture itself: content loss 0, all of the style still to go.
    const first = steps[0] as GatysStep;
    const last = steps.at(-1) as GatysStep;
    expect(first.content).toBe(0);
    expect(last.total).toBeLessThan(first.total * 0.6);
    expect(last.style).toBeLessThan(first.style * 0.6);
    // Adam's moments appear at step 1; from then on every step frees what it makes.
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is deterministic: the same seed gives the same picture, noise starts differ by seed', async () => {
    const run = (seed: number) =>
      runGatys(net, content, style, { steps: 4, scales: 1, init: 'noise', seed });
    const [a, b, c] = [await run(1), await run(1), await run(2)];
    expect(a.image).toEqual(b.image);
    expect(a.last).toEqual(b.last);
    let diff = 0;
    for (let i = 0; i < a.image.length; i++)
      diff += Math.abs((a.image[i] as number) - (c.image[i] as number));
    expect(diff / a.image.length).toBeGreaterThan(0.01);
  });

  it('with two scales runs the first steps at half size and answers at full size', async () => {
    const sizes: string[] = [];
    const result = await runGatys(net, content, style, {
      steps: 5,
      scales: 2,
      coarseShare: 0.6,
      onStep: (s) => {
        sizes.push(`${s.width}x${s.height}`);
      },
    });
    expect(sizes).toEqual(['16x16', '16x16', '16x16', '32x32', '32x32']);
    expect(result).toMatchObject({ width: 32, height: 32, steps: 5 });
  });

  it('stops between steps when its control is stopped, and waits while paused', async () => {
    const control = new RunControl();
    const seen: number[] = [];
    const stopped = await runGatys(net, content, style, {
      steps: 50,
      scales: 2,
      control,
      onStep: (s) => {
        seen.push(s.step);
        if (s.step === 3) control.stop();
      },
    });
    // Stopped in the coarse pass: still a picture at the content's size.
    expect(stopped).toMatchObject({ reason: 'stopped', steps: 3, width: 32, height: 32 });
    expect(stopped.image.length).toBe(32 * 32 * 3);
    expect(seen).toEqual([1, 2, 3]);

    const paused = new RunControl();
    let count = 0;
    let countAtResume = -1;
    const done = runGatys(net, content, style, {
      steps: 4,
      scales: 1,
      control: paused,
      onStep: (s) => {
        count++;
        if (s.step === 2) {
          paused.pause();
          // 50 ms is many steps of a 32x32 picture: none may run before the resume.
          setTimeout(() => {
            countAtResume = count;
            paused.resume();
          }, 50);
        }
      },
    });
    const result = await done;
    expect(countAtResume).toBe(2);
    expect(result).toMatchObject({ reason: 'done', steps: 4 });
  });

  it('refuses options that cannot run', async () => {
    await expect(runGatys(net, content, style, { lr: 0 })).rejects.toThrow(/lr must be > 0/);
    await expect(runGatys(net, content, style, { styleWeight: -1 })).rejects.toThrow(/styleWeight/);
    await expect(runGatys(net, content, style, { coarseShare: 1 })).rejects.toThrow(/coarseShare/);
  });
});
