/**
 * A training run that survives what a long browser run meets:
 * - a lost GPU device: the weights are copied to host memory every few steps (every checked
 *   step on WebGPU); when a step fails with a device loss, the run switches to the next backend
 *   (webgpu -> wasm -> cpu), rebuilds the net from the latest host copy, says so plainly and
 *   goes on from that step (the steps after it run again, with the same batches);
 * - a NaN/Inf loss: it ends the run, keeping the newest weights whose test loss is finite (the
 *   Trainer's last checked step, else a host copy).
 * The net and optimizer may be replaced on the way: read them from the run afterwards.
 */
import type { BackendChoice, BackendName } from './backend';
import { head, type LabeledData } from './dataset';
import { DeviceLostError, DeviceWatch } from './device-loss';
import { evaluate } from './evaluate';
import { createNet, type SequentialNet } from './nets';
import { createOptimizer, type Optimizer } from './optimizers';
import type { RunControl } from './run-control';
import { assignWeights, type ParsedModel } from './serialize';
import {
  type EpochRecord,
  type TrainEvent,
  Trainer,
  type TrainerOptions,
  TrainingDiverged,
  type TrainResult,
} from './trainer';

/** Loss checks on WebGPU: each readback stalls the GPU pipeline. */
export const WEBGPU_LOSS_EVERY = 10;
const FALLBACK_ORDER: readonly BackendName[] = ['webgpu', 'wasm', 'cpu'];

export type ResilientSettings = Pick<
  TrainerOptions,
  'batchSize' | 'epochs' | 'iterations' | 'seed' | 'evalSamples' | 'lossEvery'
>;

export interface BackendChange {
  choice: BackendChoice;
  /** What happened and what the run does now, for a person. */
  message: string;
  /** The step whose weights the run goes on from. */
  iteration: number;
}

export interface ResilientTrainingOptions {
  settings: ResilientSettings;
  train: LabeledData;
  test: LabeledData;
  /** The backend the run starts on. */
  backend: BackendChoice;
  /** Switch tfjs to `backend` (never WebGPU again); called on a device loss. */
  switchBackend(backend: BackendName): Promise<BackendChoice>;
  /** Watches the device (default: a fresh watch of `backend`). */
  device?: DeviceWatch;
  control?: RunControl;
  /** Steps between host copies on wasm and cpu, where a loss is not expected (50). */
  hostSnapshotEvery?: number;
  onProgress?: (e: TrainEvent) => void;
  onPause?: (iteration: number) => void;
  onResume?: (iteration: number) => void;
  /** Awaited: the receiver sees the new backend before the next step runs. */
  onBackendChange?: (change: BackendChange) => void | Promise<void>;
}

export interface ResilientResult {
  iterations: number;
  stopped: boolean;
  epochs: EpochRecord[];
  samplesPerSecond: number;
  trainAccuracy: number;
  testAccuracy: number;
  /** Set when the run ended on a NaN/Inf loss: what happened and which weights are kept. */
  diverged?: string;
}

/** A net's weights and state after step `iteration`, in host memory. */
interface HostSnapshot {
  iteration: number;
  tensors: ParsedModel['tensors'];
}

export class ResilientTraining {
  /** Current net, optimizer and backend (replaced after a device loss). */
  net: SequentialNet;
  optimizer: Optimizer;
  backend: BackendChoice;
  private readonly device: DeviceWatch;
  private lastSamplesPerSecond = 0;

  constructor(
    net: SequentialNet,
    optimizer: Optimizer,
    private readonly options: ResilientTrainingOptions,
  ) {
    this.net = net;
    this.optimizer = optimizer;
    this.backend = options.backend;
    this.device = options.device ?? new DeviceWatch();
    if (!options.device) this.device.watch(options.backend);
  }

  async run(): Promise<ResilientResult> {
    const { settings, train, test } = this.options;
    const first = await this.hostSnapshot(0);
    let snapshot = first;
    let start = 0;
    for (;;) {
      const onWebGpu = this.backend.backend === 'webgpu';
      const snapshotEvery = onWebGpu ? 1 : (this.options.hostSnapshotEvery ?? 50);
      const trainer = new Trainer(this.net, this.optimizer, train, test, {
        ...settings,
        lossEvery: settings.lossEvery ?? (onWebGpu ? WEBGPU_LOSS_EVERY : 1),
        startIteration: start,
        control: this.options.control,
        beforeStep: () => this.device.beforeStep(),
        afterCheck: async (iteration) => {
          this.device.check();
          if (iteration - snapshot.iteration >= snapshotEvery)
            snapshot = await this.hostSnapshot(iteration);
        },
        onProgress: (e) => {
          if (e.type === 'step') this.lastSamplesPerSecond = e.samplesPerSecond;
          this.options.onProgress?.(e);
        },
        onPause: this.options.onPause,
        onResume: this.options.onResume,
      });
      try {
        return await this.finish(await trainer.run());
      } catch (e) {
        if (e instanceof TrainingDiverged) return this.keepFiniteWeights(e, [snapshot, first]);
        if (!this.device.isLoss(e, this.backend.backend)) throw e;
        const message = await this.fallBack(e as Error, snapshot);
        start = snapshot.iteration;
        await this.options.onBackendChange?.({ choice: this.backend, message, iteration: start });
      }
    }
  }

