/**
 * The trainer worker's logic, usable in-process: one net, one optimizer, MNIST, and a training
 * run at a time, behind the plain-data TrainerApi (trainer-api.ts). The worker entry
 * (trainer.worker.ts) only exposes an instance of this class with comlink.
 *
 * Results that carry typed arrays are marked for transfer (fresh copies, never views of the
 * data set or of a backend's storage). Errors cross comlink as their message.
 *
 * A lost WebGPU device does not end a run: every few steps the weights are copied to host
 * memory; when a step fails with a device loss, the service switches to wasm (then cpu),
 * rebuilds the net from that copy, reports a 'backend' progress event and goes on.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as Comlink from 'comlink';
import { loadMnist, type Mnist } from '../src/data/mnist';
import { fetchMnistReader } from '../src/data/mnist-browser';
import {
  type BackendChoice,
  type BackendName,
  type BackendRequest,
  type ChooseBackendOptions,
  chooseBackend,
} from '../src/nn/backend';
import { head, type LabeledData } from '../src/nn/dataset';
import { evaluate as evaluateNet, predictClasses } from '../src/nn/evaluate';
import { type AccuracyCurvesResult, accuracyCurves } from '../src/nn/experiments/accuracy-curves';
import {
  type ConvFiltersResult,
  convFiltersExperiment,
  firstConvFeatureMaps,
  firstConvFilters,
} from '../src/nn/experiments/conv-filters';
import { type HalfPrecisionResult, halfPrecision } from '../src/nn/experiments/half-precision';
import {
  runTrial,
  splitForSearch,
  type TrialResult,
} from '../src/nn/experiments/hyperparameter-search';
import { type MisclassifiedResult, misclassified } from '../src/nn/experiments/misclassified';
import { type OptimizerPathsResult, optimizerPaths } from '../src/nn/experiments/optimizer-paths';
import { type TrainingCurvesResult, trainingCurves } from '../src/nn/experiments/training-curves';
import {
  type WeightInitActivationsResult,
  weightInitActivations,
} from '../src/nn/experiments/weight-init-activations';
import { type ConvPath, setDefaultConvPath } from '../src/nn/layers/convolution';
import { createNet, type NetConfig, type SequentialNet } from '../src/nn/nets';
import { parseNetConfig } from '../src/nn/nets/parse-config';
import { createOptimizer, isOptimizerName, type Optimizer } from '../src/nn/optimizers';
import {
  assignWeights,
  loadModel,
  type ModelMeta,
  type ParsedModel,
  saveModel,
} from '../src/nn/serialize';
import { type TrainEvent, Trainer, TrainingDiverged, type TrainResult } from '../src/nn/trainer';
import { importNodeOnly } from './node-only';
import type {
  HyperparameterTrialRequest,
  NetInfo,
  Prediction,
  TrainerApi,
  TrainProgress,
  TrainSettings,
  TrainSummary,
} from './trainer-api';

export type WasmPaths = NonNullable<ChooseBackendOptions['wasmPaths']>;

export interface TrainerServiceOptions {
  /**
   * Browser: URLs of the tfjs wasm binaries (a promise, so the worker can expose itself before
   * they are known). Node needs none.
   */
  wasmPaths?: WasmPaths | Promise<WasmPaths>;
  /** Minimum milliseconds between two 'step' progress events (50). */
  stepEventMs?: number;
  /**
   * Steps between host copies of the weights (device-loss snapshots) on wasm and cpu, where a
   * device loss is not expected (50). On WebGPU a copy is taken at every loss check.
   */
  hostSnapshotEvery?: number;
}

/** Test hooks, on the service but not in TrainerApi. */
export interface TrainerTestHooks {
  /** Make the step after `afterSteps` more steps throw a WebGPU-style device-lost error. */
  injectDeviceLoss(afterSteps?: number): void;
}

