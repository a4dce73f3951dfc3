/**
 * COCO's object-detection JSON: the subset our data sets write and every reader checks.
 * `bbox` is `[x, y, width, height]` in pixels; our categories are the digits, id = digit + 1
 * (0 is background in the label maps and is not a COCO category).
 * Results files (what a detector says) are COCO's results format: a list of
 * `{ image_id, category_id, bbox, score }`.
 */
export interface CocoImage {
  id: number;
  file_name: string;
  width: number;
  height: number;
}

export interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  bbox: [number, number, number, number];
  area: number;
  iscrowd: 0 | 1;
}

export interface CocoCategory {
  id: number;
  name: string;
  supercategory: string;
}

export interface CocoDataset {
  info?: Record<string, unknown>;
  images: CocoImage[];
  annotations: CocoAnnotation[];
  categories: CocoCategory[];
}

export interface CocoResult {
  image_id: number;
  category_id: number;
  bbox: [number, number, number, number];
  score: number;
}

/** The ten digit categories, ids 1..10. */
export const DIGIT_CATEGORIES: CocoCategory[] = Array.from({ length: 10 }, (_, d) => ({
  id: d + 1,
  name: String(d),
  supercategory: 'digit',
}));

export class CocoError extends Error {
  constructor(what: string, message: string) {
    super(`${what}: ${message}`);
    this.name = 'CocoError';
  }
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function intField(o: Json, key: string, where: string, what: string, min = 0): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min)
    throw new CocoError(
      what,
      `${where}: "${key}" must be an integer >= ${min}, got ${JSON.stringify(v)}`,
    );
  return v;
}

function bboxField(o: Json, where: string, what: string): [number, number, number, number] {
  const b = o.bbox;
  if (
    !Array.isArray(b) ||
    b.length !== 4 ||
    !b.every((v) => typeof v === 'number' && Number.isFinite(v))
  )
    throw new CocoError(
      what,
      `${where}: "bbox" must be [x, y, width, height], got ${JSON.stringify(b)}`,
    );
  if (b[2] < 0 || b[3] < 0)
    throw new CocoError(what, `${where}: bbox ${JSON.stringify(b)} has a negative width or height`);
  return [b[0], b[1], b[2], b[3]];
}

/** Parses and checks a COCO data set: every field, every reference, every box inside its image. */
export function parseCocoDataset(json: unknown, what = 'annotations.json'): CocoDataset {
  if (!isObject(json)) throw new CocoError(what, 'is not a JSON object');
  for (const key of ['images', 'annotations', 'categories'])
    if (!Array.isArray(json[key])) throw new CocoError(what, `"${key}" must be a list`);
  const categories = (json.categories as unknown[]).map((c, i) => {
    const where = `categories[${i}]`;
    if (!isObject(c)) throw new CocoError(what, `${where} is not an object`);
    const id = intField(c, 'id', where, what, 1);
    if (typeof c.name !== 'string') throw new CocoError(what, `${where}: "name" must be a string`);
    return {
      id,
      name: c.name,
      supercategory: typeof c.supercategory === 'string' ? c.supercategory : '',
    };
  });
  const categoryIds = new Set<number>();
  for (const c of categories) {
    if (categoryIds.has(c.id)) throw new CocoError(what, `category id ${c.id} appears twice`);
    categoryIds.add(c.id);
  }
  const images = (json.images as unknown[]).map((im, i) => {
    const where = `images[${i}]`;
    if (!isObject(im)) throw new CocoError(what, `${where} is not an object`);
    const fileName = im.file_name;
    if (typeof fileName !== 'string' || !/^[\w.-]+\.png$/i.test(fileName))
      throw new CocoError(
        what,
        `${where}: "file_name" must be a plain NAME.png, got ${JSON.stringify(fileName)}`,
      );
    return {
      id: intField(im, 'id', where, what),
      file_name: fileName,
      width: intField(im, 'width', where, what, 1),
      height: intField(im, 'height', where, what, 1),
    };
  });
  const byId = new Map<number, CocoImage>();
  const names = new Set<string>();
  for (const im of images) {
    if (byId.has(im.id)) throw new CocoError(what, `image id ${im.id} appears twice`);
    if (names.has(im.file_name)) throw new CocoError(what, `file ${im.file_name} appears twice`);
    byId.set(im.id, im);
    names.add(im.file_name);
  }
  const annIds = new Set<number>();
  const annotations = (json.annotations as unknown[]).map((a, i) => {
    const where = `annotations[${i}]`;
    if (!isObject(a)) throw new CocoError(what, `${where} is not an object`);
    const id = intField(a, 'id', where, what);
    if (annIds.has(id)) throw new CocoError(what, `annotation id ${id} appears twice`);
    annIds.add(id);
    const imageId = intField(a, 'image_id', where, what);
    const image = byId.get(imageId);
    if (!image) throw new CocoError(what, `${where}: image_id ${imageId} is not in "images"`);
    const categoryId = intField(a, 'category_id', where, what);
    if (!categoryIds.has(categoryId))
      throw new CocoError(what, `${where}: category_id ${categoryId} is not in "categories"`);
    const bbox = bboxField(a, where, what);
    const eps = 1e-6;
    if (
      bbox[0] < -eps ||
      bbox[1] < -eps ||
      bbox[0] + bbox[2] > image.width + eps ||
      bbox[1] + bbox[3] > image.height + eps
    )
      throw new CocoError(
        what,
        `${where}: bbox ${JSON.stringify(bbox)} lies outside its ${image.width}x${image.height} image ${image.file_name}`,
      );
    const area = a.area === undefined ? bbox[2] * bbox[3] : a.area;
    if (typeof area !== 'number' || !Number.isFinite(area) || area < 0)
      throw new CocoError(what, `${where}: "area" must be a number >= 0`);
    const crowd = a.iscrowd ?? 0;
    if (crowd !== 0 && crowd !== 1) throw new CocoError(what, `${where}: "iscrowd" must be 0 or 1`);
    return { id, image_id: imageId, category_id: categoryId, bbox, area, iscrowd: crowd as 0 | 1 };
  });
  return { info: isObject(json.info) ? json.info : undefined, images, annotations, categories };
}

/** Parses a COCO results file against the data set it scores. */
export function parseCocoResults(
  json: unknown,
  dataset: CocoDataset,
  what = 'results',
): CocoResult[] {
  if (!Array.isArray(json)) throw new CocoError(what, 'must be a JSON list of detections');
  const images = new Set(dataset.images.map((im) => im.id));
  const categories = new Set(dataset.categories.map((c) => c.id));
  return json.map((r, i) => {
    const where = `detection ${i}`;
    if (!isObject(r)) throw new CocoError(what, `${where} is not an object`);
    const imageId = intField(r, 'image_id', where, what);
    if (!images.has(imageId))
      throw new CocoError(what, `${where}: image_id ${imageId} is not in the data set`);
    const categoryId = intField(r, 'category_id', where, what);
    if (!categories.has(categoryId))
      throw new CocoError(
        what,
        `${where}: category_id ${categoryId} is not a category of the data set`,
      );
    const score = r.score;
    if (typeof score !== 'number' || !Number.isFinite(score))
      throw new CocoError(what, `${where}: "score" must be a finite number`);
    return { image_id: imageId, category_id: categoryId, bbox: bboxField(r, where, what), score };
  });
}
