/**
 * Chapter 2: set w1, w2, b and watch the decision line and the truth table. XOR needs two
 * layers: in XOR mode each of the three perceptrons (s1, s2 on the inputs, y on s1 and s2)
 * has its own sliders, coloured as its line, so the sliders move exactly what is drawn.
 */
import { GATES, type GateName, type PerceptronWeights, perceptron } from '../../nn/perceptron';
import { lineColors, PerceptronPlot } from '../../ui/perceptron-plot';
import { currentThemeName, THEMES, type Theme } from '../../ui/theme';
import { onThemeChange } from '../../ui/theme-watch';
import { button, el } from '../dom';
import { linkValues, UrlState, type UrlValues } from '../url-state';
import {
  BOOK_XOR,
  INPUTS,
  networkCaption,
  readTwoLayer,
  type TwoLayerWeights,
  twoLayer,
  twoLayerParams,
  UNITS,
  type Unit,
  unitLabel,
  WEIGHT_KEYS,
  type WeightKey,
  weightName,
} from './perceptron-xor';

type Gate = GateName | 'XOR';

/** A perceptron's three sliders and their readouts. */
class SliderGroup {
  readonly element: HTMLElement;
  readonly heading = el('h4');
  private readonly inputs = new Map<WeightKey, HTMLInputElement>();
  private readonly readouts = new Map<WeightKey, HTMLOutputElement>();

  constructor(names: (key: WeightKey) => string, onInput: () => void, note?: string) {
    this.element = el('div', { class: 'ga-gate-group' }, this.heading);
    if (note) this.element.append(el('p', { class: 'muted ga-gate-note' }, note));
    for (const key of WEIGHT_KEYS) {
      const name = names(key);
      const input = el('input', { type: 'range', min: '-1', max: '1', step: '0.05', name });
      const readout = el('output', { for: name });
      input.addEventListener('input', onInput);
      this.inputs.set(key, input);
      this.readouts.set(key, readout);
      this.element.append(el('label', { class: 'slider' }, el('span', {}, key), input, readout));
    }
  }

  get weights(): PerceptronWeights {
    const v = (k: WeightKey): number => Number(this.inputs.get(k)?.value);
    return { w1: v('w1'), w2: v('w2'), b: v('b') };
  }

  set weights(w: PerceptronWeights) {
    for (const k of WEIGHT_KEYS) (this.inputs.get(k) as HTMLInputElement).value = String(w[k]);
  }

  /** Shows the values the sliders hold (a slider rounds to its step). */
  showValues(): void {
    const w = this.weights;
    for (const k of WEIGHT_KEYS)
      (this.readouts.get(k) as HTMLOutputElement).value = w[k].toFixed(2);
  }
}

const hex = (c: number): string => `#${c.toString(16).padStart(6, '0')}`;

export class PerceptronLab {
  readonly element = el('section', { class: 'lab perceptron-lab' });
  private plot: PerceptronPlot | null = null;
  private readonly table = el('table', { class: 'truth' });
  private readonly single = new SliderGroup(
    (k) => k,
    () => {
      this.expected = null;
      this.render();
    },
  );
  private readonly units: Record<Unit, SliderGroup>;
  private readonly two = el('div', { class: 'ga-two-layer' });
  /** The preset gate the table checks against (null: custom weights, nothing to check). */
  private expected: Gate | null = 'AND';
  private mode: 'one' | 'two' = 'one';
  private readonly url = new UrlState('learn/perceptron');
  private readonly unwatchTheme: () => void;

  constructor() {
    const moved = (): void => this.render();
    this.units = {
      s1: new SliderGroup((k) => weightName('s1', k), moved),
      s2: new SliderGroup((k) => weightName('s2', k), moved),
      y: new SliderGroup(
        (k) => weightName('y', k),
        moved,
        'The output perceptron reads s1 and s2, not x: it has no line of its own here. It decides which cells between the two lines give 1 (shaded).',
      ),
    };
    this.two.append(...UNITS.map((u) => this.units[u].element));
    this.unwatchTheme = onThemeChange((t) => this.colourHeadings(t));
  }

