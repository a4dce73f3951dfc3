/**
 * A synthetic video for the live view's stories: a canvas that pans slowly over generated
 * pages of MNIST test digits, as a hand-held webcam over a sheet would, cutting to the next
 * page every few seconds. Its "model" answers with the ground truth of the frame it was given
 * (boxes, and the class map), after a simulated latency, so the story shows the live view's
 * timing as it is (the overlay one latency behind the video) without a model.
 */

import type { SceneStyle } from '../../src/data/scenes/paper-style';
import type { Scene } from '../../src/data/scenes/scene';
import type { BoxSet, ClassMap } from '../../src/ui/vision-overlay';
import type { WebcamStats, WebcamView } from '../../src/ui/webcam-view';
import { seededUniform, storyScenes } from './vision';

export interface SyntheticVideoOptions {
  width: number;
  height: number;
  /** Pages the video cycles through. */
  pages: number;
  seed: number;
  style: SceneStyle;
  /** Largest pan from the page's centre, in pixels. */
  pan: number;
  secondsPerPage: number;
}

/** Which page the video shows and where its window sits on it. */
export interface FrameState {
  page: number;
  x: number;
  y: number;
}

interface Page {
  scene: Scene;
  picture: HTMLCanvasElement;
  /** One seeded "confidence" per object, so tags read like a model's. */
  scores: number[];
}

/** A box must be this visible in the frame to be reported. */
const MIN_VISIBLE = 0.6;

export class SyntheticVideo {
  readonly canvas = document.createElement('canvas');
  private readonly pages: Page[];

  constructor(private readonly opts: SyntheticVideoOptions) {
    this.canvas.width = opts.width;
    this.canvas.height = opts.height;
    const u = seededUniform(opts.seed);
    const width = opts.width + 2 * opts.pan;
    const height = opts.height + 2 * opts.pan;
    const scenes = storyScenes(opts.pages, opts.seed, {
      width,
      height,
      style: opts.style,
      minDigits: 4,
      maxDigits: 9,
      minDigitHeight: 26,
      maxDigitHeight: Math.min(72, opts.height - 8),
      clutter: 0.15,
    });
    this.pages = scenes.map((scene) => ({
      scene,
      picture: toCanvas(scene),
      scores: scene.objects.map(() => 0.8 + 0.19 * u()),
    }));
  }

  /** Where the video is at `ms` since it started: a slow Lissajous pan, a cut per page. */
  stateAt(ms: number): FrameState {
    const { pan, secondsPerPage } = this.opts;
    const s = ms / 1000;
    return {
      page: Math.floor(s / secondsPerPage) % this.pages.length,
      x: Math.round(pan + pan * Math.sin((2 * Math.PI * s) / 5.3)),
      y: Math.round(pan + pan * Math.sin((2 * Math.PI * s) / 3.7 + 1)),
    };
  }

  /** Draws the frame for `state` into the canvas. */
  draw(state: FrameState): void {
    const ctx = this.canvas.getContext('2d');
    ctx?.drawImage(this.pages[state.page].picture, -state.x, -state.y);
  }

  /** The ground truth of the frame `state` showed: its boxes and its class map. */
  answerFor(state: FrameState): { detections: BoxSet; mask: ClassMap } {
    const { scene, scores } = this.pages[state.page];
    const { width, height } = this.opts;
    const boxes: number[] = [];
    const categories: number[] = [];
    const kept: number[] = [];
    scene.objects.forEach((o, i) => {
      const [bx, by, bw, bh] = o.bbox;
      const x0 = Math.max(0, bx - state.x);
      const y0 = Math.max(0, by - state.y);
      const x1 = Math.min(width, bx + bw - state.x);
      const y1 = Math.min(height, by + bh - state.y);
      if (x1 <= x0 || y1 <= y0 || ((x1 - x0) * (y1 - y0)) / (bw * bh) < MIN_VISIBLE) return;
      boxes.push(x0, y0, x1 - x0, y1 - y0);
      categories.push(o.categoryId);
      kept.push(scores[i]);
    });
    const labels = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) {
      const from = (y + state.y) * scene.width + state.x;
      labels.set(scene.labels.subarray(from, from + width), y * width);
    }
    return { detections: { boxes, categories, scores: kept }, mask: { labels, width, height } };
  }
}

function toCanvas(scene: Scene): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = scene.width;
  canvas.height = scene.height;
  const rgba = new ImageData(scene.width, scene.height);
  for (let i = 0; i < scene.width * scene.height; i++) {
    rgba.data[i * 4] = scene.image[i * 3];
    rgba.data[i * 4 + 1] = scene.image[i * 3 + 1];
    rgba.data[i * 4 + 2] = scene.image[i * 3 + 2];
    rgba.data[i * 4 + 3] = 255;
  }
  canvas.getContext('2d')?.putImageData(rgba, 0, 0);
  return canvas;
}

export interface FakeModelOptions {
  /** Simulated time from sending a frame to its answer. */
  latencyMs: number;
  boxes: boolean;
  mask: boolean;
}

/** Simulated worker stages: the shares of the latency a small detector spends in each. */
function stagesOf(latencyMs: number): NonNullable<WebcamStats['stages']> {
  return { preprocess: 0.12 * latencyMs, forward: 0.8 * latencyMs, decode: 0.08 * latencyMs };
}

/** The view's data for the answer to the frame `sent`, with the answers' rate so far. */
function answer(
  video: SyntheticVideo,
  sent: FrameState,
  opts: FakeModelOptions,
  fps: number,
): Parameters<WebcamView['update']>[0] {
  const { detections, mask } = video.answerFor(sent);
  return {
    detections: opts.boxes ? detections : null,
    mask: opts.mask ? mask : null,
    stats: { fps, latencyMs: opts.latencyMs, stages: stagesOf(opts.latencyMs) },
  };
}

/**
 * Plays the video into the view as the Vision page does: a new frame on every animation
 * frame, one frame in flight to the "model", its answer drawn when it comes back. Returns stop.
 */
export function play(video: SyntheticVideo, view: WebcamView, opts: FakeModelOptions): () => void {
  const start = performance.now();
  const answered: number[] = [];
  let current = video.stateAt(0);
  let pending: ReturnType<typeof setTimeout> | null = null;
  let raf = 0;
  const tick = (): void => {
    raf = requestAnimationFrame(tick);
    current = video.stateAt(performance.now() - start);
    video.draw(current);
    view.showFrame();
    if (pending !== null) return;
    const sent = current;
    pending = setTimeout(() => {
      pending = null;
      const now = performance.now();
      answered.push(now);
      while (answered.length > 0 && answered[0] < now - 1000) answered.shift();
      view.update(answer(video, sent, opts, answered.length));
    }, opts.latencyMs);
  };
  video.draw(current);
  view.setSource(video.canvas);
  view.showFrame();
  raf = requestAnimationFrame(tick);
  return () => {
    cancelAnimationFrame(raf);
    if (pending !== null) clearTimeout(pending);
  };
}

/**
 * One still of the same loop: the frame at `ms`, with the answer for the frame sent one
 * latency earlier (what the live view shows at that instant), and a message.
 */
export function still(
  video: SyntheticVideo,
  view: WebcamView,
  ms: number,
  opts: FakeModelOptions & { message: string },
): void {
  video.draw(video.stateAt(ms));
  view.setSource(video.canvas);
  view.showFrame();
  const sent = video.stateAt(Math.max(0, ms - opts.latencyMs));
  view.update({ ...answer(video, sent, opts, 1000 / opts.latencyMs), message: opts.message });
}
