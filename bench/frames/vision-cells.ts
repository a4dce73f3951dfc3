/**
 * The Vision page's webcam demo under the frame-time benchmark: Chromium's fake camera plays a
 * y4m of paper-style digit scenes; per model (shipped detector, FCN, the R-CNN flow) the page's
 * main-thread frame times are measured while frames go to the vision worker and the overlay is
 * drawn, beside the pipeline's own frames/s and per-stage latency that the page reports.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { loadDigitSourceNode } from '../../src/data/scenes/digit-source-node';
import { generateScene } from '../../src/data/scenes/scene-generator';
import { launchChromium, watchErrors } from '../../test/helpers/browser';
import { y4mVideo } from '../../test/helpers/y4m';
import { type FrameStats, frameStats } from './frame-stats';
import { measureFrames } from './measure';

export const VISION_MODELS = ['detector', 'fcn', 'rcnn'] as const;

export interface VisionRow extends FrameStats {
  model: string;
  /** The pipeline's answers per second and latency (ms, with its stages) as the page says. */
  pipelineFps: number;
  latency: Record<string, number>;
}

/** Writes the fake camera's video: paper scenes of test digits, 640x480, 30 frames. */
async function writeVideo(dir: string): Promise<string> {
  const [w, h] = [640, 480];
  const digits = await loadDigitSourceNode('test');
  const frames = Array.from(
    { length: 3 },
    (_, i) =>
      generateScene(digits, 11, i, {
        width: w,
        height: h,
        style: 'paper',
        minDigits: 3,
        maxDigits: 6,
        minDigitHeight: 60,
        maxDigitHeight: 120,
        clutter: 0,
      }).image,
  );
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'frames-camera.y4m');
  writeFileSync(
    file,
    y4mVideo(
      Array.from({ length: 30 }, (_, i) => frames[Math.floor(i / 10)]),
      w,
      h,
    ),
  );
  return file;
}

export async function measureVision(
  base: string,
  seconds: number,
  settle: number,
  onCell: (model: string) => void,
): Promise<VisionRow[]> {
  const video = await writeVideo(join(process.cwd(), 'test-results'));
  const browser: Browser = await launchChromium([
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
  ]);
  const rows: VisionRow[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = watchErrors(page);
    await page.goto(new URL('#vision', base).href);
    const live = page.locator('.vision-live');
    await page.waitForFunction(
      "document.querySelector('.vision-live')?.dataset.camera === 'on' && Number(document.querySelector('.vision-live')?.dataset.frames ?? 0) > 3",
      undefined,
      { timeout: 120_000 },
    );
    for (const model of VISION_MODELS) {
      onCell(model);
      await page.selectOption('select[name="model"]', model);
      await page.waitForTimeout(settle * 1000);
      const intervals = await measureFrames(page, seconds * 1000);
      rows.push({
        model,
        ...frameStats(intervals),
        pipelineFps: Number((await live.getAttribute('data-fps')) ?? 0),
        latency: JSON.parse((await live.getAttribute('data-latency')) ?? '{}') as Record<
          string,
          number
        >,
      });
    }
    if (errors.length > 0)
      throw new Error(`vision: the page reported errors:\n${errors.join('\n')}`);
  } finally {
    await browser.close();
  }
  return rows;
}
