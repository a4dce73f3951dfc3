/**
 * Draw a digit and watch the net read it. The pad has its own worker, loaded with one of the
 * nets the project ships (models/*.gam; by default the DeepConvNet trained with augmented
 * digits, which copes best with hand drawing), so it works before any training; it can also
 * take the net just trained in the MNIST lab.
 */

import deepConvUrl from '../../../models/deep-conv.gam?url';
import deepConvAugmentedUrl from '../../../models/deep-conv-augmented.gam?url';
import simpleConvUrl from '../../../models/simple-conv.gam?url';
import type { BackendChoice } from '../../nn/backend';
import { DigitPad } from '../../ui/digit-pad';
import { SoftmaxBars } from '../../ui/softmax-bars';
import { button, el } from '../dom';
import type { TrainerHandle } from '../trainer-client';

/** The shipped nets, with their MNIST test accuracy (models/README.md). */
const SHIPPED = [
  {
    id: 'deep-conv-augmented',
    url: deepConvAugmentedUrl,
    label: 'DeepConvNet, augmented (99.51%)',
  },
  { id: 'deep-conv', url: deepConvUrl, label: 'DeepConvNet, the book’s run (99.38%)' },
  { id: 'simple-conv', url: simpleConvUrl, label: 'SimpleConvNet, the book’s run (99.07%)' },
] as const;

const LAB_NET = 'lab';

export interface DigitPadLabOptions {
  /** The pad's own worker. */
  worker: TrainerHandle;
  backend: Promise<BackendChoice>;
  /** The MNIST lab's worker, to borrow its current net. */
  labWorker: TrainerHandle;
}

export class DigitPadLab {
  readonly element = el('section', { class: 'lab digit-pad-lab' });
  private pad: DigitPad | null = null;
  private bars: SoftmaxBars | null = null;
  private readonly answer = el('div', { class: 'digit-answer', 'aria-live': 'polite' }, '?');
  private readonly source = el('p', { class: 'muted', role: 'status' }, 'Loading the shipped net…');
  /** The one net picker: a shipped net, or the one trained in the MNIST lab. */
  private readonly netChoice = el(
    'select',
    { 'data-action': 'shipped-net', 'aria-label': 'Net' },
    ...SHIPPED.map((n) => el('option', { value: n.id }, n.label)),
    el('option', { value: LAB_NET }, 'The net trained in the MNIST lab'),
  );
  /** The shipped net in use, to fall back to when the lab has none. */
  private shippedInUse: string = SHIPPED[0].id;
  private ready: Promise<void> | null = null;
  private pending: Float32Array | null = null;
  private busy = false;

  constructor(private readonly opts: DigitPadLabOptions) {}

  async mount(parent: HTMLElement): Promise<void> {
    parent.append(this.element);
    const padBox = el('div', { class: 'slot' });
    const barsBox = el('div', { class: 'slot' });
    const clear = button('Clear', { 'data-action': 'clear' });
    clear.addEventListener('click', () => {
      this.pad?.clear();
      this.answer.textContent = '?';
      this.bars?.update({ probabilities: new Float32Array(10) });
    });
    this.netChoice.addEventListener(
      'change',
      () => void (this.netChoice.value === LAB_NET ? this.useLabNet() : this.loadShipped()),
    );
    this.element.append(
      el('h2', {}, 'Digit pad'),
      el(
        'p',
        { class: 'muted' },
        'Draw a digit with the mouse, a pen or a finger. Like MNIST, the drawing is cropped, scaled into a 20×20 box and centred by its centre of mass in 28×28 before the net sees it.',
      ),
      el(
        'div',
        { class: 'lab-row' },
        padBox,
        el(
          'div',
          { class: 'panel' },
          el('h3', {}, 'The net reads'),
          this.answer,
          barsBox,
          el('label', { class: 'muted net-choice' }, 'Net ', this.netChoice),
          el('div', { class: 'actions' }, clear),
          this.source,
        ),
      ),
    );
    [this.pad, this.bars] = await Promise.all([
      DigitPad.create(padBox, {
        size: 280,
        clearButton: false,
        onChange: (image) => this.classify(image),
      }),
      SoftmaxBars.create(barsBox, { width: 300, height: 160 }),
    ]);
    this.ready = this.loadShipped();
    await this.ready;
  }

  private async loadShipped(): Promise<void> {
    const shipped = SHIPPED.find((n) => n.id === this.netChoice.value) ?? SHIPPED[0];
    try {
      await this.opts.backend;
      this.source.textContent = `Loading the shipped ${shipped.label}…`;
      const res = await fetch(shipped.url);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const info = await this.opts.worker.api.load(new Uint8Array(await res.arrayBuffer()));
      this.source.textContent = `Using the shipped ${shipped.label}: ${info.parameterCount.toLocaleString('en')} parameters.`;
      this.element.dataset.model = 'shipped';
      this.element.dataset.shipped = shipped.id;
      this.shippedInUse = shipped.id;
      const image = this.pad?.getImage();
      if (image) this.classify(image);
    } catch (e) {
      this.source.textContent = `Could not load the shipped net (${(e as Error).message}). Reload the page to try again.`;
    }
  }

  private async useLabNet(): Promise<void> {
    try {
      const bytes = await this.opts.labWorker.api.save();
      const info = await this.opts.worker.api.load(bytes);
      this.source.textContent = `Using the net trained in the MNIST lab: ${info.config.kind}, ${info.parameterCount.toLocaleString('en')} parameters.`;
      this.element.dataset.model = 'lab';
      const image = this.pad?.getImage();
      if (image) this.classify(image);
    } catch (e) {
      // Still reading with the shipped net: say so, and how to get a net of one's own.
      this.netChoice.value = this.shippedInUse;
      const message = (e as Error).message;
      this.source.textContent = /no net yet/.test(message)
        ? 'The MNIST lab has no net yet. Open Learn → MNIST lab, train a net (or load a saved one), then pick it here again. Meanwhile the shipped net reads your drawing.'
        : `Could not take the MNIST lab’s net (${message}); the shipped net still reads your drawing.`;
      this.element.dataset.labNet = 'missing';
    }
  }

  /** Classify the latest drawing; drawings that arrive while the worker is busy collapse into one. */
  private classify(image: Float32Array): void {
    this.pending = image;
    if (this.busy) return;
    void this.drain();
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      await this.ready;
      while (this.pending) {
        const image = this.pending;
        this.pending = null;
        if (!image.some((v) => v > 0)) continue;
        const p = await this.opts.worker.api.predict(image);
        this.answer.textContent = String(p.label);
        this.element.dataset.prediction = String(p.label);
        this.bars?.update({ probabilities: p.probabilities });
      }
    } catch (e) {
      this.source.textContent = `The net could not read this drawing (${(e as Error).message}). Clear the pad and draw again.`;
    } finally {
      this.busy = false;
    }
  }

  destroy(): void {
    this.pad?.destroy();
    this.bars?.destroy();
    this.element.remove();
  }
}
