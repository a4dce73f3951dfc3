/** Chapter 3: the activation functions side by side, and why softmax subtracts the maximum. */
import { ActivationPlot } from '../../ui/activation-plot';
import { el } from '../dom';

type Fn = 'step' | 'sigmoid' | 'tanh' | 'relu' | 'identity';
const FUNCTIONS: Fn[] = ['step', 'sigmoid', 'tanh', 'relu', 'identity'];

/** exp(a) / Σ exp(a), as first written in the book: overflows for large a. */
function naiveSoftmax(a: number[]): number[] {
  const e = a.map(Math.exp);
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}

/** The same after subtracting max(a): mathematically equal, never overflows. */
function stableSoftmax(a: number[]): number[] {
  const m = Math.max(...a);
  return naiveSoftmax(a.map((v) => v - m));
}

const fmt = (v: number) => (Number.isNaN(v) ? 'NaN' : v.toExponential(4));

export class ActivationLab {
  readonly element = el('section', { class: 'lab activation-lab' });
  private plot: ActivationPlot | null = null;
  private readonly checks = new Map<Fn, HTMLInputElement>();

  async mount(parent: HTMLElement): Promise<void> {
    parent.append(this.element);
    const plotBox = el('div', { class: 'slot' });
    const picks = el('div', { class: 'actions' });
    for (const f of FUNCTIONS) {
      const c = el('input', { type: 'checkbox', name: f });
      c.checked = f !== 'identity';
      c.addEventListener('change', () => this.render());
      this.checks.set(f, c);
      picks.append(el('label', { class: 'check' }, c, f));
    }
    const input = el('input', {
      type: 'text',
      name: 'softmaxInput',
      value: '1010, 1000, 990',
      'aria-label': 'softmax input',
    });
    const out = el('tbody');
    const renderSoftmax = () => {
      const a = input.value
        .split(/[\s,]+/)
        .filter(Boolean)
        .map(Number);
      if (a.length === 0 || a.some((v) => !Number.isFinite(v))) {
        out.replaceChildren(
          el('tr', {}, el('td', { colspan: '3' }, 'Type numbers separated by commas.')),
        );
        return;
      }
      const naive = naiveSoftmax(a);
      const stable = stableSoftmax(a);
      out.replaceChildren(
        ...a.map((v, i) =>
          el(
            'tr',
            {},
            el('td', {}, String(v)),
            el('td', { class: Number.isNaN(naive[i]) ? 'wrong' : '' }, fmt(naive[i])),
            el('td', { class: 'out' }, fmt(stable[i])),
          ),
        ),
      );
    };
    input.addEventListener('input', renderSoftmax);
    this.element.append(
      el('h2', {}, 'Activation functions'),
      el(
        'p',
        { class: 'muted' },
        'The step function jumps; sigmoid and tanh bend smoothly, so a small change of weight gives a small change of output and learning can follow the slope. ReLU passes positives and blocks negatives. Hover the plot to read values.',
      ),
      el(
        'div',
        { class: 'lab-row' },
        plotBox,
        el('div', { class: 'panel' }, el('h3', {}, 'Show'), picks),
      ),
      el(
        'div',
        { class: 'panel softmax-panel' },
        el('h3', {}, 'Softmax overflow (ch. 3.5.2)'),
        el(
          'p',
          { class: 'muted' },
          'exp(1010) is infinite in floating point, so the textbook formula gives NaN. Subtracting the largest input first changes nothing mathematically and keeps every exp finite.',
        ),
        input,
        el(
          'table',
          { class: 'softmax-table' },
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              el('th', {}, 'a'),
              el('th', {}, 'exp(a)/Σexp(a)'),
              el('th', {}, 'with a − max(a)'),
            ),
          ),
          out,
        ),
      ),
    );
    renderSoftmax();
    this.plot = await ActivationPlot.create(plotBox, { width: 560, height: 340 });
    this.render();
  }

  private render(): void {
    const functions = FUNCTIONS.filter((f) => this.checks.get(f)?.checked);
    this.plot?.update({ functions });
  }

  destroy(): void {
    this.plot?.destroy();
    this.element.remove();
  }
}
