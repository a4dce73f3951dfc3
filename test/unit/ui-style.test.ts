/**
 * The style studio's pure logic: the before/after divider (pointer, keys, clip, what a screen
 * reader hears), the gallery's keyboard moves, the loss panel's weighted terms and readout,
 * and the settings form's values read into the worker's settings.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  defaultValues,
  readSettings,
} from '../../src/app/vision/style/style-settings';
import {
  afterClip,
  clampPosition,
  LARGE_STEP,
  percent,
  positionAfterKey,
  positionFromPointer,
  SMALL_STEP,
  valueText,
} from '../../src/ui/before-after-math';
import { galleryKeyTarget } from '../../src/ui/style-gallery';
import { lossReadout, weightedTerms } from '../../src/ui/style-loss-math';

describe('the before/after divider', () => {
  it('follows the pointer across the picture and stops at its edges', () => {
    expect(positionFromPointer(150, 100, 200)).toBe(0.25);
    expect(positionFromPointer(300, 100, 200)).toBe(1);
    expect(positionFromPointer(40, 100, 200)).toBe(0);
    expect(positionFromPointer(500, 100, 200)).toBe(1);
    // A box not laid out yet (width 0) leaves the divider in the middle.
    expect(positionFromPointer(120, 100, 0)).toBe(0.5);
    expect(clampPosition(Number.NaN)).toBe(0.5);
    expect(clampPosition(-3)).toBe(0);
  });

  it('moves by arrows, Page Up/Down, Home and End, and leaves other keys to the page', () => {
    expect(positionAfterKey('ArrowRight', 0.5)).toBeCloseTo(0.5 + SMALL_STEP, 9);
    expect(positionAfterKey('ArrowUp', 0.5)).toBeCloseTo(0.5 + SMALL_STEP, 9);
    expect(positionAfterKey('ArrowLeft', 0.5)).toBeCloseTo(0.5 - SMALL_STEP, 9);
    expect(positionAfterKey('ArrowDown', 0.5)).toBeCloseTo(0.5 - SMALL_STEP, 9);
    expect(positionAfterKey('PageUp', 0.5)).toBeCloseTo(0.5 + LARGE_STEP, 9);
    expect(positionAfterKey('PageDown', 0.5)).toBeCloseTo(0.5 - LARGE_STEP, 9);
    expect(positionAfterKey('Home', 0.7)).toBe(0);
    expect(positionAfterKey('End', 0.2)).toBe(1);
    expect(positionAfterKey('ArrowRight', 0.99)).toBe(1);
    expect(positionAfterKey('PageDown', 0.05)).toBe(0);
    for (const key of ['Tab', 'Enter', ' ', 'a', 'Escape'])
      expect(positionAfterKey(key, 0.5)).toBeNull();
  });

  it('lands exactly on whole percents after many key presses (no float drift)', () => {
    let p = 0;
    for (let i = 0; i < 15; i++) p = positionAfterKey('ArrowRight', p) as number;
    expect(p).toBe(0.3);
    expect(percent(p)).toBe(30);
    for (let i = 0; i < 60; i++) p = positionAfterKey('ArrowRight', p) as number;
    expect(p).toBe(1);
  });

  it('clips the "after" picture to the right of the divider and says the shares', () => {
    expect(afterClip(0.25)).toBe('inset(0 0 0 25.00%)');
    expect(afterClip(0)).toBe('inset(0 0 0 0.00%)');
    expect(afterClip(2)).toBe('inset(0 0 0 100.00%)');
    expect(valueText(0.6, 'Content', 'Stylised')).toBe('60 % Content, 40 % Stylised');
    expect(valueText(0.333, 'Before', 'After')).toBe('33 % Before, 67 % After');
  });
});

describe('the style gallery keys', () => {
  it('moves through the items with arrows (wrapping), Home and End', () => {
    expect(galleryKeyTarget('ArrowRight', 0, 5)).toBe(1);
    expect(galleryKeyTarget('ArrowDown', 4, 5)).toBe(0);
    expect(galleryKeyTarget('ArrowLeft', 0, 5)).toBe(4);
    expect(galleryKeyTarget('ArrowUp', 2, 5)).toBe(1);
    expect(galleryKeyTarget('Home', 3, 5)).toBe(0);
    expect(galleryKeyTarget('End', 0, 5)).toBe(4);
    expect(galleryKeyTarget('Enter', 0, 5)).toBeNull();
    expect(galleryKeyTarget('ArrowRight', 0, 0)).toBeNull();
  });
});

describe('the style loss panel', () => {
  const point = { step: 40, content: 0.5, style: 0.01, tv: 0.02, total: 0.72, seconds: 10 };
  const weights = { content: 1, style: 20, tv: 1 };

  it('plots each term times its weight, which add up to the total', () => {
    const v = weightedTerms(point, weights);
    expect(v).toEqual({ total: 0.72, style: 0.2, content: 0.5, tv: 0.02 });
    expect(v.content + v.style + v.tv).toBeCloseTo(v.total, 12);
  });

  it('says where the run is', () => {
    expect(lossReadout({ points: [point], weights, steps: 100 })).toBe(
      'step 40 of 100 · 10.0 s · 4.0 steps/s · weights content 1, style 20, TV 1',
    );
    expect(lossReadout({ points: [], weights })).toBe(
      'no steps yet · weights content 1, style 20, TV 1',
    );
  });
});

describe('the style settings form', () => {
  it('reads its defaults back as the default settings', () => {
    const r = readSettings(defaultValues());
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.settings).toEqual({ ...DEFAULT_SETTINGS, imageEvery: 5 });
  });

  it('streams about twenty pictures a run, never more than every other step', () => {
    const every = (steps: string) => {
      const r = readSettings({ ...defaultValues(), steps });
      return r.ok ? r.settings.imageEvery : null;
    };
    expect(every('400')).toBe(20);
    expect(every('10')).toBe(2);
    expect(every('1')).toBe(2);
  });

  it('names the first wrong field and why', () => {
    const wrong = (patch: Partial<ReturnType<typeof defaultValues>>) => {
      const r = readSettings({ ...defaultValues(), ...patch });
      return r.ok ? null : [r.field, r.message];
    };
    expect(wrong({ steps: '2.5' })).toEqual([
      'steps',
      'Steps must be a whole number from 1 to 5,000.',
    ]);
    expect(wrong({ lr: '0' })).toEqual([
      'lr',
      'Learning rate 0 is out of range: use a number more than 0 to 1.',
    ]);
    expect(wrong({ styleWeight: '' })?.[0]).toBe('styleWeight');
    expect(wrong({ size: '200' })).toEqual([
      'size',
      'Size must be one of 128, 192, 256, 320, 384, 512.',
    ]);
    expect(wrong({ features: 'vgg' })?.[0]).toBe('features');
    const single = readSettings({ ...defaultValues(), coarse: false, features: 'trained' });
    expect(single.ok && single.settings).toMatchObject({ scales: 1, features: 'trained' });
  });
});
