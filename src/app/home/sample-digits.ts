/**
 * The first MNIST test digits, built into the page (`virtual:mnist-sample`, about 50 kB; the
 * stories use the same sample), so the Home page shows real digits without fetching MNIST's
 * 55 MB. Test split: the digits held-out scenes are made of.
 */
import { pixelsBase64, count as sampleCount, labels as sampleLabels } from 'virtual:mnist-sample';
import { DIGIT_SIZE, type DigitSource } from '../../data/scenes/digit-source';

let digits: DigitSource | null = null;

export function sampleDigits(): DigitSource {
  if (digits) return digits;
  const bytes = Uint8Array.from(atob(pixelsBase64), (c) => c.charCodeAt(0));
  const size = DIGIT_SIZE * DIGIT_SIZE;
  digits = {
    count: sampleCount,
    pixels: (i) => bytes.subarray(i * size, (i + 1) * size),
    label: (i) => sampleLabels[i],
  };
  return digits;
}
