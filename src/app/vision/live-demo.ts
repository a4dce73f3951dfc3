/**
 * The live demo: frames from the camera (or, without one, an uploaded image, generated scenes
 * or digits drawn by hand) go to the vision worker one at a time, the newest frame winning,
 * and its answer is drawn over the video by the webcam view with frames/s and the latency of
 * each stage. Pause, snapshot, the model and its thresholds; the camera is released when the
 * page is left.
 */
import { transfer } from 'comlink';
import type { VisionResult } from '../../../workers/vision-api';
import { WebcamView, type WebcamViewData, webcamViewHeight } from '../../ui/webcam-view';
import type { ShiftPasses } from '../../vision/detector/shift-ensemble';
import { button, el, field, select, wideField } from '../dom';
import { downloadBytes } from '../save-panel';
import {
  describeCameraError,
  drawRgb,
  makeDrawingPage,
  openCamera,
  releaseCamera,
} from './frame-sources';
import { SHIPPED } from './shipped-models';
import { mnistUrl, type VisionHandle } from './vision-client';

type SourceName = 'camera' | 'scenes' | 'upload' | 'draw';

const SOURCES: Array<[SourceName, string]> = [
  ['camera', 'Camera'],
  ['scenes', 'Generated scenes'],
  ['upload', 'An image file'],
  ['draw', 'Draw digits'],
];

export class LiveDemo {
  readonly element = el('section', { class: 'panel vision-live' });
  private view: WebcamView | null = null;
  /** What the view shows when not paused (the last answer, or a line while there is none). */
  private viewData: WebcamViewData = { message: 'Starting…' };
  private readonly video = el('video', { class: 'vision-video', playsinline: '', muted: '' });
  private readonly still = document.createElement('canvas');
  private readonly drawing = makeDrawingPage();
  private readonly message = el('p', { class: 'vision-message', role: 'status' });
  private readonly sourceSelect = select('source', SOURCES, 'camera');
  private readonly modelSelect = select(
    'model',
    [
      ['detector', SHIPPED.detector.label],
      ['fcn', SHIPPED.fcn.label],
      ['rcnn', SHIPPED.rcnn.label],
      ['trained', 'Trained in this browser'],
    ],
    'detector',
  );
  private readonly score = el('input', {
    name: 'score',
    type: 'range',
    min: '0.05',
    max: '0.95',
    step: '0.05',
    value: '0.3',
  });
  private readonly iou = el('input', {
    name: 'iou',
    type: 'range',
    min: '0.1',
    max: '0.9',
    step: '0.05',
    value: '0.5',
  });
  /** The grid detector's shift ensemble: more passes, steadier boxes, fewer frames a second. */
  private readonly passes = select(
    'passes',
    [
      ['1', '1 (fastest)'],
      ['2', '2 (steadier)'],
      ['4', '4 (steadiest)'],
    ],
    '1',
  );
  private readonly pauseButton = button('Pause', { 'data-action': 'pause-live' });
  private readonly upload = el('input', {
    type: 'file',
    accept: 'image/*',
    'aria-label': 'an image to look at',
  });
  private readonly extras = el('div', { class: 'vision-extras' });
  private stream: MediaStream | null = null;
  private source: SourceName = 'camera';
  private running = false;
  private paused = false;
  private inFlight = false;
  private raf = 0;
  private sceneTimer: ReturnType<typeof setInterval> | null = null;
  private sceneSeed = 0;
  private digits: Promise<unknown> | null = null;
  private readonly answers: number[] = [];
  private frames = 0;
  /** The still canvas holds a scene or an uploaded image (not its blank default). */
  private stillReady = false;

  constructor(
    private readonly worker: VisionHandle,
    /** Resolves once the worker has its backend and the shipped models. */
    private readonly ready: Promise<unknown>,
  ) {
    (this.modelSelect.querySelector('option[value="trained"]') as HTMLOptionElement).disabled =
      true;
  }

