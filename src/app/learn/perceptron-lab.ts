/** Chapter 2: set w1, w2, b and watch the decision line and the truth table; XOR needs two layers. */
import { GATES, type GateName, perceptron, XOR } from '../../nn/perceptron';
import { PerceptronPlot } from '../../ui/perceptron-plot';
import { button, el } from '../dom';
import { UrlState } from '../url-state';

const INPUTS: Array<[0 | 1, 0 | 1]> = [
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
];

export class PerceptronLab {
  readonly element = el('section', { class: 'lab perceptron-lab' });
  private plot: PerceptronPlot | null = null;
  private readonly table = el('tbody');
  private readonly sliders: Record<'w1' | 'w2' | 'b', HTMLInputElement> = {
    w1: el('input', { type: 'range', min: '-1', max: '1', step: '0.05', name: 'w1' }),
    w2: el('input', { type: 'range', min: '-1', max: '1', step: '0.05', name: 'w2' }),
    b: el('input', { type: 'range', min: '-1', max: '1', step: '0.05', name: 'b' }),
  };
  private readonly readouts = { w1: el('output'), w2: el('output'), b: el('output') };
  private expected: GateName | 'XOR' | null = 'AND';
  /** The gate (or "custom") and the weights, shared through the URL. */
  private readonly url = new UrlState('learn/perceptron');

  async mount(parent: HTMLElement): Promise<void> {
    parent.append(this.element);
    const plotBox = el('div', { class: 'slot' });
    const controls = el('div', { class: 'panel' });
    for (const key of ['w1', 'w2', 'b'] as const) {
      this.sliders[key].addEventListener('input', () => {
        this.expected = null;
        this.render();
      });
      controls.append(
        el(
          'label',
          { class: 'slider' },
          el('span', {}, key),
          this.sliders[key],
          this.readouts[key],
        ),
      );
    }
    const presets = el('div', { class: 'actions' });
    for (const name of ['AND', 'NAND', 'OR', 'XOR'] as const) {
      const b = button(name, { 'data-preset': name });
      b.addEventListener('click', () => this.preset(name));
      presets.append(b);
    }
    controls.prepend(el('h3', {}, 'Weights and bias'), presets);
    controls.append(
      el(
        'table',
        { class: 'truth' },
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', {}, 'x1'),
            el('th', {}, 'x2'),
            el('th', {}, 'y'),
            el('th', {}, 'gate'),
          ),
        ),
        this.table,
      ),
    );
    this.element.append(
      el('h2', {}, 'Perceptron'),
      el(
        'p',
        { class: 'muted' },
        'y = 1 when w1·x1 + w2·x2 + b > 0. One perceptron draws one straight line, enough for AND, NAND and OR. No single line separates XOR: it takes two layers, XOR = AND(NAND, OR).',
      ),
      el('div', { class: 'lab-row' }, plotBox, controls),
    );
    this.plot = await PerceptronPlot.create(plotBox, { size: 360 });
    const gate = this.url.choice('gate', ['AND', 'NAND', 'OR', 'XOR', 'custom'] as const, 'AND');
    if (gate !== 'custom') {
      this.preset(gate);
      return;
    }
    for (const k of ['w1', 'w2', 'b'] as const)
      this.sliders[k].value = String(this.url.number(k, 0, -1, 1));
    this.expected = null;
    this.render();
  }

  private preset(name: GateName | 'XOR'): void {
    this.expected = name;
    const w = name === 'XOR' ? GATES.OR : GATES[name];
    this.sliders.w1.value = String(w.w1);
    this.sliders.w2.value = String(w.w2);
    this.sliders.b.value = String(w.b);
    this.render();
  }

  private render(): void {
    const w = {
      w1: Number(this.sliders.w1.value),
      w2: Number(this.sliders.w2.value),
      b: Number(this.sliders.b.value),
    };
    for (const k of ['w1', 'w2', 'b'] as const) this.readouts[k].textContent = w[k].toFixed(2);
    this.url.set({ gate: this.expected ?? 'custom', ...w });
    const xor = this.expected === 'XOR';
    const gate = this.expected;
    const reference = (a: number, b: number) =>
      gate === null ? null : gate === 'XOR' ? XOR(a, b) : perceptron(GATES[gate], a, b);
    const expected = INPUTS.map(([a, b]) => reference(a, b));
    if (xor) {
      this.plot?.update({
        mode: 'xor',
        layers: [GATES.NAND, GATES.OR],
        expected: expected as Array<0 | 1>,
      });
    } else {
      this.plot?.update({ ...w, expected: gate ? (expected as Array<0 | 1>) : undefined });
    }
    this.table.replaceChildren(
      ...INPUTS.map(([a, b], i) => {
        const y = xor ? XOR(a, b) : perceptron(w, a, b);
        const ok = expected[i] === null || expected[i] === y;
        return el(
          'tr',
          {},
          el('td', {}, String(a)),
          el('td', {}, String(b)),
          el('td', { class: ok ? 'out' : 'out wrong' }, String(y)),
          el('td', { class: 'muted' }, gate ?? 'custom'),
        );
      }),
    );
  }

  destroy(): void {
    this.plot?.destroy();
    this.element.remove();
  }
}