  async mount(parent: HTMLElement): Promise<void> {
    parent.append(this.element);
    const plotBox = el('div', { class: 'slot' });
    const presets = el('div', { class: 'actions' });
    for (const name of ['AND', 'NAND', 'OR', 'XOR'] as const) {
      const b = button(name, { 'data-preset': name });
      b.addEventListener('click', () => this.preset(name));
      presets.append(b);
    }
    this.single.heading.textContent = 'One perceptron: y = step(w1·x1 + w2·x2 + b)';
    const controls = el(
      'div',
      { class: 'panel' },
      el('h3', {}, 'Weights and bias'),
      presets,
      this.single.element,
      this.two,
      this.table,
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
    this.colourHeadings(THEMES[currentThemeName()]);
    this.plot = await PerceptronPlot.create(plotBox, { size: 360 });
    this.apply(this.url);
  }

  /** A link into the lab made already (Home's "try first") shows the gate it names. */
  follow(link: URLSearchParams): void {
    if (link.has('gate') && this.plot) this.apply(linkValues(link));
  }

  /** Shows the gate and weights a link or a reload names. */
  private apply(values: UrlValues): void {
    const gate = values.choice('gate', ['AND', 'NAND', 'OR', 'XOR', 'custom'] as const, 'AND');
    if (gate === 'XOR') {
      // A shared XOR link keeps its nine weights; missing ones are the book's.
      this.setTwoLayer(readTwoLayer((name, fallback) => values.number(name, fallback, -1, 1)));
    } else if (gate !== 'custom') {
      this.preset(gate);
    } else {
      const read = (k: WeightKey): number => values.number(k, 0, -1, 1);
      this.single.weights = { w1: read('w1'), w2: read('w2'), b: read('b') };
      this.expected = null;
      this.mode = 'one';
      this.render();
    }
  }

  private preset(name: Gate): void {
    if (name === 'XOR') {
      this.setTwoLayer(BOOK_XOR);
      return;
    }
    this.mode = 'one';
    this.expected = name;
    this.single.weights = GATES[name];
    this.render();
  }

  private setTwoLayer(w: TwoLayerWeights): void {
    this.mode = 'two';
    this.expected = 'XOR';
    for (const u of UNITS) this.units[u].weights = w[u];
    this.render();
  }

  private get twoLayerWeights(): TwoLayerWeights {
    return { s1: this.units.s1.weights, s2: this.units.s2.weights, y: this.units.y.weights };
  }

  /** The hidden units' headings in their lines' colours (the theme can change). */
  private colourHeadings(t: Theme): void {
    const [c1, c2] = lineColors(t);
    const colors: Record<Unit, number> = { s1: c1, s2: c2, y: t.accent };
    for (const u of UNITS)
      this.units[u].element.style.setProperty('--ga-gate-color', hex(colors[u]));
  }

  private render(): void {
    const two = this.mode === 'two';
    this.single.element.hidden = two;
    this.two.hidden = !two;
    if (two) this.renderTwoLayer();
    else this.renderOne();
  }

  private renderOne(): void {
    const w = this.single.weights;
    this.single.showValues();
    const gate = this.expected === 'XOR' ? null : this.expected;
    this.url.set({
      gate: gate ?? 'custom',
      ...w,
      ...Object.fromEntries(Object.keys(twoLayerParams(BOOK_XOR)).map((k) => [k, null])),
    });
    const expected = gate ? INPUTS.map(([a, b]) => perceptron(GATES[gate], a, b)) : undefined;
    this.plot?.update({ ...w, expected, label: gate ?? undefined });
    this.fillTable(
      ['x1', 'x2', 'y'],
      INPUTS.map(([a, b], i) => {
        const y = perceptron(w, a, b);
        return { cells: [a, b], y, ok: !expected || expected[i] === y };
      }),
      gate ?? 'custom',
    );
  }

  private renderTwoLayer(): void {
    const w = this.twoLayerWeights;
    for (const u of UNITS) {
      this.units[u].showValues();
      this.units[u].heading.textContent =
        u === 'y' ? `Output ${unitLabel('y', w)}(s1, s2)` : `Line ${unitLabel(u, w)}`;
    }
    this.url.set({ gate: 'XOR', w1: null, w2: null, b: null, ...twoLayerParams(w) });
    const xor = INPUTS.map(([a, b]) => (a ^ b) as 0 | 1);
    this.plot?.update({
      mode: 'xor',
      layers: [w.s1, w.s2],
      output: w.y,
      labels: [unitLabel('s1', w), unitLabel('s2', w)],
      label: networkCaption(w),
      expected: xor,
    });
    this.fillTable(
      ['x1', 'x2', 's1', 's2', 'y'],
      INPUTS.map(([a, b], i) => {
        const out = twoLayer(w, a, b);
        return { cells: [a, b, out.s1, out.s2], y: out.y, ok: out.y === xor[i] };
      }),
      'XOR',
    );
  }

  /** The truth table: inputs (and hidden outputs), y marked where it misses the gate. */
  private fillTable(
    heads: string[],
    rows: Array<{ cells: number[]; y: number; ok: boolean }>,
    gate: string,
  ): void {
    this.table.replaceChildren(
      el('thead', {}, el('tr', {}, ...[...heads, 'gate'].map((h) => el('th', {}, h)))),
      el(
        'tbody',
        {},
        ...rows.map((r) =>
          el(
            'tr',
            {},
            ...r.cells.map((c) => el('td', {}, String(c))),
            el('td', { class: r.ok ? 'out' : 'out wrong' }, String(r.y)),
            el('td', { class: 'muted' }, gate),
          ),
        ),
      ),
    );
  }

  destroy(): void {
    this.unwatchTheme();
    this.plot?.destroy();
    this.element.remove();
  }
}
