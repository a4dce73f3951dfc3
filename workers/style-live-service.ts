/**
 * The live style worker's service, usable in-process: style transformer nets held by id
 * (built from .gst bytes), one frame painted per call with the time of each stage, thumbnails,
 * the shipped style pictures and landscapes drawn here (off the page's thread), and one
 * training run at a time (style-live-train.ts) fed frames as they come. It checks requests,
 * moves pictures and paces events; errors cross comlink as their message.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as Comlink from 'comlink';
import type { RgbImage } from '../src/data/png';
import { type BackendChoice, type BackendRequest, chooseBackend } from '../src/nn/backend';
import { contentScene } from '../src/vision/style/content-scenes';
import type { StyleTransformer } from '../src/vision/style/fast/style-transformer';
import {
  loadStyleTransformer,
  type StyleFileMeta,
  saveStyleTransformer,
} from '../src/vision/style/fast/transformer-file';
import { SHIPPED_STYLES, STYLE_SIZE, shippedStyle } from '../src/vision/style/styles';
import { EventChannel } from './kit/events';
import type { ServiceHost } from './kit/expose';
import type { ShippedStyleInfo, StyleSource } from './style-api';
import type {
  FastTrainProgress,
  FastTrainSettings,
  FastTrainSummary,
  LiveFrame,
  LiveNetInfo,
  LiveResult,
  LiveSize,
  StyleLiveApi,
} from './style-live-api';
import { floatsToRgba, pixelsToFloats, pixelsToRgb, readFrame } from './style-live-frames';
import { checkLiveSize, checkNetId, checkTrainSettings } from './style-live-requests';
import {
  built,
  FastTrainRun,
  MAX_CONTENT_FRAMES,
  paintPicture,
  stylePicture,
} from './style-live-train';

/** The page's clock: worker and page share timeOrigin's epoch, so stamps compare across. */
const clock = () => performance.timeOrigin + performance.now();

/** The id a finished training run's net is kept under. */
export const TRAINED_NET_ID = 'trained';

function infoOf(
  id: string,
  net: StyleTransformer,
  meta: StyleFileMeta,
  bytes: number,
): LiveNetInfo {
  const steps = meta.steps;
  return {
    id,
    style: typeof meta.style === 'string' ? meta.style : '',
    steps: typeof steps === 'number' && Number.isFinite(steps) ? steps : null,
    parameters: net.parameterCount,
    config: net.config,
    bytes,
  };
}

export class StyleLiveService implements StyleLiveApi {
  private choice: BackendChoice | null = null;
  private readonly nets = new Map<string, { net: StyleTransformer; meta: StyleFileMeta }>();
  private run: FastTrainRun | null = null;
  /** Frames kept for the next run. */
  private readonly pending: RgbImage[] = [];

  constructor(private readonly host: ServiceHost = {}) {}

  async init(request: BackendRequest): Promise<BackendChoice> {
    if (this.run) throw new Error('cannot change the backend while a net trains: stop it first');
    this.choice = await chooseBackend({ request, wasmPaths: await this.host.wasmPaths });
    return this.choice;
  }

  async loadNet(id: string, bytes: Uint8Array): Promise<LiveNetInfo> {
    this.requireBackend();
    checkNetId(id);
    if (!(bytes instanceof Uint8Array)) throw new Error('loadNet: expected the .gst file bytes');
    const { net, meta } = built(() => loadStyleTransformer(bytes));
    this.nets.get(id)?.net.dispose();
    this.nets.set(id, { net, meta });
    return infoOf(id, net, meta, bytes.length);
  }

  dropNet(id: string): void {
    this.nets.get(id)?.net.dispose();
    this.nets.delete(id);
  }

  async saveNet(id: string): Promise<Uint8Array> {
    const { net, meta } = this.held(id);
    const bytes = await saveStyleTransformer(net, meta);
    return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
  }

  async stylise(id: string, frame: LiveFrame, size: LiveSize): Promise<LiveResult> {
    const receivedAt = clock();
    const { net } = this.held(id);
    const { width, height } = checkLiveSize(size);
    const t0 = performance.now();
    const pixels = readFrame(frame);
    const x = tf.tidy(() => {
      const t = tf.tensor4d(pixelsToFloats(pixels), [1, pixels.height, pixels.width, 3]);
      if (pixels.width === width && pixels.height === height) return t;
      return tf.image.resizeBilinear(t, [height, width], true) as tf.Tensor4D;
    });
    const t1 = performance.now();
    let y: tf.Tensor4D;
    try {
      y = net.stylise(x);
    } finally {
      x.dispose();
    }
    const t2 = performance.now();
    let rgba: Uint8ClampedArray;
    try {
      rgba = floatsToRgba(await y.data(), width, height);
    } finally {
      y.dispose();
    }
    const t3 = performance.now();
    const result: LiveResult = {
      net: id,
      width,
      height,
      rgba,
      timings: {
        receivedAt,
        preprocess: t1 - t0,
        forward: t2 - t1,
        readback: t3 - t2,
        sentAt: clock(),
      },
    };
    return Comlink.transfer(result, [rgba.buffer as ArrayBuffer]);
  }