  async mount(parent: HTMLElement): Promise<void> {
    const viewBox = el('div', { class: 'vision-view-box' });
    this.pauseButton.addEventListener('click', () => this.togglePause());
    const snapshot = button('Snapshot', { 'data-action': 'snapshot' });
    snapshot.addEventListener('click', () => this.snapshot());
    const retry = button('Retry the camera', { 'data-action': 'retry-camera' });
    retry.addEventListener('click', () => void this.useSource('camera'));
    this.sourceSelect.addEventListener(
      'change',
      () => void this.useSource(this.sourceSelect.value as SourceName),
    );
    this.upload.addEventListener('change', () => void this.readUpload());
    this.element.append(
      el('h2', {}, 'Live: boxes and masks on your camera'),
      el(
        'p',
        { class: 'muted' },
        'Hold a sheet of handwritten digits up to the camera. Each frame is letterboxed to the model’s 128 x 128 grey input in the worker; boxes and the class mask come back and are drawn over the video.',
      ),
      el(
        'div',
        { class: 'form-grid vision-controls' },
        field('Source', this.sourceSelect),
        wideField(field('Model', this.modelSelect)),
        field('Score threshold', this.score),
        field('NMS IoU', this.iou),
        field('Detector passes', this.passes),
      ),
      el('div', { class: 'actions' }, this.pauseButton, snapshot, retry),
      this.message,
      viewBox,
      this.extras,
    );
    parent.append(this.element);
    const width = Math.max(280, Math.min(720, viewBox.clientWidth || parent.clientWidth || 640));
    this.view = await WebcamView.create(viewBox, { width, height: webcamViewHeight(width) });
    this.render({ message: 'Starting…' });
    await this.enter();
  }

  /** The page is shown: start the loop and the chosen source. */
  async enter(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.raf = requestAnimationFrame(this.tick);
    await this.useSource(this.source);
  }

  /** The page is left: stop the loop and release the camera. */
  leave(): void {
    this.running = false;
    cancelAnimationFrame(this.raf);
    this.stopSources();
  }

  private stopSources(): void {
    // On <html>: the page's element is detached once another area shows.
    if (this.stream)
      document.documentElement.dataset.cameraTracksLive = String(
        releaseCamera(this.stream, this.video),
      );
    this.stream = null;
    this.element.dataset.camera = 'off';
    if (this.sceneTimer !== null) clearInterval(this.sceneTimer);
    this.sceneTimer = null;
  }

  private say(text: string, error = false): void {
    this.message.textContent = text;
    this.message.classList.toggle('error', error);
  }

  private async useSource(source: SourceName): Promise<void> {
    this.stopSources();
    this.stillReady = false;
    this.source = source;
    this.sourceSelect.value = source;
    this.element.dataset.source = source;
    this.extras.replaceChildren();
    this.view?.setSource(null);
    this.say('');
    if (source === 'camera') {
      this.element.dataset.camera = 'starting';
      try {
        this.stream = await openCamera(this.video);
        if (!this.running || this.source !== 'camera') {
          releaseCamera(this.stream, this.video);
          return;
        }
        this.element.dataset.camera = 'on';
        this.view?.setSource(this.video);
      } catch (e) {
        const failure = describeCameraError(e);
        this.element.dataset.camera = failure.kind;
        this.say(failure.message, true);
        // The same demo without a camera: generated scenes to start with.
        await this.useFallback();
      }
    } else if (source === 'scenes') {
      await this.showScenes();
    } else if (source === 'upload') {
      this.extras.append(field('Image', this.upload));
      this.render({ message: 'Choose an image file' });
    } else {
      const clear = button('Clear', { 'data-action': 'clear-drawing' });
      clear.addEventListener('click', () => this.drawing.clear());
      this.extras.append(
        el('p', { class: 'muted' }, 'Draw a few digits here:'),
        this.drawing.canvas,
        clear,
      );
      this.view?.setSource(this.drawing.canvas);
    }
  }

  private async useFallback(): Promise<void> {
    const reason = this.message.textContent ?? '';
    const camera = this.element.dataset.camera;
    await this.showScenes();
    this.source = 'camera';
    this.sourceSelect.value = 'scenes';
    this.element.dataset.camera = camera;
    this.say(reason, true);
  }

  private async showScenes(): Promise<void> {
    this.element.dataset.source = 'scenes';
    this.digits ??= this.ready.then(() => this.worker.api.loadDigits(['test'], mnistUrl()));
    const next = async () => {
      const [s] = await this.worker.api
        .scenes({
          count: 1,
          seed: 11,
          style: 'paper',
          width: 320,
          height: 240,
        })
        .then(
          (all) => all,
          () => [],
        );
      if (s) drawRgb(this.still, s.image, s.width, s.height);
      this.stillReady = Boolean(s);
    };
    try {
      await this.digits;
      await next();
      this.view?.setSource(this.still);
      this.sceneTimer = setInterval(() => {
        this.sceneSeed++;
        void this.worker.api
          .scenes({ count: 1, seed: 11 + this.sceneSeed, style: 'paper', width: 320, height: 240 })
          .then(([s]) => s && drawRgb(this.still, s.image, s.width, s.height));
      }, 3000);
    } catch (e) {
      this.say(`Generated scenes are not available: ${(e as Error).message}`, true);
    }
  }

