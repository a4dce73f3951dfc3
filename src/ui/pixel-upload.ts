/**
 * Tells Pixi that a pixel buffer's contents changed. `update()` is enough for WebGL, which
 * re-uploads the buffer; Pixi's canvas renderer (chosen where WebGL is software-rendered, see
 * renderer-choice.ts) keeps its own picture of a buffer keyed by the source's resource id,
 * which `update()` leaves alone, so it would show the first picture forever. `unload()` gives
 * the source a fresh id (and on WebGL frees the small texture, re-made at the next draw).
 */
import type { TextureSource } from 'pixi.js';

export function pixelsChanged(source: TextureSource): void {
  source.unload();
  source.update();
}