  async paintScene(id: string, scene: number, side: number): Promise<RgbImage> {
    const { net } = this.held(id);
    const { painted } = paintPicture(net, contentScene(scene, side), side);
    return Comlink.transfer(painted, [painted.data.buffer as ArrayBuffer]);
  }

  async shippedStyles(size = STYLE_SIZE): Promise<ShippedStyleInfo[]> {
    const out = SHIPPED_STYLES.map((s) => ({
      name: s.name,
      description: s.description,
      picture: shippedStyle(s.name, size),
    }));
    return Comlink.transfer(
      out,
      out.map((s) => s.picture.data.buffer as ArrayBuffer),
    );
  }

  async contentScene(index: number, size = 256): Promise<RgbImage> {
    const picture = contentScene(index, size);
    return Comlink.transfer(picture, [picture.data.buffer as ArrayBuffer]);
  }

  async addContent(frame: LiveFrame): Promise<number> {
    const picture = pixelsToRgb(readFrame(frame));
    if (picture.width < 32 || picture.height < 32)
      throw new Error(
        `a content frame must be at least 32 x 32, got ${picture.width} x ${picture.height}`,
      );
    if (this.run) {
      this.run.addFrame(picture);
      return this.run.frames;
    }
    this.pending.push(picture);
    if (this.pending.length > MAX_CONTENT_FRAMES) this.pending.shift();
    return this.pending.length;
  }

  clearContent(): void {
    this.pending.length = 0;
  }

  async train(
    style: StyleSource,
    settings: FastTrainSettings,
    onProgress: (p: FastTrainProgress) => void,
  ): Promise<FastTrainSummary> {
    const events = new EventChannel<FastTrainProgress>(onProgress);
    try {
      if (this.run) throw new Error('cannot start another training run: stop this one first');
      this.requireBackend();
      const s = checkTrainSettings(settings);
      const from = s.from === null ? null : this.held(s.from);
      const picture = stylePicture(style, s.styleSize);
      const run = new FastTrainRun(s, this.pending);
      this.pending.length = 0;
      run.control.subscribe((state) => {
        if (state !== 'stopped')
          void events.send({ type: state === 'paused' ? 'paused' : 'resumed' });
      });
      this.run = run;
      try {
        const meta: StyleFileMeta = {
          style: 'shipped' in style ? style.shipped : 'your picture',
          features: 'random',
          trainedIn: 'browser',
          ...(from
            ? { from: typeof from.meta.style === 'string' ? from.meta.style : 'a net' }
            : {}),
        };
        const out = await run.run(picture, from?.net ?? null, meta, (p, transfer) => {
          void events.send(p, transfer);
        });
        await events.drain();
        this.nets.get(TRAINED_NET_ID)?.net.dispose();
        this.nets.set(TRAINED_NET_ID, { net: out.net, meta: out.meta });
        const summary: FastTrainSummary = {
          steps: out.result.steps,
          reason: out.result.reason,
          last: out.result.last,
          seconds: out.result.seconds,
          frames: out.frames,
          net: out.bytes,
          info: infoOf(TRAINED_NET_ID, out.net, out.meta, out.bytes.length),
        };
        return Comlink.transfer(summary, [out.bytes.buffer as ArrayBuffer]);
      } finally {
        this.run = null;
        run.dispose();
      }
    } finally {
      events.close();
    }
  }

  pause(): void {
    this.run?.control.pause();
  }

  resume(): void {
    this.run?.control.resume();
  }

  stop(): void {
    this.run?.control.stop();
  }

  numTensors(): number {
    return tf.memory().numTensors;
  }

  private held(id: string): { net: StyleTransformer; meta: StyleFileMeta } {
    const n = this.nets.get(checkNetId(id));
    if (!n) throw new Error(`no net "${id}" is loaded: call loadNet first`);
    return n;
  }

  private requireBackend(): BackendChoice {
    if (!this.choice) throw new Error('call init() first: no backend chosen yet');
    return this.choice;
  }
}
