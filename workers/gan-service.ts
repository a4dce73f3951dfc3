/**
 * The GAN worker's service, usable in-process: one GAN (fresh, from a .gan file or shipped),
 * MNIST, the digit classifier that scores samples, and one training run at a time. It checks
 * requests, moves data and paces events; the training is src/vision/gan's trainGan, the
 * scores gan-scoring.ts. Errors cross comlink as their message.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as Comlink from 'comlink';
import type { Mnist } from '../src/data/mnist';
import type { MnistLoadProgress } from '../src/data/mnist-browser';
import { type BackendChoice, type BackendRequest, chooseBackend } from '../src/nn/backend';
import { Rng } from '../src/nn/rng';
import { RunControl } from '../src/nn/run-control';
import { loadModel } from '../src/nn/serialize';
import { checkGanConfig, type GanConfig } from '../src/vision/gan/gan-config';
import { type GanMeta, loadGan, saveGan } from '../src/vision/gan/gan-file';
import { Gan } from '../src/vision/gan/gan-model';
import { drawSamples, trainGan } from '../src/vision/gan/gan-training';
import { drawNoise, fixedNoise, type NoiseSet, noiseWidth } from '../src/vision/gan/latent';
import { walkNoise } from '../src/vision/gan/latent-path';
import type {
  GanApi,
  GanImages,
  GanModelInfo,
  GanProgress,
  GanSampleRequest,
  GanScoreReport,
  GanTrainSettings,
  GanTrainSummary,
  GanWalk,
  GanWalkRequest,
} from './gan-api';
import { readMnist } from './gan-mnist';
import {
  checkGanTrainSettings,
  checkSampleRequest,
  checkWalkRequest,
  ganImages,
} from './gan-requests';
import { GanScorer, REFERENCE_DIGITS } from './gan-scoring';
import { EventChannel } from './kit/events';
import type { ServiceHost } from './kit/expose';

export interface GanServiceOptions extends ServiceHost {
  /** Minimum milliseconds between two 'step' progress events (100). */
  stepEventMs?: number;
}

/** The fixed noise's seed when none is given: the CLI's (its --seed 0, plus 1). */
const NOISE_SEED = 1;

const transferImages = <T extends GanImages>(g: T): T =>
  Comlink.transfer(g, [g.images.buffer as ArrayBuffer]);

export class GanService implements GanApi {
  private choice: BackendChoice | null = null;
  private digits: Mnist | null = null;
  private classifier: ReturnType<typeof loadModel>['net'] | null = null;
  private scorer: GanScorer | null = null;
  private referenceDigits = REFERENCE_DIGITS;
  private gan: Gan | null = null;
  private stepsDone = 0;
  private source = 'new';
  private meta: GanMeta = {};
  private control: RunControl | null = null;

  constructor(private readonly options: GanServiceOptions = {}) {}

  async init(request: BackendRequest): Promise<BackendChoice> {
    this.refuseWhileTraining('change the backend');
    this.choice = await chooseBackend({ request, wasmPaths: await this.options.wasmPaths });
    return this.choice;
  }

  async loadMnist(
    baseUrl?: string,
    onProgress?: (p: MnistLoadProgress) => void,
  ): Promise<{ train: number; test: number }> {
    this.digits ??= await readMnist(baseUrl, onProgress);
    this.makeScorer();
    return { train: this.digits.train.count, test: this.digits.test.count };
  }

  async loadClassifier(
    bytes: Uint8Array,
    referenceDigits = REFERENCE_DIGITS,
  ): Promise<{ parameterCount: number }> {
    this.refuseWhileTraining('change the classifier');
    this.requireBackend();
    if (!Number.isInteger(referenceDigits) || referenceDigits < 2 || referenceDigits > 10_000)
      throw new Error(`referenceDigits must be an integer in 2..10000, got ${referenceDigits}`);
    if (!(bytes instanceof Uint8Array)) throw new Error('classifier: expected the .gam file bytes');
    let net: ReturnType<typeof loadModel>['net'];
    try {
      ({ net } = loadModel(bytes));
    } catch (e) {
      throw new Error((e as Error).message);
    }
    const pixels = net.inputShape.reduce((a, b) => a * b, 1);
    if (pixels !== 784 || net.layers.filter((l) => l.kind === 'Affine').length < 2) {
      net.dispose();
      throw new Error(
        'classifier: it must read 28x28 digits and have a hidden layer before its last Affine',
      );
    }
    this.scorer = null;
    this.classifier?.dispose();
    this.classifier = net;
    this.referenceDigits = referenceDigits;
    this.makeScorer();
    return { parameterCount: net.parameterCount };
  }

