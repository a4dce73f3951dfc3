/**
 * Fig. 8-3 and ch. 8.3.4 on the DeepConvNet we ship: the test digits it gets wrong, and its
 * test accuracy with float16 weights.
 */
import * as Comlink from 'comlink';
import deepConvModelUrl from '../../../../models/deep-conv.gam?url';
import { ImageGrid } from '../../../ui/image-grid';
import { button, el } from '../../dom';
import type { ExperimentsWorker } from './experiments-worker';
import type { ExperimentPanel } from './panel';
import { RunButtons } from './run-buttons';

export class MistakesPanel implements ExperimentPanel {
  private constructor(
    readonly element: HTMLElement,
    private readonly grid: ImageGrid,
    /** Drive the pass over the test set; Stop or leaving the page ends it. */
    private readonly buttons: RunButtons,
    private readonly unsubscribeBusy: () => void,
  ) {}

  static async create(worker: ExperimentsWorker): Promise<MistakesPanel> {
    const show = button('Show the mistakes', { class: 'primary', 'data-action': 'misclassified' });
    const buttons = new RunButtons('misclassified');
    const half = button('Round the weights to float16', { 'data-action': 'half-precision' });
    const summary = el('p', { class: 'status', 'aria-live': 'polite' });
    const halfOut = el('div', { class: 'half-precision' });
    const gridBox = el('div', { class: 'slot scroll-x' });
    const element = el(
      'div',
      { class: 'panel', 'data-experiment': 'misclassified' },
      el('h3', {}, 'What the deep net still gets wrong (fig. 8-3)'),
      el(
        'p',
        { class: 'muted' },
        'The DeepConvNet we ship (chapter 8: six 3×3 convolutions) run over all 10,000 test digits. Each image below is one it gets wrong, captioned true → predicted. Many are digits a person would hesitate over too: a 4 with an open top, a 7 with a bar, a 9 drawn like a 4.',
      ),
      el('div', { class: 'actions' }, show, buttons.pause, buttons.stop),
      summary,
      gridBox,
      el('h3', {}, 'Half the bits, the same answers (ch. 8.3.4)'),
      el(
        'p',
        { class: 'muted' },
        'The same net with every weight rounded to 16-bit floats (half the memory). A trained net is robust to this small noise, so test accuracy barely moves. The maths still runs in 32 bits: the tensor library has no 16-bit type.',
      ),
      el('div', { class: 'actions' }, half),
      halfOut,
    );
    const grid = await ImageGrid.create(gridBox, {
      columns: 12,
      scale: 2,
      colorMap: 'gray',
      captions: true,
    });
    // One long experiment at a time in the worker (Stop reaches the one it runs).
    const unsubscribeBusy = worker.subscribeBusy((busy) => {
      show.disabled = busy;
    });
    show.addEventListener('click', async () => {
      summary.classList.remove('error');
      summary.textContent = 'Loading the DeepConvNet and classifying 10,000 test images…';
      try {
        const r = await buttons.run((control) =>
          worker.runControlled(
            control,
            () =>
              worker.api.misclassified(
                96,
                Comlink.proxy((done: number, total: number) => {
                  summary.textContent = `Classifying the test images: ${done.toLocaleString('en')} of ${total.toLocaleString('en')}…`;
                }),
              ),
            () => worker.loadShipped(deepConvModelUrl, 'DeepConvNet'),
          ),
        );
        if (r === null) {
          summary.textContent = 'Stopped before the first test image.';
          return;
        }
        const shown = r.wrong.slice(0, r.images.length / 784);
        grid.update({
          images: r.images,
          shape: [shown.length, 28, 28],
          captions: shown.map((w) => `${w.label}→${w.predicted}`),
          wrong: shown.map(() => true),
        });
        const counted = `${r.errors} of ${r.total.toLocaleString('en')} test images wrong (accuracy ${(r.accuracy * 100).toFixed(2)}%)${r.errors > shown.length ? `; the first ${shown.length} shown` : ''}.`;
        summary.textContent = r.stopped ? `Stopped: ${counted}` : counted;
        element.dataset.done = 'true';
      } catch (e) {
        summary.textContent = (e as Error).message;
        summary.classList.add('error');
      }
    });
    half.addEventListener('click', async () => {
      half.disabled = true;
      halfOut.textContent = 'Evaluating twice on 10,000 test images…';
      try {
        await worker.loadShipped(deepConvModelUrl, 'DeepConvNet');
        const r = await worker.api.halfPrecision();
        const pct = (a: number) => `${(a * 100).toFixed(2)}%`;
        halfOut.replaceChildren(
          el(
            'table',
            { class: 'truth' },
            el(
              'tr',
              {},
              el('th', {}, 'weights'),
              el('th', {}, 'test accuracy'),
              el('th', {}, 'size'),
            ),
            el(
              'tr',
              {},
              el('td', {}, 'float32'),
              el('td', {}, pct(r.float32Accuracy)),
              el('td', {}, `${(r.bytesFloat32 / 1024).toFixed(0)} KiB`),
            ),
            el(
              'tr',
              {},
              el('td', {}, 'float16'),
              el('td', {}, pct(r.float16Accuracy)),
              el('td', {}, `${(r.bytesFloat16 / 1024).toFixed(0)} KiB`),
            ),
          ),
          el('p', { class: 'muted' }, await shaderF16Note()),
        );
        element.dataset.half = 'true';
      } catch (e) {
        halfOut.textContent = (e as Error).message;
      } finally {
        half.disabled = false;
      }
    });
    return new MistakesPanel(element, grid, buttons, unsubscribeBusy);
  }

  /** Stops the pass over the test set (the float16 check, two evaluations, ends on its own). */
  stop(): void {
    this.buttons.stopRun();
  }

  destroy(): void {
    this.stop();
    this.unsubscribeBusy();
    this.grid.destroy();
  }
}

/**
 * Whether this browser's WebGPU adapter offers 16-bit shader arithmetic ('shader-f16'), and
 * what that means for us: tfjs-core 4.22 has no float16 dtype and its WebGPU kernels compute
 * in f32, so f16 inference is not possible with our stack even where the adapter could.
 */
async function shaderF16Note(): Promise<string> {
  const stack =
    'Our stack cannot run inference in f16 anyway: tfjs-core has no 16-bit tensor type and its WebGPU kernels compute in f32.';
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return `This browser has no WebGPU. ${stack}`;
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return `No WebGPU adapter is available here. ${stack}`;
    const has = adapter.features.has('shader-f16');
    return `This browser's WebGPU adapter ${has ? 'offers' : 'does not offer'} 16-bit shader arithmetic (shader-f16). ${stack}`;
  } catch (e) {
    return `Asking for a WebGPU adapter failed (${(e as Error).message}). ${stack}`;
  }
}
