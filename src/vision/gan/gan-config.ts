/**
 * DCGAN's shape (Radford et al. 2016) for small grey images such as MNIST's 28x28 digits:
 *
 *   generator      z [latent] (+ one-hot label) -> Affine -> s x s x G1 -> BN -> ReLU
 *                  -> 4x4 transposed convolution, stride 2 -> 2s x 2s x G2 -> BN -> ReLU
 *                  -> 4x4 transposed convolution, stride 2 -> 4s x 4s x 1 -> tanh      (s = size / 4)
 *   discriminator  image (+ one plane per class, 1 on the asked label's) -> space-to-depth
 *                  -> 3x3 convolution D1 -> LeakyReLU -> space-to-depth -> 3x3 convolution D2
 *                  -> LeakyReLU -> Affine -> one logit (real or fake)
 *
 * `classes` > 0 makes it a conditional GAN (Mirza & Osindero 2014): both nets see the label,
 * so the generator can be asked for a 7. `codes` > 0 makes it an InfoGAN (Chen et al. 2016):
 * still unconditional (no labels anywhere), but each noise vector ends with the one-hot of a
 * categorical code drawn uniformly, and the discriminator's last Affine has `codes` more
 * outputs, Q's logits, trained with the generator to read the code back from the image; the
 * generator then gives each code value a distinct kind of image (on MNIST, mostly a digit).
 * Pixels are in [-1, 1] (tanh's range).
 */

export interface GanConfig {
  kind: 'dcgan';
  /** Side of the square image; a multiple of 4 (28 for MNIST). */
  imageSize: number;
  /** Length of the noise vector z. */
  latent: number;
  /** 0: unconditional; otherwise the number of labels (10 digits). */
  classes: number;
  /** 0: no code; otherwise the values of InfoGAN's categorical code (unconditional nets only). */
  codes: number;
  /** Generator channels at size / 4 and at size / 2. */
  generator: [number, number];
  /** Discriminator channels at size / 2 and at size / 4. */
  discriminator: [number, number];
}

/** The MNIST DCGAN the CLI trains by default (pass --conditional for classes 10). */
export const DEFAULT_GAN: GanConfig = {
  kind: 'dcgan',
  imageSize: 28,
  latent: 64,
  classes: 0,
  codes: 0,
  generator: [128, 64],
  discriminator: [32, 64],
};

/** The largest net a config may describe (a file's config is checked before anything is built). */
export const MAX_GAN_PARAMETERS = 20_000_000;

const isInt = (v: unknown, lo: number, hi: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;

function channelPair(net: string, v: unknown): [number, number] {
  if (!Array.isArray(v) || v.length !== 2 || !v.every((c) => isInt(c, 1, 1024)))
    throw new Error(`dcgan: ${net} must be two integers in 1..1024, got ${JSON.stringify(v)}`);
  return [v[0], v[1]];
}

/** Trainable values of the nets a (checked) config describes: generator and discriminator. */
export function ganParameterCounts(c: GanConfig): { generator: number; discriminator: number } {
  const s = c.imageSize / 4;
  const [g1, g2] = c.generator;
  const [d1, d2] = c.discriminator;
  const generator =
    (c.latent + c.codes + c.classes + 1) * s * s * g1 +
    2 * g1 +
    16 * g1 * g2 +
    g2 +
    2 * g2 +
    16 * g2 +
    1;
  const heads = 1 + c.codes;
  const discriminator =
    9 * 4 * (1 + c.classes) * d1 + d1 + 9 * 4 * d1 * d2 + d2 + (s * s * d2 + 1) * heads;
  return { generator, discriminator };
}

/** Checks a config from code or from a file and returns a clean copy; errors name the field. */
export function checkGanConfig(raw: unknown): GanConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new Error('dcgan: config must be an object');
  const c = raw as Record<string, unknown>;
  if (c.kind !== 'dcgan')
    throw new Error(`dcgan: kind must be "dcgan", got ${JSON.stringify(c.kind)}`);
  if (!isInt(c.imageSize, 4, 256) || c.imageSize % 4 !== 0)
    throw new Error(
      `dcgan: imageSize must be a multiple of 4 in 4..256, got ${JSON.stringify(c.imageSize)}`,
    );
  if (!isInt(c.latent, 1, 1024))
    throw new Error(`dcgan: latent must be an integer in 1..1024, got ${JSON.stringify(c.latent)}`);
  if (!isInt(c.classes, 0, 1000))
    throw new Error(
      `dcgan: classes must be an integer in 0..1000 (0: unconditional), got ${JSON.stringify(c.classes)}`,
    );
  // Files written before InfoGAN have no codes: 0.
  const codes = c.codes ?? 0;
  if (!isInt(codes, 0, 100))
    throw new Error(
      `dcgan: codes must be an integer in 0..100 (0: no code), got ${JSON.stringify(c.codes)}`,
    );
  if (codes > 0 && c.classes > 0)
    throw new Error('dcgan: a net has labels (classes) or a code (codes), not both');
  const config: GanConfig = {
    kind: 'dcgan',
    imageSize: c.imageSize,
    latent: c.latent,
    classes: c.classes,
    codes,
    generator: channelPair('generator', c.generator),
    discriminator: channelPair('discriminator', c.discriminator),
  };
  const { generator, discriminator } = ganParameterCounts(config);
  if (generator + discriminator > MAX_GAN_PARAMETERS)
    throw new Error(
      `dcgan: ${generator + discriminator} parameters is more than the ${MAX_GAN_PARAMETERS} allowed`,
    );
  return config;
}

/** A short description for logs: "conditional DCGAN 28x28, z 64, G [128, 64], D [64, 128]". */
export function describeGan(c: GanConfig): string {
  const kind =
    c.classes > 0
      ? `conditional (${c.classes} classes) `
      : c.codes > 0
        ? `InfoGAN (${c.codes}-way code) `
        : '';
  return `${kind}DCGAN ${c.imageSize}x${c.imageSize}, z ${c.latent}, G [${c.generator}], D [${c.discriminator}]`;
}