  private async readUpload(): Promise<void> {
    const file = this.upload.files?.[0];
    if (!file) return;
    try {
      const bitmap = await createImageBitmap(file);
      const k = Math.min(1, 640 / Math.max(bitmap.width, bitmap.height));
      this.still.width = Math.round(bitmap.width * k);
      this.still.height = Math.round(bitmap.height * k);
      this.still.getContext('2d')?.drawImage(bitmap, 0, 0, this.still.width, this.still.height);
      bitmap.close();
      this.stillReady = true;
      this.view?.setSource(this.still);
    } catch (e) {
      this.say(`${file.name} could not be read as an image: ${(e as Error).message}`, true);
    }
  }

  /** Enables "Trained in this browser" once the worker holds such a model. */
  trainedReady(): void {
    (this.modelSelect.querySelector('option[value="trained"]') as HTMLOptionElement).disabled =
      false;
  }

  private readonly tick = (): void => {
    if (!this.running) return;
    this.raf = requestAnimationFrame(this.tick);
    if (this.paused) return;
    this.view?.showFrame();
    if (!this.inFlight) void this.send();
  };

  private currentSource(): HTMLVideoElement | HTMLCanvasElement | null {
    if (this.stream) return this.video.videoWidth ? this.video : null;
    if (this.element.dataset.source === 'draw') return this.drawing.canvas;
    return this.stillReady && this.sceneOrUploadShown() ? this.still : null;
  }

  private sceneOrUploadShown(): boolean {
    const s = this.element.dataset.source;
    return s === 'scenes' || s === 'upload';
  }

  /** One frame to the worker; the next is taken only when its answer is back. */
  private async send(): Promise<void> {
    const source = this.currentSource();
    if (!source) return;
    this.inFlight = true;
    const started = performance.now();
    try {
      await this.ready;
      const bitmap = await createImageBitmap(source);
      const result = await this.worker.api.predict(
        this.modelSelect.value,
        transfer({ bitmap }, [bitmap]),
        {
          scoreThreshold: Number(this.score.value),
          iouThreshold: Number(this.iou.value),
          passes: Number(this.passes.value) as ShiftPasses,
        },
      );
      this.show(result, performance.now() - started);
    } catch (e) {
      this.say(`The model could not look at the frame: ${(e as Error).message}`, true);
      this.setPaused(true);
    } finally {
      this.inFlight = false;
    }
  }

  private show(r: VisionResult, latencyMs: number): void {
    const now = performance.now();
    this.answers.push(now);
    while (this.answers.length > 0 && this.answers[0] < now - 2000) this.answers.shift();
    const span = (now - this.answers[0]) / 1000;
    const fps = this.answers.length > 1 && span > 0 ? (this.answers.length - 1) / span : 0;
    this.render({
      detections: r,
      mask: r.mask,
      stats: { fps, latencyMs, stages: r.timings, model: r.model },
    });
    this.frames++;
    const d = this.element.dataset;
    d.frames = String(this.frames);
    d.fps = fps.toFixed(1);
    d.latency = JSON.stringify({ total: latencyMs, ...r.timings });
    d.frameSize = `${r.width}x${r.height}`;
    d.lastBoxes = JSON.stringify(
      Array.from({ length: r.categories.length }, (_, i) => ({
        bbox: Array.from(r.boxes.subarray(i * 4, i * 4 + 4)),
        categoryId: r.categories[i],
        score: r.scores[i],
      })),
    );
    d.maskCells = String(r.mask ? r.mask.labels.reduce((n, v) => n + (v > 0 ? 1 : 0), 0) : 0);
  }

  private togglePause(): void {
    this.setPaused(!this.paused);
  }

  private setPaused(paused: boolean): void {
    this.paused = paused;
    this.pauseButton.textContent = paused ? 'Resume' : 'Pause';
    this.element.dataset.paused = String(paused);
    this.render();
  }

  /** Shows `data` (or the last data again), with a "Paused" line over it while paused. */
  private render(data?: WebcamViewData): void {
    if (data) this.viewData = data;
    this.view?.update(this.paused ? { ...this.viewData, message: 'Paused' } : this.viewData);
  }

  private snapshot(): void {
    const canvas = this.view?.picture();
    canvas?.toBlob((blob) => {
      if (!blob) return;
      void blob.arrayBuffer().then((b) => downloadBytes(new Uint8Array(b), 'vision-snapshot.png'));
    }, 'image/png');
  }

  destroy(): void {
    this.leave();
    this.view?.destroy();
    this.element.remove();
  }
}