  private makeScorer(): void {
    if (this.classifier && this.digits && !this.scorer)
      this.scorer = new GanScorer(this.classifier, this.digits, this.referenceDigits);
  }

  async create(config: GanConfig, seed: number): Promise<GanModelInfo> {
    this.refuseWhileTraining('make a new GAN');
    this.requireBackend();
    if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${String(seed)}`);
    let checked: GanConfig;
    try {
      checked = checkGanConfig(config);
    } catch (e) {
      throw new Error((e as Error).message);
    }
    return this.put(new Gan(checked, seed), 0, 'new', {});
  }

  async load(bytes: Uint8Array, source = 'file'): Promise<GanModelInfo> {
    this.refuseWhileTraining('load another GAN');
    this.requireBackend();
    if (!(bytes instanceof Uint8Array)) throw new Error('GAN file: expected the file bytes');
    let loaded: ReturnType<typeof loadGan>;
    try {
      loaded = loadGan(bytes);
    } catch (e) {
      throw new Error((e as Error).message);
    }
    const done = Number(loaded.meta.stepsDone ?? 0);
    return this.put(
      loaded.gan,
      Number.isFinite(done) && done > 0 ? done : 0,
      String(source),
      loaded.meta,
    );
  }

  async info(): Promise<GanModelInfo | null> {
    return this.gan ? this.describe(this.gan) : null;
  }

  async save(): Promise<Uint8Array> {
    const gan = this.requireGan();
    const bytes = await saveGan(gan, {
      stepsDone: this.stepsDone,
      savedAt: new Date().toISOString(),
      trainedIn: 'browser',
    });
    return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
  }

  async train(
    settings: GanTrainSettings,
    onProgress: (p: GanProgress) => void,
  ): Promise<GanTrainSummary> {
    const events = new EventChannel<GanProgress>(onProgress, this.options.stepEventMs ?? 100);
    try {
      this.refuseWhileTraining('start another run');
      this.requireBackend();
      const gan = this.requireGan();
      const digits = this.requireDigits();
      const s = checkGanTrainSettings(settings, digits.train.count);
      const scorer = s.scoreEvery > 0 ? this.scorer : null;
      if (s.scoreEvery > 0 && !scorer)
        throw new Error('scores need the classifier: call loadClassifier() first');
      const before = this.stepsDone;
      const size = gan.config.imageSize;
      const control = new RunControl();
      control.subscribe((state) => {
        if (state !== 'stopped')
          void events.send({ type: state === 'paused' ? 'paused' : 'resumed' });
      });
      this.control = control;
      const started = performance.now();
      let scoringMs = 0;
      try {
        const r = await trainGan(gan, digits.train, {
          steps: s.steps,
          batchSize: s.batchSize,
          lr: s.lr,
          beta1: s.beta1,
          beta2: s.beta2,
          // As the CLI goes on from a file: new batches for the steps after the first run's.
          seed: s.seed + before,
          noiseSeed: s.seed + NOISE_SEED,
          sampleEvery: s.sampleEvery,
          control,
          onStep: (p) => {
            this.stepsDone = before + p.step;
            events.sendLatest({ type: 'step', stepsDone: this.stepsDone, ...p });
          },
          onSamples: async (p) => {
            const grid = ganImages(p.images, size, p.noise, p.noise.labels);
            await events.send(
              {
                type: 'samples',
                step: p.step,
                stepsDone: before + p.step,
                diversity: p.diversity,
                realDiversity: p.realDiversity,
                ...grid,
              },
              [grid.images.buffer as ArrayBuffer],
            );
            if (scorer && p.step % s.scoreEvery === 0) {
              const t = performance.now();
              const scores = await scorer.score(gan, s.scoreSamples, s.seed + 2);
              const trainingSeconds = (t - started - scoringMs) / 1000;
              scoringMs += performance.now() - t;
              await events.send({
                type: 'score',
                step: p.step,
                stepsDone: before + p.step,
                trainingSeconds,
                scores,
              });
            }
          },
          onWarning: (warning) => void events.send({ type: 'warning', warning }),
        });
        this.stepsDone = before + r.steps;
        // The file's figures (its scores, its settings) no longer describe these weights.
        if (r.steps > 0) this.meta = {};
        await events.drain();
        return {
          steps: r.steps,
          stepsDone: this.stepsDone,
          reason: r.reason,
          ...(r.message ? { message: r.message } : {}),
          seconds: r.seconds,
          imagesPerSecond: r.imagesPerSecond,
          warnings: r.warnings,
          last: r.last,
        };
      } finally {
        this.control = null;
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

  async grid(noiseSeed = NOISE_SEED): Promise<GanImages> {
    const gan = this.requireGan();
    if (!Number.isInteger(noiseSeed) || noiseSeed < 0)
      throw new Error(`noiseSeed must be an integer >= 0, got ${String(noiseSeed)}`);
    const noise = fixedNoise(gan.config, noiseSeed);
    return this.draw(gan, noise);
  }

  async sample(request: GanSampleRequest): Promise<GanImages> {
    const gan = this.requireGan();
    const r = checkSampleRequest(request, gan.config);
    const { classes } = gan.config;
    const labels =
      classes > 0 ? Int32Array.from({ length: r.count }, (_, i) => r.digit ?? i % classes) : null;
    return this.draw(gan, {
      z: drawNoise(new Rng(r.seed), gan.config, r.count),
      labels,
      count: r.count,
      rows: Math.ceil(r.count / r.columns),
      columns: r.columns,
    });
  }

  async walk(request: GanWalkRequest): Promise<GanWalk> {
    const gan = this.requireGan();
    const r = checkWalkRequest(request, gan.config);
    const path = walkNoise(gan.config, r.seeds, r.framesPerLeg, r.loop);
    const labels = r.digit === null ? null : new Int32Array(path.frames).fill(r.digit);
    const images = await this.draw(gan, {
      z: path.z,
      labels,
      count: path.frames,
      rows: 1,
      columns: path.frames,
    });
    return Comlink.transfer({ ...images, keyframes: path.keyframes }, [
      images.images.buffer as ArrayBuffer,
    ]);
  }

  async score(count: number, seed: number): Promise<GanScoreReport> {
    const gan = this.requireGan();
    if (!this.scorer)
      throw new Error(
        'scores need MNIST and the classifier: call loadMnist() and loadClassifier()',
      );
    if (!Number.isInteger(count) || count < 2 || count > 10_000)
      throw new Error(`count must be an integer in 2..10000, got ${String(count)}`);
    if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${String(seed)}`);
    return this.scorer.score(gan, count, seed);
  }

  numTensors(): number {
    return tf.memory().numTensors;
  }

  /** Images of `noise` (running batch-norm statistics), a batch of at most 128 at a time. */
  private async draw(gan: Gan, noise: NoiseSet): Promise<GanImages> {
    const { imageSize: size } = gan.config;
    const width = noiseWidth(gan.config);
    const pixels = size * size;
    const out = new Float32Array(noise.count * pixels);
    for (let start = 0; start < noise.count; start += 128) {
      const n = Math.min(128, noise.count - start);
      const part = await drawSamples(gan, {
        z: noise.z.subarray(start * width, (start + n) * width),
        labels: noise.labels ? noise.labels.subarray(start, start + n) : null,
        count: n,
        rows: 1,
        columns: n,
      });
      out.set(part, start * pixels);
    }
    return transferImages(ganImages(out, size, noise, noise.labels));
  }

  private put(gan: Gan, stepsDone: number, source: string, meta: GanMeta): GanModelInfo {
    this.gan?.dispose();
    this.gan = gan;
    this.stepsDone = stepsDone;
    this.source = source;
    this.meta = meta;
    return this.describe(gan);
  }

  private describe(gan: Gan): GanModelInfo {
    return {
      config: gan.config,
      conditional: gan.conditional,
      generatorParameters: gan.generator.parameterCount,
      discriminatorParameters: gan.discriminator.parameterCount,
      stepsDone: this.stepsDone,
      source: this.source,
      meta: this.meta,
    };
  }

  private requireBackend(): BackendChoice {
    if (!this.choice) throw new Error('call init() first: no backend chosen yet');
    return this.choice;
  }

  private requireGan(): Gan {
    if (!this.gan) throw new Error('no GAN yet: create() one or load() a file first');
    return this.gan;
  }

  private requireDigits(): Mnist {
    if (!this.digits) throw new Error('call loadMnist() first: no MNIST digits yet');
    return this.digits;
  }

  private refuseWhileTraining(what: string): void {
    if (this.control) throw new Error(`cannot ${what} while the GAN is training: stop it first`);
  }
}
