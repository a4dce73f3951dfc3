/**
 * Where the style studio's content picture comes from: a snapshot of the camera (its preview
 * live while the studio shows, released when it is left), an image file, or a landscape our
 * code draws (content-scenes.ts, in the worker). Without a camera, or with the permission
 * denied, it says so in a sentence and falls back to a generated picture: the same demo.
 */
import type { RgbImage } from '../../../../workers/style-api';
import { paintRgb } from '../../../ui/rgb-canvas';
import { button, el, field, select } from '../../dom';
import {
  type CameraFailure,
  describeCameraError,
  openCamera,
  releaseCamera,
} from '../frame-sources';
import { forView, readImageFile, videoFrame } from './picture-io';

export type ContentKind = 'camera' | 'upload' | 'scene';

const SOURCES: Array<[ContentKind, string]> = [
  ['camera', 'Camera snapshot'],
  ['upload', 'An image file'],
  ['scene', 'Generated picture'],
];

/** What the studio says for each camera failure: what happened, and what it does instead. */
function cameraMessage(failure: CameraFailure): string {
  const instead = 'Meanwhile the studio paints a generated picture; or choose an image file.';
  switch (failure.kind) {
    case 'denied':
      return `The camera permission was denied. Allow it in the address bar to take a snapshot. ${instead}`;
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

export interface ContentSourceOptions {
  /** Draws generated picture `index` (the worker's content scenes). */
  scene(index: number): Promise<RgbImage>;
  /** Hears each new content picture and a few words on where it came from. */
  onChange(picture: RgbImage, label: string): void;
}

export class ContentSource {
  readonly element = el('section', { class: 'panel style-content' });
  private readonly sourceSelect = select('content-source', SOURCES, 'camera');
  private readonly video = el('video', { class: 'style-camera', playsinline: '', muted: '' });
  private readonly upload = el('input', {
    type: 'file',
    accept: 'image/*',
    name: 'content-file',
    'aria-label': 'a content picture',
  });
  private readonly snapshotButton = button('Take snapshot', { 'data-action': 'snapshot' });
  private readonly retryButton = button('Retry the camera', { 'data-action': 'retry-camera' });
  private readonly sceneButton = button('Another picture', { 'data-action': 'next-scene' });
  private readonly box = el('div', { class: 'style-source-box' });
  private readonly message = el('p', { class: 'vision-message', role: 'status' });
  private readonly preview = el('canvas', {
    class: 'style-content-preview',
    'aria-hidden': 'true',
  });
  private readonly caption = el('p', { class: 'muted style-content-caption' });
  private stream: MediaStream | null = null;
  private kind: ContentKind = 'camera';
  private shown = false;
  private sceneIndex = 0;
  private current: RgbImage | null = null;

  constructor(private readonly opts: ContentSourceOptions) {
    this.sourceSelect.addEventListener(
      'change',
      () => void this.use(this.sourceSelect.value as ContentKind),
    );
    this.snapshotButton.addEventListener('click', () => this.snapshot());
    this.retryButton.addEventListener('click', () => void this.use('camera'));
    this.sceneButton.addEventListener('click', () => {
      this.sceneIndex++;
      void this.showScene();
    });
    this.upload.addEventListener('change', () => void this.readUpload());
    this.element.append(
      el('h3', {}, 'Content'),
      field('Source', this.sourceSelect),
      this.box,
      this.message,
      el('div', { class: 'style-content-chosen' }, this.preview, this.caption),
    );
  }

  /** The content picture chosen last (null before the first). */
  get picture(): RgbImage | null {
    return this.current;
  }

  /** The studio is shown: start the camera if it is the source, or the first picture. */
  async enter(): Promise<void> {
    const first = !this.shown && this.current === null;
    this.shown = true;
    // Back in the studio: only the camera needs starting again; a picture chosen stays.
    if (first || this.kind === 'camera') await this.use(this.kind);
  }

  /** The studio is hidden: release the camera. */
  leave(): void {
    this.shown = false;
    this.stopCamera();
  }

  private say(text: string, error = false): void {
    this.message.textContent = text;
    this.message.classList.toggle('error', error);
  }

  private stopCamera(): void {
    // On <html>: the studio's element is detached once another area shows.
    if (this.stream)
      document.documentElement.dataset.cameraTracksLive = String(
        releaseCamera(this.stream, this.video),
      );
    this.stream = null;
    this.element.dataset.camera = 'off';
  }

  private async use(kind: ContentKind): Promise<void> {
    this.stopCamera();
    this.kind = kind;
    this.sourceSelect.value = kind;
    this.element.dataset.source = kind;
    this.say('');
    if (kind === 'camera') {
      this.box.replaceChildren(
        this.video,
        el('div', { class: 'actions' }, this.snapshotButton, this.retryButton),
      );
      this.retryButton.hidden = true;
      this.snapshotButton.disabled = true;
      await this.startCamera();
    } else if (kind === 'upload') {
      this.box.replaceChildren(field('Image file', this.upload));
    } else {
      this.box.replaceChildren(el('div', { class: 'actions' }, this.sceneButton));
      await this.showScene();
    }
  }

  private async startCamera(): Promise<void> {
    this.element.dataset.camera = 'starting';
    // Something to paint until the first snapshot.
    if (!this.current) void this.showScene();
    try {
      const stream = await openCamera(this.video);
      if (!this.shown || this.kind !== 'camera') {
        releaseCamera(stream, this.video);
        return;
      }
      this.stream = stream;
      this.element.dataset.camera = 'on';
      this.snapshotButton.disabled = false;
      this.say('Frame your subject and take a snapshot: it becomes the content.');
    } catch (e) {
      const failure = describeCameraError(e);
      // The same demo without a camera: a generated picture, and the way back to the camera.
      this.kind = 'scene';
      this.sourceSelect.value = 'scene';
      this.element.dataset.source = 'scene';
      this.box.replaceChildren(el('div', { class: 'actions' }, this.sceneButton, this.retryButton));
      this.retryButton.hidden = false;
      this.element.dataset.camera = failure.kind;
      this.say(cameraMessage(failure), true);
      if (!this.current) await this.showScene();
    }
  }

  private snapshot(): void {
    if (!this.stream || !this.video.videoWidth) {
      this.say('The camera has no picture yet: wait a moment and try again.', true);
      return;
    }
    this.set(videoFrame(this.video), 'camera snapshot');
    this.say('Snapshot taken: Paint turns it into the style. Take another any time.');
  }

  private async showScene(): Promise<void> {
    const index = this.sceneIndex;
    try {
      const picture = await this.opts.scene(index);
      if (index === this.sceneIndex) this.set(picture, `generated picture ${index + 1}`);
    } catch (e) {
      this.say(`The generated picture could not be drawn: ${(e as Error).message}`, true);
    }
  }

  private async readUpload(): Promise<void> {
    const file = this.upload.files?.[0];
    if (!file) return;
    try {
      this.set(await readImageFile(file), file.name);
    } catch (e) {
      this.say((e as Error).message, true);
    }
  }

  private set(picture: RgbImage, label: string): void {
    this.current = picture;
    paintRgb(this.preview, forView(picture));
    this.caption.textContent = `${label}, ${picture.width} x ${picture.height}`;
    this.element.dataset.content = label;
    this.opts.onChange(picture, label);
  }
}
