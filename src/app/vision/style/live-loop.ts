/**
 * The live mode's frame loop: it grabs the video's frame (an ImageBitmap cropped and resized
 * by the browser), transfers it to the live worker and, when the painting comes back, puts it
 * on the view, measures each stage and grabs the next at once (at most one a display frame).
 * One frame on its way at a time: a second one waiting in the worker would add a whole net
 * pass to the latency for a few per cent more frames/s (the round trip is a few ms against
 * tens for the net). Nothing heavy runs on the page's thread: its share is the grab's call
 * and one putImageData.
 */
import { transfer } from 'comlink';
import type { LiveResult, LiveSize } from '../../../../workers/style-live-api';
import { type LiveFigures, LiveMeter, liveStages } from '../../../ui/live-style-stats';
import type { LiveStyleView } from '../../../ui/live-style-view';
import type { LiveSource } from './live-source';
import type { StyleLiveHandle } from './style-live-client';

/** Frames on their way at most. */
const IN_FLIGHT = 1;
/** The shortest time between two grabs (ms): no more frames than the display shows. */
const MIN_GRAB_MS = 1000 / 60;
/** How often the figures under the view are rewritten (ms). */
const STATS_EVERY_MS = 250;

const clock = () => performance.timeOrigin + performance.now();

export interface LiveLoopOptions {
  worker: StyleLiveHandle;
  view: LiveStyleView;
  source: LiveSource;
  /** The worker's id of the net to paint with (null: none ready; the loop waits). */
  net(): string | null;
  size(): LiveSize;
  /** A frame failed (the loop pauses itself). */
  onError(e: Error): void;
  /** Hears the figures at most every STATS_EVERY_MS. */
  onFigures?(f: LiveFigures, r: LiveResult): void;
}

export class LiveLoop {
  private running = false;
  private pausedFlag = false;
  private inFlight = 0;
  private readonly meter = new LiveMeter();
  private lastStats = 0;
  /** Generation: results of frames sent before a reset are not counted. */
  private epoch = 0;
  private wake: (() => void) | null = null;
  private lastGrab = 0;
  /** The pump running now: a stop then a start must not leave two. */
  private pumpId = 0;

  constructor(private readonly o: LiveLoopOptions) {}

  get paused(): boolean {
    return this.pausedFlag;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.pump(++this.pumpId);
  }

  stop(): void {
    this.running = false;
    this.poke();
  }

  setPaused(paused: boolean): void {
    this.pausedFlag = paused;
    if (!paused) this.reset();
    this.poke();
  }

  /** Forget the figures (another net or size): they no longer describe what runs. */
  reset(): void {
    this.epoch++;
    this.meter.reset();
    this.lastStats = 0;
  }

  figures(): LiveFigures {
    return this.meter.figures();
  }

  private poke(): void {
    this.wake?.();
    this.wake = null;
  }

  /** Waits until poked or `ms` have passed. */
  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  private async pump(id: number): Promise<void> {
    while (this.running && id === this.pumpId) {
      if (this.pausedFlag || this.o.net() === null || this.inFlight >= IN_FLIGHT) {
        await this.idle(this.inFlight >= IN_FLIGHT ? 200 : 100);
        continue;
      }
      const since = performance.now() - this.lastGrab;
      if (since < MIN_GRAB_MS) await this.idle(MIN_GRAB_MS - since);
      if (!this.running || this.pausedFlag) continue;
      const net = this.o.net();
      if (net === null) continue;
      this.lastGrab = performance.now();
      const start = clock();
      const size = this.o.size();
      let bitmap: ImageBitmap | null;
      try {
        bitmap = await this.o.source.grab(size.width, size.height);
      } catch {
        bitmap = null; // The video changed size or ended between two frames: try the next.
      }
      if (!bitmap) {
        await this.idle(100);
        continue;
      }
      this.inFlight++;
      void this.send(net, bitmap, size, start, clock());
    }
  }

  private async send(
    net: string,
    bitmap: ImageBitmap,
    size: LiveSize,
    start: number,
    grabbed: number,
  ): Promise<void> {
    const epoch = this.epoch;
    try {
      const r = await this.o.worker.api.stylise(net, transfer({ bitmap }, [bitmap]), size);
      const answered = clock();
      if (!this.running) return;
      this.o.view.paint(r.rgba, r.width, r.height);
      const drawn = clock();
      if (epoch !== this.epoch) return;
      const stages = liveStages({ start, grabbed, answered, drawn }, r.timings);
      this.meter.record(performance.now(), drawn - start, stages);
      if (drawn - this.lastStats >= STATS_EVERY_MS) {
        this.lastStats = drawn;
        const f = this.meter.figures();
        this.o.view.update({ stats: f });
        this.o.onFigures?.(f, r);
      }
    } catch (e) {
      if (!this.running) return;
      this.pausedFlag = true;
      this.o.onError(e as Error);
    } finally {
      this.inFlight--;
      this.poke();
    }
  }
}
