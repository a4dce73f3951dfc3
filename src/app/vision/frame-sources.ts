/**
 * Where the live demo's frames come from: the camera (rear one preferred on phones), or,
 * without one, a canvas the page fills (an uploaded image, generated scenes, digits drawn by
 * hand). The camera's failures become one sentence a user can act on.
 */

export interface CameraFailure {
  /** For the page's data attribute and the tests. */
  kind: 'denied' | 'missing' | 'busy' | 'unsupported' | 'failed';
  message: string;
}

/** Opens the camera (the rear one where there is a choice) into `video`. */
export async function openCamera(video: HTMLVideoElement): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia)
    throw Object.assign(new Error('no getUserMedia'), { name: 'NotSupportedError' });
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: { ideal: 'environment' }, width: { ideal: 640 }, height: { ideal: 480 } },
    audio: false,
  });
  video.srcObject = stream;
  video.muted = true;
  video.playsInline = true;
  await video.play();
  return stream;
}

/** Stops every track, so the camera (and its light) is released; returns the tracks still live (0). */
export function releaseCamera(stream: MediaStream | null, video: HTMLVideoElement): number {
  const tracks = stream?.getTracks() ?? [];
  for (const track of tracks) track.stop();
  video.srcObject = null;
  return tracks.filter((t) => t.readyState === 'live').length;
}

export function describeCameraError(e: unknown): CameraFailure {
  const name = (e as { name?: string })?.name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError')
    return {
      kind: 'denied',
      message:
        'The camera permission was denied. Allow it in the address bar to go live; meanwhile try the demo on an image, generated scenes or digits you draw.',
    };
  if (name === 'NotFoundError' || name === 'OverconstrainedError')
    return {
      kind: 'missing',
      message:
        'No camera was found. Try the demo on an image, generated scenes or digits you draw.',
    };
  if (name === 'NotReadableError' || name === 'AbortError')
    return {
      kind: 'busy',
      message:
        'The camera is busy (another app or tab is using it). Close that and retry, or use another source below.',
    };
  if (name === 'NotSupportedError' || name === 'TypeError')
    return {
      kind: 'unsupported',
      message:
        'This page has no camera access here (browsers allow it on HTTPS or localhost only). Use another source below.',
    };
  return {
    kind: 'failed',
    message: `The camera did not start: ${(e as Error)?.message ?? String(e)}.`,
  };
}

/** Draws RGB bytes into a canvas of their size. */
export function drawRgb(
  canvas: HTMLCanvasElement,
  rgb: Uint8Array,
  width: number,
  height: number,
): void {
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(width, height);
  for (let i = 0; i < width * height; i++) {
    img.data[i * 4] = rgb[i * 3];
    img.data[i * 4 + 1] = rgb[i * 3 + 1];
    img.data[i * 4 + 2] = rgb[i * 3 + 2];
    img.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

/** A white page to draw digits on with a dark pen (mouse, pen or finger). */
export function makeDrawingPage(
  width = 480,
  height = 320,
): { canvas: HTMLCanvasElement; clear(): void } {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.className = 'vision-draw-page';
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  const clear = () => {
    ctx.fillStyle = '#f4f1ea';
    ctx.fillRect(0, 0, width, height);
  };
  clear();
  let last: [number, number] | null = null;
  const at = (e: PointerEvent): [number, number] => {
    const r = canvas.getBoundingClientRect();
    return [((e.clientX - r.left) * width) / r.width, ((e.clientY - r.top) * height) / r.height];
  };
  canvas.addEventListener('pointerdown', (e) => {
    canvas.setPointerCapture(e.pointerId);
    last = at(e);
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!last) return;
    const p = at(e);
    ctx.strokeStyle = '#1c1c28';
    // About an MNIST stroke's share of a digit's height: at 9 px (2.4 px in the model's 128
    // px input) a drawn 1 was as thin as the pen strokes the detector learns to leave alone
    // and was never boxed; from 14 px on it is (the shipped detector, `vision predict`).
    ctx.lineWidth = Math.round(width / 32);
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(...last);
    ctx.lineTo(...p);
    ctx.stroke();
    last = p;
  });
  const end = () => {
    last = null;
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  canvas.style.touchAction = 'none';
  return { canvas, clear };
}
