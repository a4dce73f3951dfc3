/**
 * The live style view's numbers: where a frame's time goes (grabbing it on the page, the trip
 * to the worker, preprocessing, the net, reading it back, the trip back, drawing it), frames
 * per second over the last two seconds, and medians over the last frames so the figures hold
 * still long enough to read. No DOM here, so a unit test holds it.
 */

/** Milliseconds per stage of one frame. */
export interface LiveStages {
  /** The page grabbing the frame (createImageBitmap: crop and resize). */
  grab: number;
  /** From the page to the worker (structured clone of a transferred bitmap, queueing). */
  send: number;
  preprocess: number;
  forward: number;
  readback: number;
  /** From the worker back to the page. */
  back: number;
  /** Putting the painted frame on the page's canvas. */
  draw: number;
}

export const STAGE_ORDER: ReadonlyArray<[keyof LiveStages, string]> = [
  ['grab', 'grab'],
  ['send', 'send'],
  ['preprocess', 'prepare'],
  ['forward', 'net'],
  ['readback', 'read'],
  ['back', 'back'],
  ['draw', 'draw'],
];

/** The worker's part of a frame, with its page-clock stamps (performance.timeOrigin + now). */
export interface WorkerStages {
  receivedAt: number;
  preprocess: number;
  forward: number;
  readback: number;
  sentAt: number;
}

/** Page-clock stamps (performance.timeOrigin + now) of one frame on the page. */
export interface PageStamps {
  start: number;
  grabbed: number;
  answered: number;
  drawn: number;
}

/**
 * The stages of a frame from its page stamps and the worker's. A frame waiting in the worker
 * behind the one before it counts as "send": it is the time the frame spent getting there.
 */
export function liveStages(page: PageStamps, worker: WorkerStages): LiveStages {
  const pos = (x: number) => (Number.isFinite(x) ? Math.max(0, x) : 0);
  return {
    grab: pos(page.grabbed - page.start),
    send: pos(worker.receivedAt - page.grabbed),
    preprocess: pos(worker.preprocess),
    forward: pos(worker.forward),
    readback: pos(worker.readback),
    back: pos(page.answered - worker.sentAt),
    draw: pos(page.drawn - page.answered),
  };
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export interface LiveFigures {
  /** Frames painted per second over the window. */
  fps: number;
  /** Median milliseconds from grabbing a frame to drawing its painting. */
  latencyMs: number;
  /** Median milliseconds per stage. */
  stages: LiveStages;
  /** Frames painted in all. */
  frames: number;
}

/** Frames per second over a window of time, and medians over the last frames. */
export class LiveMeter {
  private readonly times: number[] = [];
  private readonly latencies: number[] = [];
  private readonly stages: LiveStages[] = [];
  private count = 0;

  constructor(
    private readonly windowMs = 2000,
    private readonly keep = 15,
  ) {}

  /** A frame was drawn at `now` (ms, any clock that moves on) with these times. */
  record(now: number, latencyMs: number, stages: LiveStages): void {
    this.count++;
    this.times.push(now);
    while (this.times.length > 0 && (this.times[0] as number) < now - this.windowMs)
      this.times.shift();
    this.latencies.push(latencyMs);
    this.stages.push(stages);
    if (this.latencies.length > this.keep) this.latencies.shift();
    if (this.stages.length > this.keep) this.stages.shift();
  }

  /** Forget the frames (a pause, another net or size: the old figures no longer hold). */
  reset(): void {
    this.times.length = 0;
    this.latencies.length = 0;
    this.stages.length = 0;
  }

  figures(): LiveFigures {
    const t = this.times;
    const span = t.length > 1 ? ((t[t.length - 1] as number) - (t[0] as number)) / 1000 : 0;
    const stages = {} as LiveStages;
    for (const [k] of STAGE_ORDER) stages[k] = median(this.stages.map((s) => s[k]));
    return {
      fps: span > 0 ? (t.length - 1) / span : 0,
      latencyMs: median(this.latencies),
      stages,
      frames: this.count,
    };
  }
}

/** "14.8 frames/s · 64 ms" and "grab 2 · send 1 · prepare 2 · net 55 · read 1 · back 1 · draw 0". */
export function liveStatsLines(
  f: Pick<LiveFigures, 'fps' | 'latencyMs' | 'stages'>,
): [string, string] {
  return [
    `${f.fps.toFixed(1)} frames/s · ${Math.round(f.latencyMs)} ms`,
    STAGE_ORDER.map(([k, label]) => `${label} ${Math.round(f.stages[k])}`).join(' · '),
  ];
}