/** Loss checks on WebGPU: each readback stalls the GPU pipeline. */
const WEBGPU_LOSS_EVERY = 10;
const FALLBACK_ORDER: readonly BackendName[] = ['webgpu', 'wasm', 'cpu'];

/** The weights of a net after step `iteration` of the current run, in host memory. */
interface HostSnapshot {
  iteration: number;
  tensors: ParsedModel['tensors'];
}

class DeviceLostError extends Error {
  constructor(reason: string) {
    super(`Device lost: ${reason}`);
    this.name = 'DeviceLostError';
  }
}

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

/** Sends progress events: 'step' events at most every `minMs` (the latest one always reaches). */
class ProgressReporter {
  private pending: TrainProgress | null = null;
  private lastSent = Number.NEGATIVE_INFINITY;
  lastSamplesPerSecond = 0;

  constructor(
    private readonly callback: (p: TrainProgress) => unknown,
    private readonly minMs: number,
  ) {}

  step(p: Extract<TrainProgress, { type: 'step' }>): void {
    this.lastSamplesPerSecond = p.samplesPerSecond;
    this.pending = p;
    if (performance.now() - this.lastSent >= this.minMs) this.flush();
  }

  flush(): void {
    if (!this.pending) return;
    const p = this.pending;
    this.pending = null;
    this.lastSent = performance.now();
    void this.send(p);
  }

  /** Send now (after any pending step); the promise settles when the receiver has handled it. */
  send(p: TrainProgress): Promise<void> {
    if (p.type !== 'step') this.flush();
    const delivered = (async () => {
      try {
        // A comlink proxy returns a promise; a plain in-process callback returns anything.
        await this.callback(p);
      } catch {
        // A listener that throws or has gone away must not end the run.
      }
    })();
    this.inFlight.add(delivered);
    void delivered.then(() => this.inFlight.delete(delivered));
    return delivered;
  }

