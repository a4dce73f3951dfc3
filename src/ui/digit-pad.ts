/**
 * A pad to draw a digit on, MNIST style: thick round white strokes on black, drawn with mouse,
 * pen or touch (pointer events with pointer capture). The strokes are kept as data (pad units
 * 0..1) and rasterised on a plain 2D canvas, which is both what the user sees and what is read
 * back: exact pixels, no GPU involved. Every change yields the preprocessed 28×28 image
 * (`mnist-preprocess.ts`), throttled while drawing and at once when a stroke ends.
 */

import { MNIST_SIZE, type PreprocessOptions, preprocessDigit } from '../data/mnist-preprocess';
import { styleCard } from './card';
import { Component } from './component';

/** A point in pad units: (0, 0) top left, (1, 1) bottom right. */
export type PadPoint = [number, number];
export type PadStroke = PadPoint[];

export interface DigitPadOptions {
  /** Side of the pad in CSS pixels (default 280). */
  size?: number;
  /** Side of the raster that is read back, in pixels (default 280, as MNIST's 28 × 10). */
  resolution?: number;
  /** Stroke width as a fraction of the pad's side (default 0.07: about 20 px on 280). */
  brush?: number;
  /** Called with the 28×28 image (row-major, [0,1]) after changes. */
  onChange?: (image28: Float32Array) => void;
  /** Least time between two `onChange` calls while drawing, in ms (default 100). */
  throttleMs?: number;
  /** Show the 28×28 image beside the pad (default true). */
  preview?: boolean;
  /** Show the pad's own Clear button (default true). */
  clearButton?: boolean;
  preprocess?: PreprocessOptions;
}

export interface DigitPadData {
  /** Replace the drawing with these strokes (an empty list clears it). */
  strokes?: readonly (readonly PadPoint[])[];
  /** A disabled pad ignores the pointer. */
  disabled?: boolean;
}

const PREVIEW_SCALE = 4;

export class DigitPad extends Component<DigitPadData> {
  /** The drawing surface, also the raster that is read back. */
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly preview: HTMLCanvasElement | null;
  private readonly hint: HTMLElement;
  private readonly res: number;
  private readonly lineWidth: number;
  private readonly throttleMs: number;
  private readonly onChange: ((image28: Float32Array) => void) | undefined;
  private readonly preprocessOptions: PreprocessOptions;
  private strokes: PadStroke[] = [];
  private active: { id: number; stroke: PadStroke } | null = null;
  private disabled = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private dirty = false;
  private readonly listeners: Array<[EventTarget, string, EventListener]> = [];

  static async create(parent: HTMLElement, options: DigitPadOptions = {}): Promise<DigitPad> {
    const host = document.createElement('div');
    host.className = 'ga-card ga-digit-pad';
    return DigitPad.attach(parent, host, (h) => new DigitPad(h, options));
  }

