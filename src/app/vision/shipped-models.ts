/** The models the Vision page ships with: URLs Vite serves from models/ (offline too). */
import rcnnClassifierUrl from '../../../models/deep-conv-augmented.gam?url';
import fcnUrl from '../../../models/vision/fcn.gav?url';
import detectorUrl from '../../../models/vision/grid-detector.gav?url';

export type ShippedModel = 'detector' | 'fcn' | 'rcnn';

export const SHIPPED: Record<ShippedModel, { url: string; label: string; rcnn: boolean }> = {
  detector: { url: detectorUrl, label: 'Grid detector (shipped)', rcnn: false },
  fcn: { url: fcnUrl, label: 'FCN segmenter (shipped)', rcnn: false },
  rcnn: { url: rcnnClassifierUrl, label: 'R-CNN: proposals + DeepConvNet (shipped)', rcnn: true },
};

export async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load ${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * The fast style transfer nets (models/style/*.gst, trained by `vision style train`) as URLs
 * by file path. A glob is resolved at build time, so the build works whether or not a net
 * exists yet; the style studio says plainly which are missing.
 */
export const STYLE_NET_FILES: Record<string, string> = import.meta.glob(
  '../../../models/style/*.gst',
  { query: '?url', import: 'default', eager: true },
);

/** Their preview sheets (models/style/NAME-preview.png: pictures above, paintings below). */
export const STYLE_PREVIEW_FILES: Record<string, string> = import.meta.glob(
  '../../../models/style/*-preview.png',
  { query: '?url', import: 'default', eager: true },
);