  /**
   * Send the pending step and wait (at most `timeoutMs`) until every event has been handled:
   * comlink delivers the callback's messages on their own port, so without this the page
   * could see train() resolve before the last events.
   */
  async drain(timeoutMs = 2000): Promise<void> {
    this.flush();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.all([...this.inFlight]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  private readonly inFlight = new Set<Promise<void>>();
}

export class TrainerService implements TrainerApi, TrainerTestHooks {
  private choice: BackendChoice | null = null;
  private data: Mnist | null = null;
  private net: SequentialNet | null = null;
  private optimizer: Optimizer | null = null;
  private optimizerKey = '';
  private trainer: Trainer | null = null;
  private training = false;
  private pauseRequested = false;
  private stopRequested = false;
  /** Set by the WebGPU device's `lost` promise. */
  private deviceLost: string | null = null;
  private injectedLossIn: number | null = null;

  constructor(private readonly options: TrainerServiceOptions = {}) {}

  async init(request: BackendRequest, convPath?: ConvPath): Promise<BackendChoice> {
    this.refuseWhileTraining('change the backend');
    if (convPath !== undefined) {
      if (convPath !== 'kernels' && convPath !== 'im2col')
        throw new Error(`convPath must be kernels or im2col, got ${String(convPath)}`);
      setDefaultConvPath(convPath);
    }
    const wasmPaths = await this.options.wasmPaths;
    this.choice = await chooseBackend({ request, wasmPaths });
    this.watchDevice();
    return this.choice;
  }

  async loadMnist(baseUrl?: string): Promise<{ train: number; test: number }> {
    let mnist: Mnist;
    if (baseUrl) {
      mnist = await loadMnist(fetchMnistReader(baseUrl));
    } else if (isNode()) {
      const { loadMnistNode } = await importNodeOnly<typeof import('../src/data/mnist-node')>(
        '../src/data/mnist-node.ts',
      );
      mnist = await loadMnistNode();
    } else {
      throw new Error('loadMnist: give the URL of the folder that holds the MNIST files');
    }
    this.data = mnist;
    return { train: mnist.train.count, test: mnist.test.count };
  }

  async createNet(config: NetConfig, seed: number): Promise<NetInfo> {
    this.refuseWhileTraining('build a new net');
    this.requireBackend();
    const checked = parseNetConfig(config);
    if (!Number.isFinite(seed)) throw new Error(`seed must be a number, got ${seed}`);
    this.replaceNet(createNet(checked, seed));
    return this.info();
  }

  async train(
    settings: TrainSettings,
    onProgress: (p: TrainProgress) => void,
  ): Promise<TrainSummary> {
    try {
      return await this.runTraining(settings, onProgress);
    } finally {
      // A comlink callback holds a MessagePort open on the page side until released.
      (onProgress as { [Comlink.releaseProxy]?: () => void })[Comlink.releaseProxy]?.();
    }
  }

  private async runTraining(
    settings: TrainSettings,
    onProgress: (p: TrainProgress) => void,
  ): Promise<TrainSummary> {
    this.refuseWhileTraining('start another run');
    this.requireBackend();
    const data = this.requireData();
    this.requireNet();
    if (!isOptimizerName(settings.optimizer))
      throw new Error(`unknown optimizer ${JSON.stringify(settings.optimizer)}`);
    if (settings.trainSize !== undefined && !(settings.trainSize >= 1))
      throw new Error(`trainSize must be at least 1, got ${settings.trainSize}`);
    const trainSet =
      settings.trainSize === undefined ? data.train : head(data.train, settings.trainSize);
    this.useOptimizer(settings.optimizer, settings.lr);

    const reporter = new ProgressReporter(onProgress, this.options.stepEventMs ?? 50);
    const started = performance.now();
    this.training = true;
    this.pauseRequested = false;
    this.stopRequested = false;
    let start = 0;
    let result: TrainResult | null = null;
    let diverged: { message: string; kept: number } | null = null;
    try {
      const first = await this.hostSnapshot(0);
      let snapshot = first;
      for (;;) {
        const onWebGpu = this.requireBackend().backend === 'webgpu';
        const lossEvery = settings.lossEvery ?? (onWebGpu ? WEBGPU_LOSS_EVERY : 1);
        const snapshotEvery = onWebGpu ? 1 : (this.options.hostSnapshotEvery ?? 50);
        const trainer = new Trainer(this.requireNet(), this.optimizer!, trainSet, data.test, {
          batchSize: settings.batchSize,
          epochs: settings.epochs,
          iterations: settings.iterations,
          seed: settings.seed,
          evalSamples: settings.evalSamples,
          lossEvery,
          startIteration: start,
          beforeStep: () => this.beforeStep(),
          afterCheck: async (iteration) => {
            this.throwIfDeviceLost();
            if (iteration - snapshot.iteration >= snapshotEvery)
              snapshot = await this.hostSnapshot(iteration);
          },
          onProgress: (e) => this.forward(e, settings.batchSize, reporter),
          onPause: () => void reporter.send({ type: 'paused' }),
          onResume: () => void reporter.send({ type: 'resumed' }),
        });
        this.trainer = trainer;
        if (this.pauseRequested) trainer.pause();
        if (this.stopRequested) trainer.stop();
        try {
          result = await trainer.run();
          break;
        } catch (e) {
          if (e instanceof TrainingDiverged) {
            diverged = await this.keepFiniteWeights(e, [snapshot, first], data.test);
            break;
          }
          if (!this.isDeviceLoss(e)) throw e;
          const message = await this.fallBack(e as Error, snapshot);
          start = snapshot.iteration;
          // Awaited: the page sees the new backend before the next step runs.
          await reporter.send({
            type: 'backend',
            choice: this.requireBackend(),
            message,
            iteration: start,
          });
        } finally {
          this.trainer = null;
        }
      }
      await reporter.drain();
      return await this.summary(settings, trainSet, result, diverged, started, reporter);
    } finally {
      this.training = false;
      this.pauseRequested = false;
    }
  }

  pause(): void {
    if (!this.training) return;
    this.pauseRequested = true;
    this.trainer?.pause();
  }

  resume(): void {
    this.pauseRequested = false;
    this.trainer?.resume();
  }

  stop(): void {
    if (!this.training) return;
    this.stopRequested = true;
    this.trainer?.stop();
  }

  async evaluate(samples?: number): Promise<{ accuracy: number; loss: number; count: number }> {
    const net = this.requireNet();
    const { test } = this.requireData();
    return evaluateNet(net, head(test, samples ?? test.count));
  }

  async predict(image: Float32Array): Promise<Prediction> {
    const net = this.requireNet();
    const x = this.checkImage(image);
    const { labels, probabilities } = await predictClasses(net, x, 1);
    const out = { label: labels[0], probabilities: probabilities.slice() };
    return Comlink.transfer(out, [out.probabilities.buffer]);
  }

  async samplePredictions(
    start: number,
    count: number,
  ): Promise<{
    images: Float32Array;
    labels: Uint8Array;
    predictions: Int32Array;
    probabilities: Float32Array;
  }> {
    const net = this.requireNet();
    const { test } = this.requireData();
    if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0)
      throw new Error(`samplePredictions: bad range start ${start}, count ${count}`);
    const from = Math.min(start, test.count);
    const to = Math.min(from + count, test.count);
    const size = test.x.length / test.count;
    const images = test.x.slice(from * size, to * size);
    const labels = test.labels.slice(from, to);
    let predictions = new Int32Array(0);
    let probabilities = new Float32Array(0);
    if (to > from) {
      const p = await predictClasses(net, images, to - from);
      predictions = Int32Array.from(p.labels);
      probabilities = p.probabilities.slice();
    }
    const out = { images, labels, predictions, probabilities };
    return Comlink.transfer(out, [
      images.buffer,
      labels.buffer,
      predictions.buffer,
      probabilities.buffer,
    ]);
  }

  async convFilters(): Promise<{ shape: number[]; values: Float32Array } | null> {
    const filters = await firstConvFilters(this.requireNet());
    return filters && Comlink.transfer(filters, [filters.values.buffer]);
  }

  async activations(
    image: Float32Array,
  ): Promise<{ shape: number[]; values: Float32Array } | null> {
    const maps = await firstConvFeatureMaps(this.requireNet(), this.checkImage(image));
    return maps && Comlink.transfer(maps, [maps.values.buffer]);
  }

  /** Fig. 7-24 for the current net: its first filters beside a fresh net's, and one test image's maps. */
  async convFiltersExperiment(testIndex: number): Promise<ConvFiltersResult> {
    const net = this.requireNet();
    if (!this.data) throw new Error('call loadMnist() first');
    const test = this.data.test;
    const i = Math.min(Math.max(0, Math.floor(testIndex)), test.count - 1);
    const fresh = createNet(net.config, 1);
    try {
      return await convFiltersExperiment(fresh, net, test.x.slice(i * 784, (i + 1) * 784));
    } finally {
      fresh.dispose();
    }
  }

  async misclassified(imageLimit: number): Promise<MisclassifiedResult> {
    const net = this.requireNet();
    if (!this.data) throw new Error('call loadMnist() first');
    const r = await misclassified(net, this.data.test, { imageLimit });
    return Comlink.transfer(r, [r.images.buffer]);
  }

  async halfPrecision(): Promise<HalfPrecisionResult> {
    const net = this.requireNet();
    if (!this.data) throw new Error('call loadMnist() first');
    return halfPrecision(net, this.data.test);
  }

  async save(meta?: ModelMeta): Promise<Uint8Array> {
    const bytes = await saveModel(this.requireNet(), meta ?? {});
    return Comlink.transfer(bytes, [bytes.buffer]);
  }

  async load(bytes: Uint8Array): Promise<NetInfo> {
    this.refuseWhileTraining('load a model');
    this.requireBackend();
    if (!(bytes instanceof Uint8Array)) throw new Error('model file: expected the file bytes');
    let net: SequentialNet;
    try {
      ({ net } = loadModel(bytes));
    } catch (e) {
      // A plain Error with the ModelFileError text ("model file: ..."): comlink sends messages.
      throw new Error((e as Error).message);
    }
    this.replaceNet(net);
    return this.info();
  }

  async optimizerPaths(): Promise<OptimizerPathsResult> {
    this.requireBackend();
    return optimizerPaths();
  }

  async weightInitActivations(seed: number): Promise<WeightInitActivationsResult> {
    this.requireBackend();
    return weightInitActivations({ seed });
  }

  async trainingCurves(
    name: TrainingCurvesResult['experiment'],
    iterations: number,
    seed: number,
    onProgress: (p: {
      variant: string;
      iteration: number;
      loss: number;
      done: number;
      total: number;
    }) => void,
  ): Promise<TrainingCurvesResult> {
    this.requireBackend();
    if (!this.data) throw new Error('call loadMnist() first');
    // Throttle like training progress: a message per step would flood the page.
    let last = 0;
    const result = await trainingCurves(name, this.data.train, this.data.test, {
      iterations,
      seed,
      onProgress: (p) => {
        const now = performance.now();
        if (now - last > 100 || p.done === p.total) {
          last = now;
          void onProgress(p);
        }
      },
    });
    return result;
  }

  async accuracyCurves(
    name: AccuracyCurvesResult['experiment'],
    seed: number,
    onProgress: (p: { variant: string; epoch: number; done: number; total: number }) => void,
  ): Promise<AccuracyCurvesResult> {
    this.requireBackend();
    if (!this.data) throw new Error('call loadMnist() first');
    return accuracyCurves(name, this.data.train, this.data.test, {
      seed,
      onProgress: (p) => void onProgress(p),
    });
  }

  async hyperparameterTrial(request: HyperparameterTrialRequest): Promise<TrialResult> {
    this.requireBackend();
    const { seed, trial, settings, images, labels } = request;
    let data: LabeledData;
    if (images || labels) {
      if (!(images instanceof Float32Array) || !(labels instanceof Uint8Array))
        throw new Error(
          'hyperparameterTrial: give images as a Float32Array and labels as a Uint8Array',
        );
      if (images.length !== labels.length * 784)
        throw new Error(
          `hyperparameterTrial: ${images.length} values is not ${labels.length} images of 784`,
        );
      data = { x: images, labels, sampleShape: [784], count: labels.length, classes: 10 };
    } else {
      data = this.requireData().train;
      if (data.sampleShape.length !== 1)
        throw new Error('hyperparameterTrial: load MNIST flattened (784 values an image)');
    }
    return runTrial(splitForSearch(data, settings, seed), seed, trial, settings);
  }

  numTensors(): number {
    return tf.memory().numTensors;
  }

  injectDeviceLoss(afterSteps = 0): void {
    this.injectedLossIn = afterSteps;
  }

  // ---- internals ----

  private refuseWhileTraining(what: string): void {
    if (this.training) throw new Error(`cannot ${what} while training runs (stop it first)`);
  }

  private requireBackend(): BackendChoice {
    if (!this.choice) throw new Error('call init() first');
    return this.choice;
  }

  private requireData(): Mnist {
    if (!this.data) throw new Error('call loadMnist() first');
    return this.data;
  }

  private requireNet(): SequentialNet {
    if (!this.net) throw new Error('no net yet: call createNet() or load() first');
    return this.net;
  }

  private info(): NetInfo {
    const net = this.requireNet();
    return {
      config: net.config,
      parameterCount: net.parameterCount,
      params: [...net.params].map(([name, v]) => ({ name, shape: [...v.shape] })),
    };
  }

  private replaceNet(net: SequentialNet): void {
    this.net?.dispose();
    this.optimizer?.dispose();
    this.net = net;
    this.optimizer = null;
    this.optimizerKey = '';
  }

  /** Keep the optimizer (and its running state) while its rule and rate stay the same. */
  private useOptimizer(name: TrainSettings['optimizer'], lr: number): void {
    const key = `${name}:${lr}`;
    if (this.optimizer && key === this.optimizerKey) return;
    const next = createOptimizer(name, lr);
    this.optimizer?.dispose();
    this.optimizer = next;
    this.optimizerKey = key;
  }

  private checkImage(image: Float32Array): Float32Array {
    const size = this.requireNet().inputShape.reduce((a, b) => a * b, 1);
    if (!(image instanceof Float32Array) || image.length !== size)
      throw new Error(`expected a Float32Array of ${size} pixel values`);
    if (!image.every(Number.isFinite)) throw new Error('the image holds a non-finite value');
    return image;
  }

  private forward(e: TrainEvent, batchSize: number, reporter: ProgressReporter): void {
    if (e.type === 'step') {
      const left = (e.totalIterations - e.iteration) * batchSize;
      reporter.step({
        type: 'step',
        iteration: e.iteration,
        totalIterations: e.totalIterations,
        epoch: e.epoch,
        loss: e.loss,
        samplesPerSecond: e.samplesPerSecond,
        etaSeconds: e.samplesPerSecond > 0 ? left / e.samplesPerSecond : Number.POSITIVE_INFINITY,
      });
    } else {
      void reporter.send({
        type: 'epoch',
        epoch: e.epoch,
        totalEpochs: e.totalEpochs,
        iteration: e.iteration,
        trainAccuracy: e.train.accuracy,
        testAccuracy: e.test.accuracy,
        trainLoss: e.train.loss,
        testLoss: e.test.loss,
      });
    }
  }

  private async summary(
    settings: TrainSettings,
    trainSet: LabeledData,
    result: TrainResult | null,
    diverged: { message: string; kept: number } | null,
    started: number,
    reporter: ProgressReporter,
  ): Promise<TrainSummary> {
    const net = this.requireNet();
    const { test } = this.requireData();
    const iterations = result?.iterations ?? diverged?.kept ?? 0;
    const lastEpoch = result?.epochs[result.epochs.length - 1];
    let trainAccuracy: number;
    let testAccuracy: number;
    if (lastEpoch && lastEpoch.iteration === iterations) {
      ({ trainAccuracy, testAccuracy } = lastEpoch);
    } else {
      const n = settings.evalSamples ?? Number.POSITIVE_INFINITY;
      trainAccuracy = (await evaluateNet(net, head(trainSet, n))).accuracy;
      testAccuracy = (await evaluateNet(net, head(test, n))).accuracy;
    }
    const summary: TrainSummary = {
      iterations,
      stopped: result?.stopped ?? false,
      seconds: (performance.now() - started) / 1000,
      samplesPerSecond: result?.samplesPerSecond ?? reporter.lastSamplesPerSecond,
      trainAccuracy,
      testAccuracy,
      backend: this.requireBackend().backend,
    };
    if (diverged) summary.diverged = diverged.message;
    return summary;
  }

  /**
   * After a NaN/Inf loss the Trainer keeps the weights of its last applied (or last checked)
   * step, which may already overflow. Keep the newest weights whose test loss is finite: the
   * Trainer's, else a host copy (the latest, else the run's start). Returns the summary text.
   */
  private async keepFiniteWeights(
    e: TrainingDiverged,
    copies: HostSnapshot[],
    test: LabeledData,
  ): Promise<{ message: string; kept: number }> {
    const net = this.requireNet();
    const probe = head(test, 1000);
    const finite = async () => Number.isFinite((await evaluateNet(net, probe)).loss);
    let kept = e.keptIteration;
    if (!(await finite())) {
      for (const copy of copies) {
        if (copy.iteration > kept) continue;
        assignWeights(net, { config: net.config, meta: {}, tensors: copy.tensors });
        kept = copy.iteration;
        if (await finite()) break;
      }
    }
    return {
      message:
        `training stopped at step ${e.iteration}: the loss became ${e.loss}. ` +
        `The weights of step ${kept} are kept; try a smaller learning rate.`,
      kept,
    };
  }

  // ---- device loss ----

  /** Listen to the WebGPU device's `lost` promise (tfjs-backend-webgpu keeps it on `device`). */
  private watchDevice(): void {
    this.deviceLost = null;
    if (this.choice?.backend !== 'webgpu') return;
    const device = (
      tf.backend() as unknown as {
        device?: { lost?: Promise<{ message?: string; reason?: string }> };
      }
    ).device;
    const choice = this.choice;
    device?.lost?.then((info) => {
      if (this.choice === choice)
        this.deviceLost = info.message || info.reason || 'the GPU device was lost';
    });
  }

  private beforeStep(): void {
    this.throwIfDeviceLost();
    if (this.injectedLossIn === null) return;
    if (this.injectedLossIn > 0) {
      this.injectedLossIn--;
      return;
    }
    this.injectedLossIn = null;
    this.deviceLost = 'the GPU device was lost (injected by a test)';
    this.throwIfDeviceLost();
  }

  private throwIfDeviceLost(): void {
    if (this.deviceLost !== null) throw new DeviceLostError(this.deviceLost);
  }

  private isDeviceLoss(e: unknown): boolean {
    if (e instanceof DeviceLostError || this.deviceLost !== null) return true;
    const message = e instanceof Error ? e.message : String(e);
    if (/\bdevice\b/i.test(message) && /\blost\b/i.test(message)) return true;
    return this.choice?.backend === 'webgpu' && /device|lost|destroyed/i.test(message);
  }

  /** The net's weights and state, copied to host memory. */
  private async hostSnapshot(iteration: number): Promise<HostSnapshot> {
    const net = this.requireNet();
    const tensors: HostSnapshot['tensors'] = new Map();
    for (const [name, v] of [...net.params, ...net.state]) {
      const values = ((await v.data()) as Float32Array).slice();
      tensors.set(name, { shape: [...v.shape], values });
    }
    return { iteration, tensors };
  }

  /**
   * Switch to the next backend (webgpu -> wasm -> cpu), rebuild the net from `snapshot` and
   * start a fresh optimizer of the same rule. Returns the message for the page.
   */
  private async fallBack(cause: Error, snapshot: HostSnapshot): Promise<string> {
    const from = this.requireBackend().backend;
    const next = FALLBACK_ORDER.slice(FALLBACK_ORDER.indexOf(from) + 1);
    if (next.length === 0) throw cause;
    const net = this.requireNet();
    const config = net.config;
    const optimizerName = this.optimizer?.name ?? 'sgd';
    const lr = this.optimizer?.lr ?? 0.01;
    const reason =
      cause instanceof DeviceLostError
        ? cause.message.replace(/^Device lost: /, '')
        : cause.message;
    // The old tensors live on the lost device: free what can be freed, ignore the rest.
    try {
      net.dispose();
    } catch {}
    try {
      this.optimizer?.dispose();
    } catch {}
    this.net = null;
    this.optimizer = null;
    // gpu: null keeps chooseBackend from picking WebGPU again.
    const choice = await chooseBackend({
      request: next[0],
      gpu: null,
      wasmPaths: await this.options.wasmPaths,
    });
    this.choice = choice;
    this.deviceLost = null;
    const rebuilt = createNet(config, 0);
    assignWeights(rebuilt, { config, meta: {}, tensors: snapshot.tensors });
    this.net = rebuilt;
    this.useOptimizer(optimizerName, lr);
    const restart =
      optimizerName === 'sgd' ? '' : ` (${optimizerName}'s running averages start afresh)`;
    return (
      `The ${from} device was lost (${reason}). Training goes on on ${choice.backend} ` +
      `from the weights saved after step ${snapshot.iteration}${restart}.`
    );
  }
}
