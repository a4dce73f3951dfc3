/**
 * A generated scene and its ground truth, in the terms of the field's formats: boxes as COCO
 * writes them (`[x, y, width, height]`, category id = digit + 1) and a VOC-style label map
 * (0 background, digit d = d + 1, 255 "void": the anti-aliased rim of a digit's ink, which no
 * model should be blamed for).
 */
export const BACKGROUND = 0;
export const VOID = 255;
/** Background plus the ten digits. */
export const SEGMENTATION_CLASSES = 11;

export function categoryOfDigit(digit: number): number {
  return digit + 1;
}

export interface SceneObject {
  /** COCO bbox of the digit's ink, in pixels. */
  bbox: [number, number, number, number];
  /** COCO category id: digit + 1. */
  categoryId: number;
  digit: number;
  /** Pixels labelled with this object in the instance map (COCO's `area` for the mask). */
  area: number;
  /** Its value in `instances` (1, 2, ...). */
  instance: number;
}

export interface Scene {
  width: number;
  height: number;
  /** RGB, 8 bits a channel, row-major (`width * height * 3`). */
  image: Uint8Array;
  /** One class a pixel: 0 background, digit + 1, 255 void. */
  labels: Uint8Array;
  /** Object index a pixel (0 none), the same order as `objects`. */
  instances: Uint8Array;
  objects: SceneObject[];
}
