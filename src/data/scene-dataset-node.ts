/**
 * Scene data sets on disk, in the field's formats: a folder with `annotations.json` (COCO),
 * `images/NAME.png` (RGB) and `masks/NAME.png` (VOC-style label maps, same names). Any
 * detector's or segmenter's tool can read ours, and ours can read theirs: a folder without
 * masks/ is a detection-only set.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type CocoAnnotation, type CocoDataset, DIGIT_CATEGORIES, parseCocoDataset } from './coco';
import { FileError, readRegularFile, writeFileAtomic } from './node-files';
import {
  decodeLabelMapPng,
  decodeRgbPng,
  encodeLabelMapPng,
  encodeRgbPng,
  type RgbImage,
} from './png';
import type { Scene } from './scenes/scene';
import { SEGMENTATION_CLASSES, VOID } from './scenes/scene';

const MAX_ANNOTATIONS_BYTES = 256 * 1024 * 1024;
const MAX_PNG_BYTES = 64 * 1024 * 1024;

export function sceneFileName(index: number): string {
  return `scene-${String(index).padStart(6, '0')}.png`;
}

/** Writes scenes one at a time (memory stays flat) and the COCO file last. */
export async function writeSceneDataset(
  dir: string,
  scenes: Iterable<Scene>,
  info: Record<string, unknown>,
  onScene?: (done: number) => void,
): Promise<CocoDataset> {
  await mkdir(join(dir, 'images'), { recursive: true });
  await mkdir(join(dir, 'masks'), { recursive: true });
  const coco: CocoDataset = { info, images: [], annotations: [], categories: DIGIT_CATEGORIES };
  let index = 0;
  for (const scene of scenes) {
    const name = sceneFileName(index);
    await writeFileAtomic(
      join(dir, 'images', name),
      encodeRgbPng({ width: scene.width, height: scene.height, data: scene.image }),
    );
    await writeFileAtomic(
      join(dir, 'masks', name),
      encodeLabelMapPng({ width: scene.width, height: scene.height, data: scene.labels }),
    );
    coco.images.push({ id: index, file_name: name, width: scene.width, height: scene.height });
    for (const o of scene.objects)
      coco.annotations.push({
        id: coco.annotations.length + 1,
        image_id: index,
        category_id: o.categoryId,
        bbox: o.bbox,
        area: o.area,
        iscrowd: 0,
      });
    index++;
    onScene?.(index);
  }
  await writeFileAtomic(join(dir, 'annotations.json'), `${JSON.stringify(coco)}\n`);
  return coco;
}

/** One image of a data set read back: pixels, boxes and (when the set has them) its mask. */
export interface DatasetSample {
  imageId: number;
  name: string;
  image: RgbImage;
  annotations: CocoAnnotation[];
  labels: Uint8Array | null;
}

export interface SceneDataset {
  coco: CocoDataset;
  samples: DatasetSample[];
  hasMasks: boolean;
}

export interface ReadDatasetOptions {
  /** Refuse a set without masks/ (segmentation needs them). */
  requireMasks?: boolean;
  /** Read only the first n images (the COCO file is still checked whole). */
  limit?: number;
}

async function exists(path: string): Promise<boolean> {
  try {
    await readdir(path);
    return true;
  } catch {
    return false;
  }
}

/** Reads and checks a whole data set folder; every problem is one line naming the file. */
export async function readSceneDataset(
  dir: string,
  opts: ReadDatasetOptions = {},
): Promise<SceneDataset> {
  const annPath = join(dir, 'annotations.json');
  const text = new TextDecoder().decode(await readRegularFile(annPath, MAX_ANNOTATIONS_BYTES));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new FileError(annPath, `is not valid JSON (${(e as Error).message})`);
  }
  const coco = parseCocoDataset(json, annPath);
  const maxCategory = coco.categories.reduce((m, c) => Math.max(m, c.id), 0);
  const hasMasks = await exists(join(dir, 'masks'));
  if (opts.requireMasks && !hasMasks)
    throw new FileError(dir, 'has no masks/ folder (segmentation needs label maps)');
  const byImage = new Map<number, CocoAnnotation[]>();
  for (const a of coco.annotations) {
    const list = byImage.get(a.image_id) ?? [];
    list.push(a);
    byImage.set(a.image_id, list);
  }
  const images = opts.limit === undefined ? coco.images : coco.images.slice(0, opts.limit);
  const samples: DatasetSample[] = [];
  for (const im of images) {
    const imagePath = join(dir, 'images', im.file_name);
    const image = decodeRgbPng(await readRegularFile(imagePath, MAX_PNG_BYTES), imagePath);
    if (image.width !== im.width || image.height !== im.height)
      throw new FileError(
        imagePath,
        `is ${image.width}x${image.height}, annotations.json says ${im.width}x${im.height}`,
      );
    let labels: Uint8Array | null = null;
    if (hasMasks) {
      const maskPath = join(dir, 'masks', im.file_name);
      const mask = decodeLabelMapPng(await readRegularFile(maskPath, MAX_PNG_BYTES), maskPath);
      if (mask.width !== im.width || mask.height !== im.height)
        throw new FileError(
          maskPath,
          `is ${mask.width}x${mask.height}, its image is ${im.width}x${im.height}`,
        );
      const top = Math.max(maxCategory, SEGMENTATION_CLASSES - 1);
      const bad = mask.data.findIndex((v) => v > top && v !== VOID);
      if (bad >= 0)
        throw new FileError(
          maskPath,
          `pixel (${bad % mask.width}, ${Math.floor(bad / mask.width)}) has class ${mask.data[bad]}, outside 0..${top} and 255`,
        );
      labels = mask.data;
    }
    samples.push({
      imageId: im.id,
      name: im.file_name,
      image,
      annotations: byImage.get(im.id) ?? [],
      labels,
    });
  }
  return { coco, samples, hasMasks };
}
