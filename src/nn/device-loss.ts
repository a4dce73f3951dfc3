/**
 * Knowing when the GPU device is gone: WebGPU reports a lost device through a promise on the
 * device (tfjs-backend-webgpu keeps it on `backend().device`); a step that runs after the loss
 * fails with an error that says so. A test can inject a loss after N steps on any backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendChoice, BackendName } from './backend';

export class DeviceLostError extends Error {
  constructor(readonly reason: string) {
    super(`Device lost: ${reason}`);
    this.name = 'DeviceLostError';
  }
}

export class DeviceWatch {
  private lost: string | null = null;
  private injectedIn: number | null = null;
  private watching: BackendChoice | null = null;

  /** Listen to the device of `choice` (WebGPU only); forgets any earlier loss. */
  watch(choice: BackendChoice): void {
    this.lost = null;
    this.watching = choice;
    if (choice.backend !== 'webgpu') return;
    const device = (
      tf.backend() as unknown as {
        device?: { lost?: Promise<{ message?: string; reason?: string }> };
      }
    ).device;
    device?.lost?.then((info) => {
      if (this.watching === choice)
        this.lost = info.message || info.reason || 'the GPU device was lost';
    });
  }

  /** Test hook: the step after `afterSteps` more steps fails as if the device were lost. */
  inject(afterSteps = 0): void {
    this.injectedIn = afterSteps;
  }

  /** Call before each step: throws a DeviceLostError once the device is lost (or injected). */
  beforeStep(): void {
    this.check();
    if (this.injectedIn === null) return;
    if (this.injectedIn > 0) {
      this.injectedIn--;
      return;
    }
    this.injectedIn = null;
    this.lost = 'the GPU device was lost (injected by a test)';
    this.check();
  }

  check(): void {
    if (this.lost !== null) throw new DeviceLostError(this.lost);
  }

  /** Whether `e`, thrown on `backend`, means the device is gone. */
  isLoss(e: unknown, backend: BackendName): boolean {
    if (e instanceof DeviceLostError || this.lost !== null) return true;
    const message = e instanceof Error ? e.message : String(e);
    if (/\bdevice\b/i.test(message) && /\blost\b/i.test(message)) return true;
    return backend === 'webgpu' && /device|lost|destroyed/i.test(message);
  }
}
