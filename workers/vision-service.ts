/**
 * The vision worker's service, usable in-process: named vision models (loaded, created or the
 * R-CNN flow), MNIST digits for scenes, one training run at a time, and predictions on frames.
 * It checks requests, moves data and paces events; training is src/vision's trainVision, the
 * scores src/vision's evaluations, the frame pipeline vision-predict.ts. Errors cross comlink
 * as their message.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as Comlink from 'comlink';
import { MNIST_FILES } from '../src/data/mnist';
import { fetchMnistReader } from '../src/data/mnist-browser';
import { type DigitSource, digitSourceFromIdx } from '../src/data/scenes/digit-source';
import { generateScene } from '../src/data/scenes/scene-generator';
import type { BackendChoice, BackendRequest } from '../src/nn/backend';
import { BackendPerRun } from '../src/nn/backend-per-run';
import { gradientStepWorkload } from '../src/nn/net-step-workload';
import { Adam } from '../src/nn/optimizers/adam';
import { RunControl } from '../src/nn/run-control';
import { SHIFT_PASSES } from '../src/vision/detector/shift-ensemble';
import {
  checkVisionConfig,
  createVisionModel,
  loadVisionModel,
  saveVisionModel,
} from '../src/vision/model-file';
import { heldOutScenes } from '../src/vision/train/held-out';
import { sceneBatch } from '../src/vision/train/scene-batches';
import { taskFor, type VisionNet } from '../src/vision/train/vision-tasks';
import { trainVision } from '../src/vision/train/vision-training';
import type { VisionConfig } from '../src/vision/vision-model';
import { EventChannel } from './kit/events';
import type { ServiceHost } from './kit/expose';
import { importNodeOnly } from './kit/node-only';
import type {
  PredictOptions,
  SceneRequest,
  SceneSample,
  VisionApi,
  VisionFrame,
  VisionModelInfo,
  VisionProgress,
  VisionResult,
  VisionTrainSettings,
  VisionTrainSummary,
} from './vision-api';
import { predictWithNet, readFrame, resultBuffers } from './vision-predict';
import { type ModelSlot, RcnnSlot } from './vision-rcnn';
import {
  type CheckedTrainSettings,
  checkSceneRequest,
  checkTrainSettings,
  sceneSample,
  toScore,
  trainingScenes,
} from './vision-requests';

export interface VisionServiceOptions extends ServiceHost {
  /** Minimum milliseconds between two 'step' progress events (100). */
  stepEventMs?: number;
}

type Split = 'train' | 'test';

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

export class VisionService implements VisionApi {
  private choice: BackendChoice | null = null;
  private readonly digits = new Map<Split, DigitSource>();
  private readonly slots = new Map<string, ModelSlot>();
  private control: RunControl | null = null;
  /** Automatic mode times each net on the competing backends before it trains. */
  private readonly backends = new BackendPerRun(async () => ({
    wasmPaths: await this.options.wasmPaths,
  }));

  constructor(private readonly options: VisionServiceOptions = {}) {}

  async init(request: BackendRequest): Promise<BackendChoice> {
    this.refuseWhileTraining('change the backend');
    this.choice = await this.backends.init(request);
    return this.choice;
  }