  private constructor(element: HTMLElement, options: DigitPadOptions) {
    super(element);
    const size = options.size ?? 280;
    this.res = Math.max(28, Math.round(options.resolution ?? 280));
    this.lineWidth = Math.max(1, (options.brush ?? 0.07) * this.res);
    this.throttleMs = Math.max(0, options.throttleMs ?? 100);
    this.onChange = options.onChange;
    this.preprocessOptions = options.preprocess ?? {};

    styleCard(element, this.theme);
    Object.assign(element.style, {
      padding: '12px',
      display: 'flex',
      flexWrap: 'wrap',
      alignItems: 'flex-start',
      gap: '12px',
      color: 'var(--ga-text)',
      fontFamily: 'var(--ga-font)',
    });

    const frame = document.createElement('div');
    Object.assign(frame.style, {
      position: 'relative',
      width: `${size}px`,
      maxWidth: '100%',
      aspectRatio: '1',
      flex: '0 1 auto',
    });
    const canvas = document.createElement('canvas');
    canvas.className = 'ga-digit-pad-surface';
    canvas.width = this.res;
    canvas.height = this.res;
    canvas.tabIndex = 0;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute(
      'aria-label',
      'Drawing pad: draw a digit with the mouse, a pen or a finger. Escape clears it.',
    );
    Object.assign(canvas.style, {
      display: 'block',
      width: '100%',
      height: '100%',
      background: '#000',
      borderRadius: '8px',
      border: '1px solid var(--ga-line)',
      boxSizing: 'border-box',
      touchAction: 'none',
      cursor: 'crosshair',
      userSelect: 'none',
    });
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('DigitPad: no 2D canvas context');
    this.canvas = canvas;
    this.ctx = ctx;

    const hint = document.createElement('span');
    hint.textContent = 'Draw a digit here';
    Object.assign(hint.style, {
      position: 'absolute',
      inset: '0',
      display: 'flex',
      alignItems: 'center',
      justifyContent: 'center',
      color: 'var(--ga-muted)',
      fontSize: '15px',
      pointerEvents: 'none',
    });
    this.hint = hint;
    frame.append(canvas, hint);
    element.append(frame);

    const side = document.createElement('div');
    side.className = 'ga-digit-pad-side';
    Object.assign(side.style, { display: 'flex', flexDirection: 'column', gap: '8px' });
    if (options.preview !== false) {
      const preview = document.createElement('canvas');
      preview.className = 'ga-digit-pad-preview';
      preview.width = MNIST_SIZE;
      preview.height = MNIST_SIZE;
      preview.setAttribute('role', 'img');
      preview.setAttribute('aria-label', 'What the network sees: the drawing as a 28 by 28 image');
      Object.assign(preview.style, {
        width: `${MNIST_SIZE * PREVIEW_SCALE}px`,
        height: `${MNIST_SIZE * PREVIEW_SCALE}px`,
        imageRendering: 'pixelated',
        background: '#000',
        border: '1px solid var(--ga-line)',
        borderRadius: '4px',
      });
      const caption = document.createElement('span');
      caption.textContent = '28×28 input';
      Object.assign(caption.style, { fontSize: '12px', color: 'var(--ga-muted)' });
      side.append(preview, caption);
      this.preview = preview;
    } else {
      this.preview = null;
    }
    if (options.clearButton !== false) {
      const clear = document.createElement('button');
      clear.type = 'button';
      clear.className = 'ga-digit-pad-clear';
      clear.textContent = 'Clear';
      Object.assign(clear.style, {
        font: 'inherit',
        fontSize: '13px',
        color: 'var(--ga-text)',
        background: 'var(--ga-bg)',
        border: '1px solid var(--ga-line)',
        borderRadius: '6px',
        padding: '5px 12px',
        cursor: 'pointer',
      });
      this.listen(clear, 'click', () => this.clear());
      side.append(clear);
    }
    if (side.childElementCount > 0) element.append(side);

    this.listen(canvas, 'pointerdown', (e) => this.pointerDown(e as PointerEvent));
    this.listen(canvas, 'pointermove', (e) => this.pointerMove(e as PointerEvent));
    this.listen(canvas, 'pointerup', (e) => this.pointerEnd(e as PointerEvent));
    this.listen(canvas, 'pointercancel', (e) => this.pointerEnd(e as PointerEvent));
    this.listen(canvas, 'lostpointercapture', (e) => this.pointerEnd(e as PointerEvent));
    this.listen(canvas, 'keydown', (e) => {
      const key = (e as KeyboardEvent).key;
      if (key === 'Escape' || key === 'Delete' || key === 'Backspace') {
        e.preventDefault();
        this.clear();
      }
    });
    this.redraw();
    this.renderPreview(new Float32Array(MNIST_SIZE * MNIST_SIZE));
  }

  /** Replaces the drawing and/or enables or disables the pad. */
  update(data: DigitPadData): void {
    if (data.disabled !== undefined) {
      this.disabled = data.disabled;
      this.canvas.style.opacity = data.disabled ? '0.6' : '1';
      this.canvas.style.cursor = data.disabled ? 'not-allowed' : 'crosshair';
      if (data.disabled) this.abortStroke();
    }
    if (data.strokes !== undefined) {
      this.abortStroke();
      this.strokes = data.strokes.map((s) => s.map(([x, y]): PadPoint => [x, y]));
      this.redraw();
      this.emitNow();
    }
  }