  /** The run's result; accuracy measured now unless the last epoch ended at the last step. */
  private async finish(r: TrainResult | null, kept?: number): Promise<ResilientResult> {
    const iterations = r?.iterations ?? kept ?? 0;
    const last = r?.epochs.at(-1);
    let trainAccuracy: number;
    let testAccuracy: number;
    if (last && last.iteration === iterations) {
      ({ trainAccuracy, testAccuracy } = last);
    } else {
      const n = this.options.settings.evalSamples ?? Number.POSITIVE_INFINITY;
      trainAccuracy = (await evaluate(this.net, head(this.options.train, n))).accuracy;
      testAccuracy = (await evaluate(this.net, head(this.options.test, n))).accuracy;
    }
    return {
      iterations,
      stopped: r?.stopped ?? false,
      epochs: r?.epochs ?? [],
      samplesPerSecond: r?.samplesPerSecond ?? this.lastSamplesPerSecond,
      trainAccuracy,
      testAccuracy,
    };
  }

  /**
   * After a NaN/Inf loss the Trainer keeps the weights of its last checked step, which may
   * already overflow. Keep the newest weights whose test loss is finite: the Trainer's, else a
   * host copy (the latest, else the run's start).
   */
  private async keepFiniteWeights(
    e: TrainingDiverged,
    copies: HostSnapshot[],
  ): Promise<ResilientResult> {
    const probe = head(this.options.test, 1000);
    const finite = async () => Number.isFinite((await evaluate(this.net, probe)).loss);
    let kept = e.keptIteration;
    if (!(await finite())) {
      for (const copy of copies) {
        if (copy.iteration > kept) continue;
        assignWeights(this.net, { config: this.net.config, meta: {}, tensors: copy.tensors });
        kept = copy.iteration;
        if (await finite()) break;
      }
    }
    const result = await this.finish(null, kept);
    result.diverged =
      `training stopped at step ${e.iteration}: the loss became ${e.loss}. ` +
      `The weights of step ${kept} are kept; try a smaller learning rate.`;
    return result;
  }

  /** The net's weights and state, copied to host memory. */
  private async hostSnapshot(iteration: number): Promise<HostSnapshot> {
    const tensors: HostSnapshot['tensors'] = new Map();
    for (const [name, v] of [...this.net.params, ...this.net.state]) {
      const values = ((await v.data()) as Float32Array).slice();
      tensors.set(name, { shape: [...v.shape], values });
    }
    return { iteration, tensors };
  }

  /**
   * Switch to the next backend, rebuild the net from `snapshot` and start a fresh optimizer
   * of the same rule and rate. Returns the message for the person watching.
   */
  private async fallBack(cause: Error, snapshot: HostSnapshot): Promise<string> {
    const from = this.backend.backend;
    const next = FALLBACK_ORDER.slice(FALLBACK_ORDER.indexOf(from) + 1);
    if (next.length === 0) throw cause;
    const config = this.net.config;
    const { name, lr } = this.optimizer;
    const reason = cause instanceof DeviceLostError ? cause.reason : cause.message;
    // The old tensors live on the lost device: free what can be freed, ignore the rest.
    try {
      this.net.dispose();
    } catch {}
    try {
      this.optimizer.dispose();
    } catch {}
    this.backend = await this.options.switchBackend(next[0]);
    this.device.watch(this.backend);
    const rebuilt = createNet(config, 0);
    assignWeights(rebuilt, { config, meta: {}, tensors: snapshot.tensors });
    this.net = rebuilt;
    this.optimizer = createOptimizer(name, lr);
    const restart = name === 'sgd' ? '' : ` (${name}'s running averages start afresh)`;
    return (
      `The ${from} device was lost (${reason}). Training goes on on ${this.backend.backend} ` +
      `from the weights saved after step ${snapshot.iteration}${restart}.`
    );
  }
}
