/**
 * What the trainer worker holds between calls (backend, MNIST, one net and its optimizer) and
 * the checks every call starts with. TrainerExperiments and TrainerService build on it.
 */
import type { Mnist } from '../src/data/mnist';
import type { BackendChoice } from '../src/nn/backend';
import type { SequentialNet } from '../src/nn/nets';
import { createOptimizer, type Optimizer, type OptimizerName } from '../src/nn/optimizers';
import type { RunControl } from '../src/nn/run-control';

export class TrainerState {
  protected choice: BackendChoice | null = null;
  protected data: Mnist | null = null;
  protected net: SequentialNet | null = null;
  protected optimizer: Optimizer | null = null;
  /** The running training's control; null while no training runs. */
  protected control: RunControl | null = null;

  protected refuseWhileTraining(what: string): void {
    if (this.control) throw new Error(`cannot ${what} while training runs (stop it first)`);
  }

  protected requireBackend(): BackendChoice {
    if (!this.choice) throw new Error('call init() first');
    return this.choice;
  }

  protected requireData(): Mnist {
    if (!this.data) throw new Error('call loadMnist() first');
    return this.data;
  }

  protected requireNet(): SequentialNet {
    if (!this.net) throw new Error('no net yet: call createNet() or load() first');
    return this.net;
  }

  protected replaceNet(net: SequentialNet): void {
    this.net?.dispose();
    this.optimizer?.dispose();
    this.net = net;
    this.optimizer = null;
  }

  /** Keep the optimizer (and its running state) while its rule and rate stay the same. */
  protected useOptimizer(name: OptimizerName, lr: number): Optimizer {
    if (this.optimizer?.name === name && this.optimizer.lr === lr) return this.optimizer;
    const next = createOptimizer(name, lr);
    this.optimizer?.dispose();
    this.optimizer = next;
    return next;
  }

  /** A 28x28 image (or the net's input size) of finite values. */
  protected checkImage(image: Float32Array): Float32Array {
    const size = this.requireNet().inputShape.reduce((a, b) => a * b, 1);
    if (!(image instanceof Float32Array) || image.length !== size)
      throw new Error(`expected a Float32Array of ${size} pixel values`);
    if (!image.every(Number.isFinite)) throw new Error('the image holds a non-finite value');
    return image;
  }
}