  /** Adds strokes (pad units 0..1) as if drawn, then reports the new image at once. */
  drawStrokes(strokes: ReadonlyArray<ReadonlyArray<readonly [number, number]>>): void {
    for (const s of strokes) {
      const stroke = s
        .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
        .map(([x, y]): PadPoint => [x, y]);
      if (stroke.length === 0) continue;
      this.strokes.push(stroke);
      this.paintStroke(stroke);
    }
    this.showHint(this.strokes.length === 0);
    this.emitNow();
  }

  /** Wipes the pad and reports an empty (all-zero) image. */
  clear(): void {
    this.abortStroke();
    this.strokes = [];
    this.redraw();
    this.emitNow();
  }

  /** The strokes drawn so far, in pad units (a copy). */
  getStrokes(): PadStroke[] {
    return this.strokes.map((s) => s.map(([x, y]): PadPoint => [x, y]));
  }

  /** The pad's grayscale raster (resolution², row-major, ink 1). */
  getRaster(): Float32Array {
    const n = this.res;
    const rgba = this.ctx.getImageData(0, 0, n, n).data;
    const out = new Float32Array(n * n);
    for (let i = 0; i < out.length; i++) out[i] = rgba[i * 4] / 255;
    return out;
  }

  /** The preprocessed 28×28 image (a fresh array each call). */
  getImage(): Float32Array {
    return preprocessDigit(this.getRaster(), this.res, this.res, this.preprocessOptions);
  }

  override destroy(): void {
    if (this.isDestroyed) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    for (const [target, type, fn] of this.listeners) target.removeEventListener(type, fn);
    super.destroy();
  }

  /** The pad stays black and white (it is the network's input); its frame follows the theme. */
  protected themeChanged(): void {
    styleCard(this.element, this.theme);
  }

  // --- pointer input -------------------------------------------------------------------------

  private listen(target: EventTarget, type: string, fn: EventListener): void {
    target.addEventListener(type, fn);
    this.listeners.push([target, type, fn]);
  }

  private toPad(e: PointerEvent): PadPoint {
    const r = this.canvas.getBoundingClientRect();
    return [(e.clientX - r.left) / (r.width || 1), (e.clientY - r.top) / (r.height || 1)];
  }

  private pointerDown(e: PointerEvent): void {
    if (this.disabled || this.active !== null) return;
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    e.preventDefault();
    try {
      this.canvas.setPointerCapture(e.pointerId);
    } catch {
      // Synthetic events have no active pointer to capture; drawing works without it.
    }
    const stroke: PadStroke = [this.toPad(e)];
    this.active = { id: e.pointerId, stroke };
    this.strokes.push(stroke);
    this.showHint(false);
    this.paintDot(stroke[0]);
    this.scheduleChange();
  }

  private pointerMove(e: PointerEvent): void {
    const active = this.active;
    if (active === null || e.pointerId !== active.id) return;
    e.preventDefault();
    const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    for (const ev of events.length > 0 ? events : [e]) this.addPoint(active.stroke, this.toPad(ev));
    this.scheduleChange();
  }

  private pointerEnd(e: PointerEvent): void {
    const active = this.active;
    if (active === null || e.pointerId !== active.id) return;
    this.active = null;
    if (e.type === 'pointerup') this.addPoint(active.stroke, this.toPad(e));
    this.paintTail(active.stroke);
    if (this.canvas.hasPointerCapture?.(e.pointerId))
      this.canvas.releasePointerCapture(e.pointerId);
    this.emitNow();
  }

  private abortStroke(): void {
    if (this.active === null) return;
    const { id, stroke } = this.active;
    this.active = null;
    this.paintTail(stroke);
    if (this.canvas.hasPointerCapture?.(id)) this.canvas.releasePointerCapture(id);
  }