  async loadDigits(splits: Split[], baseUrl?: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const split of splits) {
      if (split !== 'train' && split !== 'test')
        throw new Error(`loadDigits: a split is "train" or "test", got ${JSON.stringify(split)}`);
      if (!this.digits.has(split)) this.digits.set(split, await this.readDigits(split, baseUrl));
      counts[split] = this.digits.get(split)?.count ?? 0;
    }
    return counts;
  }

  private async readDigits(split: Split, baseUrl?: string): Promise<DigitSource> {
    if (baseUrl) {
      const read = fetchMnistReader(baseUrl);
      const [images, labels] = await Promise.all(
        split === 'train'
          ? [read('trainImages'), read('trainLabels')]
          : [read('testImages'), read('testLabels')],
      );
      return digitSourceFromIdx(images, labels, `MNIST ${split}`);
    }
    if (!isNode())
      throw new Error(
        `loadDigits: give the URL of the folder that holds ${MNIST_FILES.testImages} and the other MNIST files`,
      );
    const { loadDigitSourceNode } = await importNodeOnly<
      typeof import('../src/data/scenes/digit-source-node')
    >('../../src/data/scenes/digit-source-node.ts');
    return loadDigitSourceNode(split);
  }

  async load(name: string, bytes: Uint8Array): Promise<VisionModelInfo> {
    this.checkName(name);
    this.requireBackend();
    if (!(bytes instanceof Uint8Array))
      throw new Error('vision model file: expected the file bytes');
    let model: VisionNet;
    try {
      ({ model } = loadVisionModel(bytes));
    } catch (e) {
      throw new Error((e as Error).message);
    }
    return this.put(name, { kind: model.config.kind, net: model });
  }

  async loadRcnn(name: string, bytes: Uint8Array): Promise<VisionModelInfo> {
    this.checkName(name);
    this.requireBackend();
    if (!(bytes instanceof Uint8Array))
      throw new Error('R-CNN: expected the classifier file bytes');
    return this.put(name, await RcnnSlot.load(bytes));
  }

  async create(name: string, config: VisionConfig, seed: number): Promise<VisionModelInfo> {
    this.checkName(name);
    this.requireBackend();
    if (!Number.isFinite(seed)) throw new Error(`seed must be a number, got ${seed}`);
    let checked: VisionConfig;
    try {
      checked = checkVisionConfig(config);
    } catch (e) {
      throw new Error(`vision config: ${(e as Error).message}`);
    }
    const net = createVisionModel(checked, seed);
    return this.put(name, { kind: net.config.kind, net });
  }

  async models(): Promise<VisionModelInfo[]> {
    return [...this.slots].map(([name, slot]) => info(name, slot));
  }

  async drop(name: string): Promise<void> {
    if (this.control && this.training === name) throw new Error(`"${name}" is training`);
    disposeSlot(this.slots.get(name));
    this.slots.delete(name);
  }

  async save(name: string): Promise<Uint8Array> {
    const net = this.requireNet(name);
    const bytes = await saveVisionModel(net, { savedAt: new Date().toISOString() });
    return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
  }

  private training: string | null = null;

  async train(
    name: string,
    settings: VisionTrainSettings,
    onProgress: (p: VisionProgress) => void,
  ): Promise<VisionTrainSummary> {
    const events = new EventChannel<VisionProgress>(onProgress, this.options.stepEventMs ?? 100);
    try {
      this.refuseWhileTraining('start another run');
      const backend = this.requireBackend();
      const net = this.requireNet(name);
      const s = checkTrainSettings(settings);
      const train = this.requireDigits('train');
      const measured = await this.backends.forRun(stepWorkload(net, train, s), backend);
      if (measured) {
        this.choice = measured;
        await events.send({ type: 'backend', choice: measured, message: measured.reason });
      }
      const evalScenes = heldOutScenes(
        this.requireDigits('test'),
        s.evalScenes,
        0.5,
        net.config.inputSize,
      );
      const shown = evalScenes.slice(0, s.samples);
      const control = new RunControl();
      control.subscribe((state) => {
        if (state !== 'stopped')
          void events.send({ type: state === 'paused' ? 'paused' : 'resumed' });
      });
      this.control = control;
      this.training = name;
      try {
        let final: VisionTrainSummary['final'] = null;
        const r = await trainVision(net, taskFor(net), train, {
          steps: s.steps,
          batchSize: s.batchSize,
          lr: s.lr,
          lrDecay: s.lrDecay,
          seed: s.seed,
          scenes: trainingScenes(s),
          evalScenes,
          evalEvery: s.evalEvery,
          control,
          onStep: (p) =>
            events.sendLatest({
              type: 'step',
              ...p,
              etaSeconds: ((p.steps - p.step) * s.batchSize) / Math.max(p.imagesPerSecond, 1e-9),
            }),
          onEval: async (e) => {
            final = toScore(e);
            const samples: Array<{ scene: SceneSample; prediction: VisionResult }> = [];
            for (const scene of shown) {
              const frame = { pixels: scene.image, width: scene.width, height: scene.height };
              samples.push({
                scene: sceneSample(scene),
                prediction: await predictWithNet(name, net, { ...frame, channels: 3 }, {}),
              });
            }
            await events.send({ type: 'eval', score: final, samples });
          },
        });
        await events.drain();
        return {
          steps: r.steps,
          reason: r.reason,
          ...(r.message ? { message: r.message } : {}),
          seconds: r.seconds,
          imagesPerSecond: r.imagesPerSecond,
          final,
        };
      } finally {
        this.control = null;
        this.training = null;
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

  async predict(
    name: string,
    frame: VisionFrame,
    opts: PredictOptions = {},
  ): Promise<VisionResult> {
    const slot = this.slots.get(name);
    if (!slot) throw new Error(`no vision model named ${JSON.stringify(name)} is loaded`);
    for (const key of ['scoreThreshold', 'iouThreshold'] as const) {
      const v = opts[key];
      if (v !== undefined && !(typeof v === 'number' && v >= 0 && v <= 1))
        throw new Error(`${key} must be a number in 0..1, got ${String(v)}`);
    }
    if (opts.passes !== undefined && !SHIFT_PASSES.includes(opts.passes))
      throw new Error(`passes must be 1, 2 or 4, got ${String(opts.passes)}`);
    const t0 = performance.now();
    const pixels = readFrame(frame);
    const readMs = performance.now() - t0;
    const result =
      slot.kind === 'rcnn'
        ? await slot.predict(name, pixels, opts, readMs)
        : await predictWithNet(name, slot.net, pixels, opts, readMs);
    return Comlink.transfer(result, resultBuffers(result));
  }

  async scenes(request: SceneRequest): Promise<SceneSample[]> {
    const r = checkSceneRequest(request);
    const source = this.requireDigits(r.split);
    const out = Array.from({ length: r.count }, (_, i) =>
      sceneSample(
        generateScene(source, r.seed, i, { width: r.width, height: r.height, style: r.style }),
      ),
    );
    return Comlink.transfer(
      out,
      out.flatMap((s) => [s.image.buffer as ArrayBuffer, s.labels.buffer as ArrayBuffer]),
    );
  }

  numTensors(): number {
    return tf.memory().numTensors;
  }

  private put(name: string, slot: ModelSlot): VisionModelInfo {
    if (this.training === name) {
      disposeSlot(slot);
      throw new Error(`"${name}" is training: stop it first`);
    }
    disposeSlot(this.slots.get(name));
    this.slots.set(name, slot);
    return info(name, slot);
  }

  private checkName(name: string): void {
    if (typeof name !== 'string' || !/^[\w.-]{1,64}$/.test(name))
      throw new Error(
        `a model name is 1-64 letters, digits, "_", "-" or ".", got ${JSON.stringify(name)}`,
      );
  }

  private requireBackend(): BackendChoice {
    if (!this.choice) throw new Error('call init() first: no backend chosen yet');
    return this.choice;
  }

  private requireNet(name: string): VisionNet {
    const slot = this.slots.get(name);
    if (!slot) throw new Error(`no vision model named ${JSON.stringify(name)} is loaded`);
    if (slot.kind === 'rcnn')
      throw new Error(`"${name}" is the R-CNN flow: it is not trained or saved here`);
    return slot.net;
  }

  private requireDigits(split: Split): DigitSource {
    const d = this.digits.get(split);
    if (!d) throw new Error(`call loadDigits(['${split}']) first: no MNIST ${split} digits yet`);
    return d;
  }

  private refuseWhileTraining(what: string): void {
    if (this.control) throw new Error(`cannot ${what} while a model is training: stop it first`);
  }
}

/** The run's step (a fresh copy of the net, Adam, one batch of scenes) for the backend choice. */
function stepWorkload(net: VisionNet, source: DigitSource, s: CheckedTrainSettings) {
  const { config } = net;
  const [height, width] = config.inputSize;
  const batch = sceneBatch(source, s.seed, 0, s.batchSize, {
    width,
    height,
    ...trainingScenes(s),
  });
  return gradientStepWorkload({
    key: `vision ${JSON.stringify(config)} batch ${s.batchSize} adam`,
    label: `the ${config.kind} ${width}x${height}, batch ${s.batchSize}`,
    net: () => createVisionModel(config, 1),
    gradient(copy: VisionNet) {
      const g = taskFor(copy).gradient(copy, batch);
      g.parts?.dispose();
      return g;
    },
    optimizer: () => new Adam(0.001),
  });
}

function info(name: string, slot: ModelSlot): VisionModelInfo {
  if (slot.kind === 'rcnn') return { name, ...slot.info() };
  return {
    name,
    kind: slot.kind,
    inputSize: [...slot.net.config.inputSize],
    parameterCount: slot.net.parameterCount,
    config: slot.net.config,
  };
}

function disposeSlot(slot: ModelSlot | undefined): void {
  if (slot?.kind === 'rcnn') slot.dispose();
  else slot?.net.dispose();
}
