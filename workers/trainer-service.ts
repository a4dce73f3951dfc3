/**
 * The trainer worker's service, usable in-process: one net, one optimizer, MNIST, and a
 * training run at a time, behind the plain-data TrainerApi (trainer-api.ts). The worker entry
 * (trainer.worker.ts) exposes an instance with the worker kit. This file checks requests,
 * moves data and paces events; the training itself is src/nn's ResilientTraining (host
 * snapshots, the device-loss fallback, the finite-weights rollback).
 *
 * Results that carry typed arrays are marked for transfer (fresh copies, never views of the
 * data set or of a backend's storage). Errors cross comlink as their message.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as Comlink from 'comlink';
import { loadMnist, type Mnist } from '../src/data/mnist';
import { fetchMnistReader, type MnistLoadProgress } from '../src/data/mnist-browser';
import { type BackendChoice, type BackendRequest, chooseBackend } from '../src/nn/backend';
import { BackendPerRun } from '../src/nn/backend-per-run';
import { head } from '../src/nn/dataset';
import { DeviceWatch } from '../src/nn/device-loss';
import { evaluate as evaluateNet, predictClasses } from '../src/nn/evaluate';
import { firstConvFeatureMaps, firstConvFilters } from '../src/nn/experiments/conv-filters';
import { netStepWorkload } from '../src/nn/net-step-workload';
import { createNet, type NetConfig, type SequentialNet } from '../src/nn/nets';
import { parseNetConfig } from '../src/nn/nets/parse-config';
import { isOptimizerName } from '../src/nn/optimizers';
import { ResilientTraining } from '../src/nn/resilient-training';
import { RunControl } from '../src/nn/run-control';
import { loadModel, type ModelMeta, saveModel } from '../src/nn/serialize';
import type { TrainEvent } from '../src/nn/trainer';
import { EventChannel } from './kit/events';
import type { ServiceHost } from './kit/expose';
import { importNodeOnly } from './kit/node-only';
import type {
  NetInfo,
  Prediction,
  TrainerApi,
  TrainProgress,
  TrainSettings,
  TrainSummary,
} from './trainer-api';
import { TrainerExperiments } from './trainer-experiments';

export interface TrainerServiceOptions extends ServiceHost {
  /** Minimum milliseconds between two 'step' progress events (50). */
  stepEventMs?: number;
  /** Steps between host copies of the weights on wasm and cpu (50; every check on WebGPU). */
  hostSnapshotEvery?: number;
}

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

export class TrainerService extends TrainerExperiments implements TrainerApi {
  private readonly device = new DeviceWatch();
  /** Automatic mode times each net on the competing backends before it trains. */
  private readonly backends = new BackendPerRun(async () => ({
    wasmPaths: await this.options.wasmPaths,
  }));

  constructor(private readonly options: TrainerServiceOptions = {}) {
    super();
  }

  async init(request: BackendRequest): Promise<BackendChoice> {
    this.refuseWhileTraining('change the backend');
    this.choice = await this.backends.init(request);
    this.device.watch(this.choice);
    return this.choice;
  }