  /** Appends a point and paints the piece of curve it completes. */
  private addPoint(stroke: PadStroke, p: PadPoint): void {
    const last = stroke[stroke.length - 1];
    const minStep = 0.5 / this.res; // ignore sub-pixel jitter
    if (Math.abs(p[0] - last[0]) < minStep && Math.abs(p[1] - last[1]) < minStep) return;
    stroke.push(p);
    const n = stroke.length;
    const ctx = this.beginInk();
    if (n === 2) {
      this.moveTo(ctx, stroke[0]);
      this.lineTo(ctx, mid(stroke[0], stroke[1]));
    } else {
      // Quadratic pieces through the midpoints, with the samples as control points: smooth
      // curves that pass near every sample and join without kinks.
      this.moveTo(ctx, mid(stroke[n - 3], stroke[n - 2]));
      this.quadTo(ctx, stroke[n - 2], mid(stroke[n - 2], stroke[n - 1]));
    }
    ctx.stroke();
  }

  /** Finishes a stroke: the last half segment up to the final sample. */
  private paintTail(stroke: PadStroke): void {
    const n = stroke.length;
    if (n < 2) return;
    const ctx = this.beginInk();
    this.moveTo(ctx, mid(stroke[n - 2], stroke[n - 1]));
    this.lineTo(ctx, stroke[n - 1]);
    ctx.stroke();
  }

  // --- painting -----------------------------------------------------------------------------

  private beginInk(): CanvasRenderingContext2D {
    const ctx = this.ctx;
    ctx.strokeStyle = '#fff';
    ctx.fillStyle = '#fff';
    ctx.lineWidth = this.lineWidth;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    return ctx;
  }

  private moveTo(ctx: CanvasRenderingContext2D, p: PadPoint): void {
    ctx.moveTo(p[0] * this.res, p[1] * this.res);
  }

  private lineTo(ctx: CanvasRenderingContext2D, p: PadPoint): void {
    ctx.lineTo(p[0] * this.res, p[1] * this.res);
  }

  private quadTo(ctx: CanvasRenderingContext2D, c: PadPoint, p: PadPoint): void {
    ctx.quadraticCurveTo(c[0] * this.res, c[1] * this.res, p[0] * this.res, p[1] * this.res);
  }

  private paintDot(p: PadPoint): void {
    const ctx = this.beginInk();
    ctx.arc(p[0] * this.res, p[1] * this.res, this.lineWidth / 2, 0, Math.PI * 2);
    ctx.fill();
  }

  /** Paints a whole stroke as one smooth path. */
  private paintStroke(stroke: PadStroke): void {
    if (stroke.length === 1) {
      this.paintDot(stroke[0]);
      return;
    }
    const ctx = this.beginInk();
    this.moveTo(ctx, stroke[0]);
    this.lineTo(ctx, mid(stroke[0], stroke[1]));
    for (let i = 2; i < stroke.length; i++) {
      this.quadTo(ctx, stroke[i - 1], mid(stroke[i - 1], stroke[i]));
    }
    this.lineTo(ctx, stroke[stroke.length - 1]);
    ctx.stroke();
  }

  private showHint(show: boolean): void {
    // The hint is display: flex, which would override the `hidden` attribute.
    this.hint.style.display = show ? 'flex' : 'none';
  }

  private redraw(): void {
    const ctx = this.ctx;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, this.res, this.res);
    for (const s of this.strokes) this.paintStroke(s);
    this.showHint(this.strokes.length === 0);
  }

  // --- change reports -----------------------------------------------------------------------

  /** Reports now if nothing was reported in the last `throttleMs`, else once that has passed. */
  private scheduleChange(): void {
    if (this.timer !== null) {
      this.dirty = true;
      return;
    }
    this.emit();
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.dirty) {
        this.dirty = false;
        this.scheduleChange();
      }
    }, this.throttleMs);
  }

  private emitNow(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.dirty = false;
    this.emit();
  }

  private emit(): void {
    if (this.isDestroyed) return;
    const image = this.getImage();
    this.renderPreview(image);
    this.onChange?.(image);
  }

  private renderPreview(image: Float32Array): void {
    const preview = this.preview;
    const ctx = preview?.getContext('2d');
    if (!ctx) return;
    const data = ctx.createImageData(MNIST_SIZE, MNIST_SIZE);
    for (let i = 0; i < image.length; i++) {
      const v = Math.round(image[i] * 255);
      data.data[i * 4] = v;
      data.data[i * 4 + 1] = v;
      data.data[i * 4 + 2] = v;
      data.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(data, 0, 0);
  }
}

function mid(a: PadPoint, b: PadPoint): PadPoint {
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}
