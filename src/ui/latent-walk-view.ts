/**
 * A generator's walk through its noise space, played: one large image moving smoothly from
 * one noise vector's picture to the next (neighbouring frames blended, so even a coarse walk
 * glides), the visited vectors' pictures as a strip of thumbnails under it with a playhead
 * between them, and play/pause plus a scrubber. An open walk plays back and forth, a looping
 * one round and round. Starts paused when the user asks for reduced motion.
 *
 * Frames are plain data (pixels 0..1, white ink on black as MNIST's); the view never asks for
 * more: the page sends a new walk with `update`.
 */
import { BufferImageSource, Container, Graphics, Rectangle, Sprite, Texture } from 'pixi.js';
import { pixelsChanged } from './pixel-upload';
import { PixiComponent } from './pixi-component';
import { CARD_PAD, FONT, makeTitle, TextPool } from './pixi-text';
import { blendFrames, walkBlend, walkPosition } from './walk-playback';

export interface LatentWalkOptions {
  title?: string;
  /** Magnification of the large image (default 8: a 28x28 digit is 224 CSS pixels). */
  scale?: number;
  /** Magnification of the thumbnails (default 2). */
  thumbScale?: number;
  /** Image side before the first update (default 28). */
  imageSize?: number;
  /** Walk frames per second (default 12). */
  fps?: number;
  /** Start playing when data arrives (default true; false with reduced motion). */
  autoplay?: boolean;
  /** Thumbnails the canvas is sized for before the first update (default 4). */
  keyframes?: number;
}

export interface LatentWalkData {
  /** count x size x size values in 0..1, frame after frame. */
  frames: Float32Array;
  count: number;
  size: number;
  /** Frame index of each visited noise vector (thumbnails and ticks); default: the first. */
  keyframes?: readonly number[];
  /** The frames loop (the last leads back to the first); else they play back and forth. */
  loop?: boolean;
  /** A line under the title ("digit 7", "step 400"). */
  caption?: string;
}

const HEADER = 30;
const GAP = 10;
const TRACK = 14;
const THUMB_GAP = 6;

export class LatentWalkView extends PixiComponent<LatentWalkData> {
  private data: LatentWalkData | null = null;
  /** The large image's pixels and texture (kept across theme changes; its sprite is not). */
  private big: { source: BufferImageSource; rgba: Uint8ClampedArray; texture: Texture } | null =
    null;
  private bigSprite: Sprite | null = null;
  private thumbs: { source: BufferImageSource; textures: Texture[] } | null = null;
  private thumbLayer!: Container;
  private marks!: Graphics;
  private text!: TextPool;
  private blend = new Float32Array(0);
  /** Playback: the position at `since` (ms), moving while playing. */
  private position = 0;
  private since = 0;
  private playing: boolean;
  private readonly fps: number;
  private readonly scale: number;
  private readonly thumbScale: number;
  private readonly playButton: HTMLButtonElement;
  private readonly scrubber: HTMLInputElement;

  private constructor(
    host: HTMLElement,
    private readonly opts: LatentWalkOptions,
    size: { width: number; height: number },
  ) {
    super(host, size);
    this.scale = Math.max(1, Math.round(opts.scale ?? 8));
    this.thumbScale = Math.max(1, Math.round(opts.thumbScale ?? 2));
    this.fps = opts.fps ?? 12;
    const reduced =
      typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
    this.playing = (opts.autoplay ?? true) && !reduced;
    // The card holds controls, so it is a group rather than a picture.
    host.setAttribute('role', 'group');
    const controls = document.createElement('div');
    controls.className = 'ga-walk-controls';
    Object.assign(controls.style, {
      display: 'flex',
      gap: '8px',
      alignItems: 'center',
      padding: `0 ${CARD_PAD}px ${CARD_PAD}px`,
    });
    this.playButton = document.createElement('button');
    this.playButton.type = 'button';
    this.playButton.dataset.action = 'walk-play';
    this.playButton.addEventListener('click', () => (this.playing ? this.pause() : this.play()));
    this.scrubber = document.createElement('input');
    this.scrubber.type = 'range';
    this.scrubber.min = '0';
    this.scrubber.step = 'any';
    this.scrubber.value = '0';
    this.scrubber.setAttribute('aria-label', 'position along the walk');
    this.scrubber.style.flex = '1';
    this.scrubber.style.minWidth = '0';
    this.scrubber.addEventListener('input', () => {
      this.pause();
      this.position = Number(this.scrubber.value);
      this.requestRedraw();
    });
    controls.append(this.playButton, this.scrubber);
    host.append(controls);
    this.showPlaying();
  }

  static layout(opts: LatentWalkOptions, size: number, keyframes: number) {
    const big = size * Math.max(1, Math.round(opts.scale ?? 8));
    const thumb = size * Math.max(1, Math.round(opts.thumbScale ?? 2));
    const strip = keyframes * thumb + Math.max(0, keyframes - 1) * THUMB_GAP;
    const width = Math.max(big, strip, 200) + 2 * CARD_PAD;
    const height = HEADER + big + GAP + thumb + TRACK + CARD_PAD;
    return { width, height, big, thumb, strip };
  }

