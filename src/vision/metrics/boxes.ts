/**
 * Boxes as COCO writes them: `[x, y, width, height]` in pixels, x and y the top-left corner.
 * IoU is COCO's (pycocotools maskApi `bbIou`): areas are width x height, no "+1" as in the
 * older Pascal VOC code, so a box and itself have IoU exactly 1.
 */
export type Bbox = readonly [x: number, y: number, width: number, height: number];

/** One detection of one image: where, which class (COCO category id), how sure. */
export interface Detection {
  bbox: Bbox;
  categoryId: number;
  score: number;
}

export function boxArea(b: Bbox): number {
  return Math.max(0, b[2]) * Math.max(0, b[3]);
}

/** Intersection over union of two boxes; 0 when either is empty. */
export function boxIou(a: Bbox, b: Bbox): number {
  const ix = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
  const iy = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
  if (ix <= 0 || iy <= 0) return 0;
  const inter = ix * iy;
  const union = boxArea(a) + boxArea(b) - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * COCO's crowd IoU: against a crowd region (iscrowd 1) the "union" is the detection's own
 * area, so a detection inside a crowd counts as overlapping it fully (cocoeval ignores it).
 */
export function boxIouCrowd(det: Bbox, crowd: Bbox): number {
  const ix = Math.min(det[0] + det[2], crowd[0] + crowd[2]) - Math.max(det[0], crowd[0]);
  const iy = Math.min(det[1] + det[3], crowd[1] + crowd[3]) - Math.max(det[1], crowd[1]);
  if (ix <= 0 || iy <= 0) return 0;
  const area = boxArea(det);
  return area > 0 ? (ix * iy) / area : 0;
}
