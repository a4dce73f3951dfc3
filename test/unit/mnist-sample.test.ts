import { describe, expect, it } from 'vitest';
import { mnistSample } from '../../.storybook/mnist-sample';

describe('virtual:mnist-sample (the stories’ MNIST digits)', () => {
  it('serves the first test images and labels, read through src/data', async () => {
    const plugin = mnistSample();
    const resolveId = plugin.resolveId as (id: string) => string | undefined;
    const load = plugin.load as (id: string) => Promise<string | undefined>;
    const id = resolveId('virtual:mnist-sample');
    expect(id).toBe('\0virtual:mnist-sample');
    expect(await load('some-other-module')).toBeUndefined();
    const code = (await load(id as string)) ?? '';
    const count = Number(/export const count = (\d+);/.exec(code)?.[1]);
    const labels = JSON.parse(/export const labels = (\[.*\]);/.exec(code)?.[1] ?? '[]');
    const base64 = JSON.parse(/export const pixelsBase64 = (".*");/.exec(code)?.[1] ?? '""');
    expect(count).toBe(64);
    expect(labels.slice(0, 5)).toEqual([7, 2, 1, 0, 4]);
    expect(labels).toHaveLength(count);
    expect(Buffer.from(base64, 'base64')).toHaveLength(count * 28 * 28);
  });
});
