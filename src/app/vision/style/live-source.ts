/**
 * Where the live mode's video comes from: the camera (released when the mode or the studio is
 * left), a generated landscape the view drifts over slowly (a stand-in video, drawn in the
 * worker once and panned here, a drawImage a frame), or an image file. Without a camera, or
 * with the permission denied, it says so in a sentence and shows the landscape: the same mode.
 * Frames are grabbed as ImageBitmaps cropped to 4:3 and resized by the browser, off the page's
 * own work as far as the browser allows.
 */
import type { RgbImage } from '../../../../workers/style-live-api';
import { paintRgb } from '../../../ui/rgb-canvas';
import { button, el, field, select } from '../../dom';
import {
  type CameraFailure,
  describeCameraError,
  openCamera,
  releaseCamera,
} from '../frame-sources';
import { centreCrop, panWindow } from './live-geometry';
import { forView } from './picture-io';

export type LiveSourceKind = 'camera' | 'landscape' | 'upload';

const SOURCES: Array<[LiveSourceKind, string]> = [
  ['camera', 'Camera'],
  ['landscape', 'A generated landscape (panning)'],
  ['upload', 'An image file'],
];

/** The landscape's side, and the stand-in video's size (4:3). */
const SCENE_SIDE = 480;
const [VIDEO_W, VIDEO_H] = [320, 240];
/** The window over the scene: a bit more than half of it, so the drift shows. */
const [WINDOW_W, WINDOW_H] = [360, 270];

function cameraMessage(failure: CameraFailure): string {
  const instead = 'Meanwhile the mode paints a generated landscape; or choose an image file.';
  switch (failure.kind) {
    case 'denied':
      return `The camera permission was denied. Allow it in the address bar and retry to go live. ${instead}`;
    case 'missing':
      return `No camera was found. ${instead}`;
    case 'busy':
      return `The camera is busy (another app or tab is using it): close that and retry. ${instead}`;
    case 'unsupported':
      return `This page has no camera access here (browsers allow it on HTTPS or localhost only). ${instead}`;
    default:
      return `${failure.message} ${instead}`;
  }
}

export interface LiveSourceOptions {
  /** Draws generated landscape `index` at size x size (in a worker). */
  scene(index: number, size: number): Promise<RgbImage>;
  /** Hears the element to show (the video, or the canvas), or null while there is none. */
  onDisplay(display: HTMLVideoElement | HTMLCanvasElement | null): void;
}

export class LiveSource {
  private readonly kindSelect = select('live-source', SOURCES, 'camera');
  /** The source's field (for the controls' grid). */
  readonly field = field('Video', this.kindSelect);
  private readonly video = el('video', { playsinline: '', muted: '' });
  private readonly canvas = el('canvas', { width: String(VIDEO_W), height: String(VIDEO_H) });
  private readonly scenePicture = document.createElement('canvas');
  private readonly upload = el('input', {
    type: 'file',
    accept: 'image/*',
    name: 'live-file',
    'aria-label': 'a picture to paint live',
  });
  readonly retry = button('Retry the camera', { 'data-action': 'retry-camera' });
  readonly another = button('Another landscape', { 'data-action': 'next-landscape' });
  private readonly uploadField = field('Image file', this.upload);
  private readonly message = el('p', { class: 'vision-message', role: 'status' });
  /** The file field and the source's message (under the controls). */
  readonly element = el('div', { class: 'style-fast-source' }, this.uploadField, this.message);
  private stream: MediaStream | null = null;
  private kind: LiveSourceKind = 'camera';
  private shown = false;
  private sceneIndex = 11;
  private sceneReady = false;
  private uploadReady = false;
  private panStart = performance.now();

  constructor(private readonly opts: LiveSourceOptions) {
    this.kindSelect.addEventListener(
      'change',
      () => void this.use(this.kindSelect.value as LiveSourceKind),
    );
    this.retry.addEventListener('click', () => void this.use('camera'));
    this.another.addEventListener('click', () => {
      this.sceneIndex++;
      void this.drawScene();
    });
    this.upload.addEventListener('change', () => void this.readUpload());
    this.element.dataset.camera = 'off';
    this.retry.hidden = true;
  }

  get source(): LiveSourceKind {
    return this.kind;
  }

  /** A camera frame is on screen (not a stand-in). */
  get live(): boolean {
    return this.stream !== null;
  }

  async enter(): Promise<void> {
    this.shown = true;
    await this.use(this.kind);
  }

  leave(): void {
    this.shown = false;
    this.stopCamera();
  }

  private say(text: string, error = false): void {
    this.message.textContent = text;
    this.message.classList.toggle('error', error);
  }

