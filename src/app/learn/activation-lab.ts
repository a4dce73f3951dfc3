/**
 * Chapter 3: the activation functions side by side, their slopes (what backpropagation
 * multiplies by: sigmoid's at most 0.25, ReLU's 0 or 1), and why softmax subtracts the maximum.
 */
import { ActivationPlot } from '../../ui/activation-plot';
import { el } from '../dom';
import { UrlState } from '../url-state';

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
  private slopePlot: ActivationPlot | null = null;
  private readonly checks = new Map<Fn, HTMLInputElement>();
  private readonly showSlopes = el('input', { type: 'checkbox', name: 'slopes' });
  private readonly slopeBox = el('div', { class: 'slot ga-slope-plot' });
  /** Whether the slopes show, shared through the URL. */
  private readonly url = new UrlState('learn/activations');

  async mount(parent: HTMLElement): Promise<void> {
    parent.append(this.element);
    const plotBox = el('div', { class: 'slot' });
    this.showSlopes.checked = this.url.raw('slopes') !== '0';
    this.showSlopes.addEventListener('change', () => this.render());
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
        el('div', { class: 'slot' }, plotBox, this.slopeBox),
        el(
          'div',
          { class: 'panel' },
          el('h3', {}, 'Show'),
          picks,
          el(
            'div',
            { class: 'actions' },
            el('label', { class: 'check' }, this.showSlopes, 'slopes (derivatives)'),
          ),
          el(
            'p',
            { class: 'muted' },
            'The slope is what backpropagation multiplies a gradient by, layer after layer (ch. 5). ',
            el('strong', {}, "Sigmoid's slope is at most 0.25"),
            ' (at x = 0) and near 0 once |x| > 5, so through five sigmoid layers a gradient shrinks to a thousandth or less: the vanishing gradient (ch. 6.2). ',
            el('strong', {}, "ReLU's slope is 1 or 0"),
            ': a gradient passes through unchanged or stops. The step is flat on both sides of its jump, slope 0: nothing to learn from.',
          ),
        ),
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
    // Hovering either plot reads the same x off both.
    [this.plot, this.slopePlot] = await Promise.all([
      ActivationPlot.create(plotBox, {
        width: 560,
        height: 340,
        onHover: (x) => this.slopePlot?.update({ highlightX: x }),
      }),
      ActivationPlot.create(this.slopeBox, {
        width: 560,
        height: 240,
        slopes: true,
        onHover: (x) => this.plot?.update({ highlightX: x }),
      }),
    ]);
    this.render();
  }

  private render(): void {
    const functions = FUNCTIONS.filter((f) => this.checks.get(f)?.checked);
    this.plot?.update({ functions });
    this.slopePlot?.update({ functions });
    this.slopeBox.hidden = !this.showSlopes.checked;
    this.url.set({ slopes: this.showSlopes.checked });
  }

  destroy(): void {
    this.plot?.destroy();
    this.slopePlot?.destroy();
    this.element.remove();
  }
}
