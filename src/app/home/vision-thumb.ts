/**
 * Vision's cabinet screen: scenes of MNIST digits made by the same generator the detectors
 * train on (src/data/scenes), a new one every couple of seconds, with their ground truth (each
 * digit's box and its pixels' class) drawn by the Vision page's own overlay. No model runs
 * here: the card says it shows the scenes and their ground truth.
 */
import { generateScene, type SceneOptions } from '../../data/scenes/scene-generator';
import { ImageOverlay } from '../../ui/image-overlay';
import { sampleDigits } from './sample-digits';
import { type Thumbnail, ThumbnailBase, type ThumbnailSlot } from './thumbnail';

const SCENE_MS = 2200;
/** Wider than tall, as the screen is; a few digits each, some clutter. */
const SCENES: SceneOptions = {
  width: 192,
  height: 128,
  minDigits: 2,
  maxDigits: 5,
  minDigitHeight: 20,
  maxDigitHeight: 52,
  clutter: 0.3,
};
const SEED = 2024;

export class VisionThumb extends ThumbnailBase {
  private index = 0;

  private constructor(
    slot: ThumbnailSlot,
    private readonly overlay: ImageOverlay,
  ) {
    super(slot, SCENE_MS);
    this.show();
  }

  static async create(slot: ThumbnailSlot): Promise<Thumbnail> {
    const overlay = await ImageOverlay.create(slot.host, {
      width: slot.width,
      height: slot.height,
      title: 'Generated scene · ground truth',
      legend: false,
    });
    return new VisionThumb(slot, overlay).begin();
  }

  protected tick(): void {
    this.index++;
    this.show();
  }

  private show(): void {
    // Alternate clean scenes and the paper look (a photo of a page), as the training data does.
    const style = this.index % 2 === 0 ? 'clean' : 'paper';
    const scene = generateScene(sampleDigits(), SEED, this.index, { ...SCENES, style });
    this.overlay.update({
      image: { rgb: scene.image, width: scene.width, height: scene.height },
      detections: {
        boxes: scene.objects.flatMap((o) => o.bbox),
        categories: scene.objects.map((o) => o.categoryId),
      },
      mask: { labels: scene.labels, width: scene.width, height: scene.height },
      maskAlpha: 0.45,
    });
    const digits = scene.objects.map((o) => o.digit).join(' ');
    this.shown(`SCENE ${String(this.index + 1).padStart(3, '0')} · DIGITS ${digits}`);
  }

  protected dispose(): void {
    this.overlay.destroy();
  }
}
