/**
 * "Give me a 7": for a conditional model, a button per digit; the generator draws sixteen of
 * the digit picked, from fresh noise each time ("More" draws another sixteen). The walk
 * follows the digit picked too.
 */
import type { GanImages } from '../../../../workers/gan-api';
import { ImageGrid } from '../../../ui/image-grid';
import { button, el } from '../../dom';

const COUNT = 16;
const COLUMNS = 8;

export interface DigitSource {
  sample(digit: number, count: number, seed: number, columns: number): Promise<GanImages>;
}

export class GanDigitPicker {
  readonly element = el('section', { class: 'panel gan-digits', hidden: '' });
  private readonly heading = el('h3', {});
  private readonly message = el('p', { class: 'gan-digits-message', role: 'status' });
  private readonly digitButtons = Array.from({ length: 10 }, (_, d) =>
    button(String(d), { 'data-digit': String(d), 'aria-pressed': 'false' }),
  );
  private readonly more = button('More', { 'data-action': 'more-digits' });
  private grid: ImageGrid | null = null;
  private seed = 100;
  digit = 7;

  constructor(
    private readonly source: DigitSource,
    /** Called when the user picks another digit. */
    private readonly onDigit: (digit: number) => void,
  ) {
    this.digitButtons.forEach((b, d) => {
      b.addEventListener('click', () => {
        this.digit = d;
        this.onDigit(d);
        void this.refresh();
      });
    });
    this.more.addEventListener('click', () => {
      this.seed++;
      void this.refresh();
    });
  }

  async mount(parent: HTMLElement): Promise<void> {
    const box = el('div', { class: 'gan-digits-grid' });
    this.element.append(
      this.heading,
      el('p', { class: 'muted' }, 'The conditional generator is told which digit to draw.'),
      el('div', { class: 'actions gan-digit-buttons' }, ...this.digitButtons, this.more),
      box,
      this.message,
    );
    parent.append(this.element);
    this.grid = await ImageGrid.create(box, {
      columns: COLUMNS,
      rows: COUNT / COLUMNS,
      scale: 2,
      gap: 4,
      captions: false,
    });
    this.showDigit();
  }

  /** Shown for a conditional model only. */
  setVisible(visible: boolean): void {
    this.element.hidden = !visible;
  }

  async refresh(): Promise<void> {
    this.showDigit();
    if (this.element.hidden) return;
    try {
      const g = await this.source.sample(this.digit, COUNT, this.seed, COLUMNS);
      this.grid?.update({ images: g.images, shape: [g.count, g.size, g.size] });
      this.message.textContent = '';
      this.element.dataset.digit = String(this.digit);
    } catch (e) {
      this.message.textContent = `No digits: ${(e as Error).message}`;
    }
  }

  private showDigit(): void {
    this.heading.textContent = `Give me a ${this.digit}`;
    this.digitButtons.forEach((b, d) => {
      b.setAttribute('aria-pressed', String(d === this.digit));
    });
  }
}