  async loadMnist(
    baseUrl?: string,
    onProgress?: (p: MnistLoadProgress) => void,
  ): Promise<{ train: number; test: number }> {
    let mnist: Mnist;
    if (baseUrl) {
      // At most ten messages a second: the bytes arrive in many small chunks.
      let last = 0;
      const report = onProgress
        ? (p: MnistLoadProgress) => {
            const now = performance.now();
            if (now - last > 100 || (p.total > 0 && p.loaded === p.total)) {
              last = now;
              void onProgress(p);
            }
          }
        : undefined;
      mnist = await loadMnist(fetchMnistReader(baseUrl, report));
    } else if (isNode()) {
      const { loadMnistNode } = await importNodeOnly<typeof import('../src/data/mnist-node')>(
        '../../src/data/mnist-node.ts',
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
    const events = new EventChannel<TrainProgress>(onProgress, this.options.stepEventMs ?? 50);
    try {
      this.refuseWhileTraining('start another run');
      const backend = this.requireBackend();
      const data = this.requireData();
      const net = this.requireNet();
      if (!isOptimizerName(settings.optimizer))
        throw new Error(`unknown optimizer ${JSON.stringify(settings.optimizer)}`);
      if (settings.trainSize !== undefined && !(settings.trainSize >= 1))
        throw new Error(`trainSize must be at least 1, got ${settings.trainSize}`);
      const trainSet =
        settings.trainSize === undefined ? data.train : head(data.train, settings.trainSize);
      const optimizer = this.useOptimizer(settings.optimizer, settings.lr);
      const { batchSize, epochs, iterations, seed, evalSamples, lossEvery } = settings;
      this.control = new RunControl();
      let measured: BackendChoice | null;
      try {
        measured = await this.backends.forRun(
          netStepWorkload(net.config, {
            optimizer: settings.optimizer,
            batchSize,
            sampleShape: trainSet.sampleShape,
            classes: trainSet.classes,
          }),
          backend,
        );
      } catch (e) {
        this.control = null;
        throw e;
      }
      if (measured) {
        this.choice = measured;
        this.device.watch(measured);
        await events.send({
          type: 'backend',
          choice: measured,
          message: measured.reason,
          iteration: 0,
        });
      }
      const started = performance.now();
      const run: ResilientTraining = new ResilientTraining(net, optimizer, {
        settings: { batchSize, epochs, iterations, seed, evalSamples, lossEvery },
        train: trainSet,
        test: data.test,
        backend: this.requireBackend(),
        device: this.device,
        control: this.control,
        hostSnapshotEvery: this.options.hostSnapshotEvery,
        switchBackend: async (next) =>
          chooseBackend({ request: next, gpu: null, wasmPaths: await this.options.wasmPaths }),
        onProgress: (e) => this.forward(e, batchSize, events),
        onPause: () => void events.send({ type: 'paused' }),
        onResume: () => void events.send({ type: 'resumed' }),
        onBackendChange: (change) => {
          this.backends.deviceLost();
          this.adopt(run);
          return events.send({ type: 'backend', ...change });
        },
      });
      try {
        const r = await run.run();
        await events.drain();
        const summary: TrainSummary = {
          iterations: r.iterations,
          stopped: r.stopped,
          seconds: (performance.now() - started) / 1000,
          samplesPerSecond: r.samplesPerSecond,
          trainAccuracy: r.trainAccuracy,
          testAccuracy: r.testAccuracy,
          backend: run.backend.backend,
        };
        if (r.diverged) summary.diverged = r.diverged;
        return summary;
      } finally {
        this.adopt(run);
        this.control = null;
      }
    } finally {
      events.close();
    }
  }

  pause(): void {
    this.control?.pause();
    this.experiment?.pause();
  }

  resume(): void {
    this.control?.resume();
    this.experiment?.resume();
  }

  stop(): void {
    this.control?.stop();
    this.experiment?.stop();
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

  numTensors(): number {
    return tf.memory().numTensors;
  }

  /** Test hook (not in TrainerApi): the step after `afterSteps` more steps loses the device. */
  injectDeviceLoss(afterSteps = 0): void {
    this.device.inject(afterSteps);
  }

  private info(): NetInfo {
    const net = this.requireNet();
    return {
      config: net.config,
      parameterCount: net.parameterCount,
      params: [...net.params].map(([name, v]) => ({ name, shape: [...v.shape] })),
    };
  }

  /** The run's net, optimizer and backend: new ones after a device loss. */
  private adopt(run: ResilientTraining): void {
    this.net = run.net;
    this.optimizer = run.optimizer;
    this.choice = run.backend;
  }

  private forward(e: TrainEvent, batchSize: number, events: EventChannel<TrainProgress>): void {
    if (e.type === 'step') {
      const left = (e.totalIterations - e.iteration) * batchSize;
      events.sendLatest({
        ...e,
        etaSeconds: e.samplesPerSecond > 0 ? left / e.samplesPerSecond : Number.POSITIVE_INFINITY,
      });
    } else {
      void events.send({
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
}
