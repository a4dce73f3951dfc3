/**
 * The GANs shipped with the app (models/gan/dcgan.gan, cgan.gan and infogan.gan, trained by `vision gan
 * train`) and the digit classifier that scores samples, as URLs Vite serves. The glob is
 * resolved at build time, so the build works whether or not a GAN file exists yet; a missing
 * one is said plainly.
 */
import classifierUrl from '../../../../models/deep-conv-augmented.gam?url';

const FILES: Record<string, string> = import.meta.glob('../../../../models/gan/*.gan', {
  query: '?url',
  import: 'default',
  eager: true,
});

export type ShippedGan = 'dcgan' | 'cgan' | 'infogan';

export const SHIPPED_GANS: Record<ShippedGan, { file: string; label: string }> = {
  dcgan: { file: 'dcgan.gan', label: 'the shipped DCGAN' },
  cgan: { file: 'cgan.gan', label: 'the shipped conditional DCGAN' },
  infogan: { file: 'infogan.gan', label: 'the shipped InfoGAN' },
};

/** The URL of a shipped GAN, or null when this build has none. */
export function shippedGanUrl(name: ShippedGan): string | null {
  const file = SHIPPED_GANS[name].file;
  const entry = Object.entries(FILES).find(([path]) => path.endsWith(`/${file}`));
  return entry ? entry[1] : null;
}

export class MissingShippedGan extends Error {
  constructor(name: ShippedGan) {
    super(
      `${SHIPPED_GANS[name].label} (models/gan/${SHIPPED_GANS[name].file}) is not in this build: train a new one here, or load a .gan file below`,
    );
    this.name = 'MissingShippedGan';
  }
}

async function fetchBytes(url: string, what: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load ${what}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

export async function fetchShippedGan(name: ShippedGan): Promise<Uint8Array> {
  const url = shippedGanUrl(name);
  if (!url) throw new MissingShippedGan(name);
  return fetchBytes(url, SHIPPED_GANS[name].label);
}

export function fetchClassifier(): Promise<Uint8Array> {
  return fetchBytes(classifierUrl, 'the digit classifier (models/deep-conv-augmented.gam)');
}
