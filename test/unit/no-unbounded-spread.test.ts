/**
 * No spread of an unbounded array into a call (`Math.min(...returns)` overflowed the stack at
 * 130,000 episodes): every `...` inside Math.min/Math.max/push/fromCharCode/apply in src/,
 * workers/ and envs/ must be one of the few bounded ones listed here, with the bound.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

/** file: the spread expressions it may hold, and why each is bounded. */
const BOUNDED: Record<string, string[]> = {
  // One label per action: at most 1024 (agent files and envs cap numActions).
  'src/ui/q-value-bars.ts': ['Math.max(...labels.map('],
  // A chart's tick labels: a handful per axis.
  'src/ui/chart-frame.ts': ['Math.max(0, ...yLabels.map('],
  // One histogram row per layer of a net.
  'src/ui/histogram-grid.ts': ['Math.max(1, ...data.rows.map(', 'Math.max(0, ...this.rows.map('],
  // The activation lab's softmax input: the few numbers typed into the lab.
  'src/app/learn/activation-lab.ts': ['Math.max(...a)'],
  // A convolution block is three layers; a model has a handful of stages.
  'src/vision/detector/grid-detector.ts': ['push(...convBlock('],
  'src/vision/segmenter/fcn.ts': ['push(...convBlock('],
  'src/vision/model-file.ts': ['Math.max(...stageChannels)'],
};

const SPREAD_CALL =
  /(Math\.(min|max)|\.push|fromCharCode|\.apply|\.unshift)\((\s*[\w.]+\s*,\s*)*\.\.\./g;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

describe('no spread of unbounded arrays', () => {
  it('every spread into a call is a listed, bounded one', () => {
    const found: string[] = [];
    for (const file of ['src', 'workers', 'envs'].flatMap((d) => sources(join(ROOT, d)))) {
      const rel = relative(ROOT, file);
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (!SPREAD_CALL.test(line)) return;
          SPREAD_CALL.lastIndex = 0;
          const allowed = BOUNDED[rel] ?? [];
          if (!allowed.some((a) => line.includes(a))) found.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });
});