  private stopCamera(): void {
    // On <html>: the mode's element is detached once another area shows.
    if (this.stream)
      document.documentElement.dataset.cameraTracksLive = String(
        releaseCamera(this.stream, this.video),
      );
    this.stream = null;
    this.element.dataset.camera = 'off';
  }

  private show(kind: LiveSourceKind): void {
    this.kind = kind;
    this.kindSelect.value = kind;
    this.element.dataset.source = kind;
    this.another.hidden = kind !== 'landscape';
    this.uploadField.hidden = kind !== 'upload';
  }

  async use(kind: LiveSourceKind): Promise<void> {
    this.stopCamera();
    this.show(kind);
    this.say('');
    if (kind === 'camera') {
      this.retry.hidden = true;
      this.opts.onDisplay(null);
      await this.startCamera();
    } else if (kind === 'landscape') {
      this.opts.onDisplay(this.canvas);
      if (!this.sceneReady) await this.drawScene();
    } else {
      this.uploadReady = false;
      this.opts.onDisplay(null);
      if (this.upload.files?.[0]) await this.readUpload();
      else this.say('Choose an image file: it is painted as a still video.');
    }
  }

  private async startCamera(): Promise<void> {
    this.element.dataset.camera = 'starting';
    try {
      const stream = await openCamera(this.video);
      if (!this.shown || this.kind !== 'camera') {
        releaseCamera(stream, this.video);
        this.element.dataset.camera = 'off';
        return;
      }
      this.stream = stream;
      this.element.dataset.camera = 'on';
      this.opts.onDisplay(this.video);
    } catch (e) {
      const failure = describeCameraError(e);
      // The same mode without a camera: the landscape, and the way back to the camera.
      this.show('landscape');
      this.element.dataset.camera = failure.kind;
      this.retry.hidden = false;
      this.say(cameraMessage(failure), true);
      this.opts.onDisplay(this.canvas);
      if (!this.sceneReady) await this.drawScene();
    }
  }

  private async drawScene(): Promise<void> {
    const index = this.sceneIndex;
    try {
      const picture = await this.opts.scene(index, SCENE_SIDE);
      if (index !== this.sceneIndex) return;
      paintRgb(this.scenePicture, forView(picture));
      this.sceneReady = true;
      this.panStart = performance.now();
      this.element.dataset.scene = String(index);
      this.tick(performance.now());
    } catch (e) {
      this.say(`The landscape could not be drawn: ${(e as Error).message}`, true);
    }
  }

  private async readUpload(): Promise<void> {
    const file = this.upload.files?.[0];
    if (!file) return;
    try {
      const bitmap = await createImageBitmap(file);
      try {
        const c = centreCrop(bitmap.width, bitmap.height);
        this.canvas
          .getContext('2d')
          ?.drawImage(bitmap, c.sx, c.sy, c.sw, c.sh, 0, 0, VIDEO_W, VIDEO_H);
      } finally {
        bitmap.close();
      }
      this.uploadReady = true;
      this.say(`${file.name}, cropped to 4:3.`);
      this.opts.onDisplay(this.canvas);
    } catch {
      this.say(`${file.name} could not be read as an image (PNG, JPEG, WebP or GIF).`, true);
    }
  }

  /** Moves the landscape's window on (call once per animation frame). */
  tick(now: number): void {
    if (this.kind !== 'landscape' || !this.sceneReady) return;
    const { x, y } = panWindow((now - this.panStart) / 1000, SCENE_SIDE, WINDOW_W, WINDOW_H);
    this.canvas
      .getContext('2d')
      ?.drawImage(this.scenePicture, x, y, WINDOW_W, WINDOW_H, 0, 0, VIDEO_W, VIDEO_H);
  }

  /** What is shown, ready to grab from (null: nothing yet). */
  private ready(): HTMLVideoElement | HTMLCanvasElement | null {
    if (this.kind === 'camera') return this.stream && this.video.videoWidth ? this.video : null;
    if (this.kind === 'landscape') return this.sceneReady ? this.canvas : null;
    return this.uploadReady ? this.canvas : null;
  }

  /** The frame now, cropped to 4:3 and resized to width x height (null: no frame yet). */
  async grab(width: number, height: number): Promise<ImageBitmap | null> {
    const s = this.ready();
    if (!s) return null;
    const [w, h] =
      s instanceof HTMLVideoElement ? [s.videoWidth, s.videoHeight] : [s.width, s.height];
    const c = centreCrop(w, h, width / height);
    if (c.sw < 1 || c.sh < 1) return null;
    return createImageBitmap(s, c.sx, c.sy, c.sw, c.sh, {
      resizeWidth: width,
      resizeHeight: height,
      resizeQuality: 'medium',
    });
  }
}