  static create(parent: HTMLElement, options: LatentWalkOptions = {}): Promise<LatentWalkView> {
    const { width, height } = LatentWalkView.layout(
      options,
      options.imageSize ?? 28,
      options.keyframes ?? 4,
    );
    const card = {
      className: 'ga-latent-walk',
      label: options.title ?? 'Latent walk',
      width,
      height,
    };
    return PixiComponent.mount(
      parent,
      card,
      (host) => new LatentWalkView(host, options, { width, height }),
    );
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  /** The playback position, in frames. */
  get frame(): number {
    return this.currentPosition();
  }

  play(): void {
    if (this.playing) return;
    this.position = this.currentPosition();
    this.since = performance.now();
    this.playing = true;
    this.showPlaying();
    this.requestRedraw();
  }

  pause(): void {
    if (!this.playing) return;
    this.position = this.currentPosition();
    this.playing = false;
    this.showPlaying();
    this.requestRedraw();
  }

  update(data: LatentWalkData): void {
    const { count, size } = data;
    if (!(count >= 1) || !(size >= 1) || data.frames.length !== count * size * size)
      throw new Error(
        `latent walk: ${data.frames.length} values is not ${count} frames of ${size}x${size}`,
      );
    const sameShape = this.data?.size === size;
    this.data = data;
    if (!sameShape) this.buildBig(size);
    this.buildThumbs();
    this.position = Math.min(this.position, count - 1);
    this.since = performance.now();
    this.scrubber.max = String(Math.max(0, count - 1));
    this.element.dataset.frames = String(count);
    this.element.setAttribute(
      'aria-label',
      `${this.opts.title ?? 'Latent walk'}: ${count} frames through ${this.keyframes().length} noise vectors`,
    );
    this.requestRedraw();
  }

  override destroy(): void {
    this.dropTextures();
    super.destroy();
  }

  protected buildScene(): void {
    const t = this.theme;
    this.thumbLayer = new Container();
    this.marks = new Graphics();
    this.text = new TextPool(t, { size: FONT.small, color: t.muted });
    this.stage.addChild(makeTitle(t, this.opts.title ?? 'Latent walk'));
    this.bigSprite = null;
    this.addBigSprite();
    this.stage.addChild(this.thumbLayer, this.marks, this.text.container);
    this.addThumbSprites();
  }

  protected draw(): void {
    const t = this.theme;
    const g = this.marks;
    g.clear();
    this.text.reset();
    const d = this.data;
    const size = d?.size ?? this.opts.imageSize ?? 28;
    const keys = this.keyframes();
    const lay = LatentWalkView.layout(this.opts, size, keys.length);
    this.resize(lay.width, lay.height);
    const bigX = (lay.width - lay.big) / 2;
    if (d?.caption) {
      const c = this.text.take(d.caption);
      c.anchor.set(1, 0);
      c.position.set(lay.width - CARD_PAD, CARD_PAD);
    }
    if (!d || !this.big) {
      g.rect(bigX, HEADER, lay.big, lay.big).fill({ color: t.grid });
      const msg = this.text.take('No walk yet');
      msg.anchor.set(0.5, 0.5);
      msg.position.set(lay.width / 2, HEADER + lay.big / 2);
      this.text.finish();
      return;
    }
    const p = this.currentPosition();
    const pixels = size * size;
    blendFrames(d.frames, pixels, walkBlend(p, d.count, d.loop ?? false), this.blend);
    const rgba = this.big.rgba;
    for (let i = 0; i < pixels; i++) {
      const v = Math.round(Math.min(1, Math.max(0, this.blend[i])) * 255);
      rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = v;
      rgba[4 * i + 3] = 255;
    }
    pixelsChanged(this.big.source);
    this.bigSprite?.position.set(bigX, HEADER);
    g.rect(bigX - 0.5, HEADER - 0.5, lay.big + 1, lay.big + 1).stroke({ width: 1, color: t.grid });
    // Thumbnails of the visited vectors, the track under them and the playhead on it.
    const stripX = (lay.width - lay.strip) / 2;
    const thumbY = HEADER + lay.big + GAP;
    const trackY = thumbY + lay.thumb + TRACK / 2;
    const xOfFrame = (f: number) => {
      // Between thumbnail centres, piecewise linear in frames.
      const centres = keys.map((_, i) => stripX + i * (lay.thumb + THUMB_GAP) + lay.thumb / 2);
      const ends = d.loop ? [...keys, d.count] : keys;
      const xs = d.loop ? [...centres, stripX + lay.strip + THUMB_GAP / 2] : centres;
      for (let i = 0; i + 1 < ends.length; i++)
        if (f <= ends[i + 1])
          return (
            xs[i] + ((f - ends[i]) / Math.max(1e-9, ends[i + 1] - ends[i])) * (xs[i + 1] - xs[i])
          );
      return xs[xs.length - 1];
    };
    this.thumbLayer.children.forEach((sprite, i) => {
      sprite.position.set(stripX + i * (lay.thumb + THUMB_GAP), thumbY);
    });
    const x0 = xOfFrame(0);
    const x1 = d.loop ? stripX + lay.strip : xOfFrame(d.count - 1);
    g.moveTo(x0, trackY).lineTo(x1, trackY).stroke({ width: 2, color: t.grid });
    const near = keys.reduce(
      (best, k, i) => (Math.abs(k - p) < Math.abs(keys[best] - p) ? i : best),
      0,
    );
    keys.forEach((k, i) => {
      const x = stripX + i * (lay.thumb + THUMB_GAP);
      g.rect(x - 0.5, thumbY - 0.5, lay.thumb + 1, lay.thumb + 1).stroke({
        width: i === near ? 2 : 1,
        color: i === near ? t.accent2 : t.grid,
      });
      g.circle(xOfFrame(k), trackY, 2.5).fill({ color: t.muted });
    });
    g.circle(xOfFrame(p), trackY, 5).fill({ color: t.accent });
    this.text.finish();
    this.scrubber.value = String(p);
    this.element.dataset.frame = p.toFixed(2);
    if (this.playing) this.requestRedraw();
  }

  private currentPosition(): number {
    const d = this.data;
    if (!d) return 0;
    if (!this.playing) return this.position;
    const seconds = (performance.now() - this.since) / 1000;
    return walkPosition(this.position, seconds, this.fps, d.count, d.loop ?? false);
  }

  private keyframes(): readonly number[] {
    const k = this.data?.keyframes;
    return k && k.length > 0 ? k : [0];
  }

  private showPlaying(): void {
    this.playButton.textContent = this.playing ? 'Pause walk' : 'Play walk';
    this.playButton.setAttribute('aria-pressed', String(this.playing));
    this.element.dataset.playing = String(this.playing);
  }

  /** A size x size texture for the large image, drawn scaled with nearest sampling. */
  private buildBig(size: number): void {
    this.dropBig();
    const rgba = new Uint8ClampedArray(size * size * 4);
    const source = new BufferImageSource({
      resource: rgba,
      width: size,
      height: size,
      format: 'rgba8unorm',
      scaleMode: 'nearest',
      alphaMode: 'no-premultiply-alpha',
    });
    this.big = { source, rgba, texture: new Texture({ source }) };
    this.blend = new Float32Array(size * size);
    this.addBigSprite();
  }

  private addBigSprite(): void {
    if (!this.big || this.bigSprite) return;
    this.bigSprite = new Sprite(this.big.texture);
    this.bigSprite.scale.set(this.scale);
    this.stage.addChildAt(this.bigSprite, 0);
  }

  private dropBig(): void {
    this.bigSprite?.destroy();
    this.bigSprite = null;
    if (!this.big) return;
    this.big.texture.destroy();
    this.big.source.destroy();
    this.big = null;
  }

  /** One atlas holding the visited vectors' frames, a texture per thumbnail. */
  private buildThumbs(): void {
    const d = this.data;
    if (!d) return;
    this.dropThumbs();
    const keys = this.keyframes();
    const { size } = d;
    const rgba = new Uint8ClampedArray(keys.length * size * size * 4);
    keys.forEach((k, i) => {
      for (let y = 0; y < size; y++)
        for (let x = 0; x < size; x++) {
          const v = Math.round(
            Math.min(1, Math.max(0, d.frames[k * size * size + y * size + x])) * 255,
          );
          const o = (y * keys.length * size + i * size + x) * 4;
          rgba[o] = rgba[o + 1] = rgba[o + 2] = v;
          rgba[o + 3] = 255;
        }
    });
    const source = new BufferImageSource({
      resource: rgba,
      width: keys.length * size,
      height: size,
      format: 'rgba8unorm',
      scaleMode: 'nearest',
      alphaMode: 'no-premultiply-alpha',
    });
    const textures = keys.map(
      (_, i) => new Texture({ source, frame: new Rectangle(i * size, 0, size, size) }),
    );
    this.thumbs = { source, textures };
    this.addThumbSprites();
  }

  private addThumbSprites(): void {
    if (!this.thumbs) return;
    for (const texture of this.thumbs.textures) {
      const sprite = new Sprite(texture);
      sprite.scale.set(this.thumbScale);
      this.thumbLayer.addChild(sprite);
    }
  }

  private dropThumbs(): void {
    for (const sprite of [...this.thumbLayer.children]) sprite.destroy();
    if (!this.thumbs) return;
    for (const t of this.thumbs.textures) t.destroy();
    this.thumbs.source.destroy();
    this.thumbs = null;
  }

  private dropTextures(): void {
    this.dropThumbs();
    this.dropBig();
  }
}
