/**
 * The style worker's service, usable in-process: the two feature nets (the random one made
 * from its seed, the trained one from the classifier's bytes the page sends), the shipped
 * styles and content scenes drawn here (off the page's thread), and one Gatys run at a time.
 * It checks requests, moves pictures and paces events; the optimisation is src/vision/style's
 * runGatys. Errors cross comlink as their message.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as Comlink from 'comlink';
import type { RgbImage } from '../src/data/png';
import { type BackendChoice, type BackendRequest, chooseBackend } from '../src/nn/backend';
import { RunControl } from '../src/nn/run-control';
import { parseModelFile } from '../src/nn/serialize';
import { contentScene } from '../src/vision/style/content-scenes';
import type { StyleFeatureNet } from '../src/vision/style/feature-net';
import { runGatys } from '../src/vision/style/gatys';
import { DEFAULT_RANDOM_BANKS, randomFeatureNet } from '../src/vision/style/random-features';
import { fitSize, floatsToImage, resizedTensor } from '../src/vision/style/style-image';
import { SHIPPED_STYLES, STYLE_SIZE, shippedStyle } from '../src/vision/style/styles';
import { trainedFeatureNet } from '../src/vision/style/trained-features';
import { EventChannel } from './kit/events';
import type { ServiceHost } from './kit/expose';
import type {
  FeatureNetName,
  ShippedStyleInfo,
  StyleApi,
  StyleProgress,
  StyleRunSettings,
  StyleRunSummary,
  StyleSource,
} from './style-api';
import { checkPicture, checkStyleSettings } from './style-requests';

const transferPicture = <T>(value: T, pictures: RgbImage[]): T =>
  Comlink.transfer(
    value,
    pictures.map((p) => p.data.buffer as ArrayBuffer),
  );

/** An 8-bit copy of a [1, H, W, 3] tensor in [0, 1]. */
async function pictureOf(t: tf.Tensor4D): Promise<RgbImage> {
  const [, h, w] = t.shape;
  return floatsToImage(await t.data(), w, h);
}

export class StyleService implements StyleApi {
  private choice: BackendChoice | null = null;
  private random: { seed: number; net: StyleFeatureNet } | null = null;
  private trained: StyleFeatureNet | null = null;
  private control: RunControl | null = null;

  constructor(private readonly host: ServiceHost = {}) {}

  async init(request: BackendRequest): Promise<BackendChoice> {
    this.refuseWhileRunning('change the backend');
    this.choice = await chooseBackend({ request, wasmPaths: await this.host.wasmPaths });
    return this.choice;
  }

  async loadTrainedNet(bytes: Uint8Array): Promise<string> {
    this.requireBackend();
    this.refuseWhileRunning('change the feature net');
    if (!(bytes instanceof Uint8Array))
      throw new Error('trained features: expected the file bytes');
    let net: StyleFeatureNet;
    try {
      net = trainedFeatureNet(parseModelFile(bytes).tensors);
    } catch (e) {
      throw new Error(`trained features: ${(e as Error).message}`);
    }
    this.trained?.dispose();
    this.trained = net;
    return net.description;
  }

  async shippedStyles(size = STYLE_SIZE): Promise<ShippedStyleInfo[]> {
    const out = SHIPPED_STYLES.map((s) => ({
      name: s.name,
      description: s.description,
      picture: shippedStyle(s.name, size),
    }));
    return transferPicture(
      out,
      out.map((s) => s.picture),
    );
  }

  async contentScene(index: number, size = 256): Promise<RgbImage> {
    const picture = contentScene(index, size);
    return transferPicture(picture, [picture]);
  }

  async run(
    content: RgbImage,
    style: StyleSource,
    settings: StyleRunSettings,
    onProgress: (p: StyleProgress) => void,
  ): Promise<StyleRunSummary> {
    const events = new EventChannel<StyleProgress>(onProgress);
    try {
      this.refuseWhileRunning('start another run');
      this.requireBackend();
      const s = checkStyleSettings(settings);
      checkPicture('content', content);
      const net = this.featureNet(s.features, s.seed);
      const { width, height } = fitSize(content.width, content.height, s.size);
      const side = Math.max(width, height);
      const stylePicture = this.stylePicture(style, side);
      // The style is brought to the working size too, so its strokes keep their scale.
      const fit = fitSize(stylePicture.width, stylePicture.height, side);
      const contentT = resizedTensor(content, width, height);
      const styleT = resizedTensor(stylePicture, fit.width, fit.height);
      const control = new RunControl();
      control.subscribe((state) => {
        if (state !== 'stopped')
          void events.send({ type: state === 'paused' ? 'paused' : 'resumed' });
      });
      this.control = control;
      try {
        const before = await pictureOf(contentT);
        void events.send(
          {
            type: 'start',
            features: s.features,
            description: net.description,
            width,
            height,
            steps: s.steps,
            content: before,
          },
          [before.data.buffer as ArrayBuffer],
        );
        const result = await runGatys(net, contentT, styleT, {
          steps: s.steps,
          lr: s.lr,
          contentWeight: s.contentWeight,
          styleWeight: s.styleWeight,
          tvWeight: s.tvWeight,
          init: s.init,
          seed: s.seed,
          scales: s.scales,
          control,
          onStep: async (step) => {
            const { readImage, ...numbers } = step;
            void events.send({ type: 'step', ...numbers });
            // The last picture comes with the summary.
            if (s.imageEvery > 0 && step.step % s.imageEvery === 0 && step.step < step.steps) {
              const picture = floatsToImage(await readImage(), step.width, step.height);
              void events.send({ type: 'image', step: step.step, picture }, [
                picture.data.buffer as ArrayBuffer,
              ]);
            }
          },
        });
        await events.drain();
        const summary: StyleRunSummary = {
          features: s.features,
          steps: result.steps,
          reason: result.reason,
          last: result.last,
          seconds: result.seconds,
          picture: floatsToImage(result.image, result.width, result.height),
          content: await pictureOf(contentT),
        };
        return transferPicture(summary, [summary.picture, summary.content]);
      } finally {
        this.control = null;
        contentT.dispose();
        styleT.dispose();
      }
    } finally {
      events.close();
    }
  }

  pause(): void {
    this.control?.pause();
  }

  resume(): void {
    this.control?.resume();
  }

  stop(): void {
    this.control?.stop();
  }

  numTensors(): number {
    return tf.memory().numTensors;
  }

  private featureNet(name: FeatureNetName, seed: number): StyleFeatureNet {
    if (name === 'trained') {
      if (!this.trained)
        throw new Error('the trained feature net is not loaded: call loadTrainedNet(bytes) first');
      return this.trained;
    }
    if (this.random?.seed !== seed) {
      this.random?.net.dispose();
      this.random = { seed, net: randomFeatureNet({ banks: [...DEFAULT_RANDOM_BANKS], seed }) };
    }
    return this.random.net;
  }

  private stylePicture(style: StyleSource, side: number): RgbImage {
    if (typeof style !== 'object' || style === null)
      throw new Error('style: expected { shipped: NAME } or { picture }');
    if ('shipped' in style) return shippedStyle(style.shipped, side);
    return checkPicture('style', style.picture);
  }

  private requireBackend(): BackendChoice {
    if (!this.choice) throw new Error('call init() first: no backend chosen yet');
    return this.choice;
  }

  private refuseWhileRunning(what: string): void {
    if (this.control) throw new Error(`cannot ${what} while a style run is going: stop it first`);
  }
}
