/**
 * The perceptron lab's two-layer mode (ch. 2.4): two perceptrons s1 and s2 on the inputs, each
 * a line in the (x1, x2) plane, and an output perceptron y on (s1, s2). At the book's weights
 * s1 = NAND, s2 = OR, y = AND(s1, s2), which is XOR. Each of the three has its own sliders,
 * so what the user moves is what the plot draws. Plain functions, unit-tested.
 */
import { type Bit, GATES, type PerceptronWeights, perceptron } from '../../nn/perceptron';

export type Unit = 's1' | 's2' | 'y';
export const UNITS: readonly Unit[] = ['s1', 's2', 'y'];
export type WeightKey = keyof PerceptronWeights;
export const WEIGHT_KEYS: readonly WeightKey[] = ['w1', 'w2', 'b'];

export type TwoLayerWeights = Record<Unit, PerceptronWeights>;

/** The book's XOR: s1 = NAND, s2 = OR, y = AND(s1, s2). */
export const BOOK_XOR: Readonly<TwoLayerWeights> = {
  s1: { ...GATES.NAND },
  s2: { ...GATES.OR },
  y: { ...GATES.AND },
};

/** The inputs (0,0), (1,0), (0,1), (1,1), the order of every truth table here. */
export const INPUTS: ReadonlyArray<readonly [Bit, Bit]> = [
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
];

/** Both hidden outputs and the network's output for one input. */
export function twoLayer(w: TwoLayerWeights, x1: number, x2: number): Record<Unit, Bit> {
  const s1 = perceptron(w.s1, x1, x2);
  const s2 = perceptron(w.s2, x1, x2);
  return { s1, s2, y: perceptron(w.y, s1, s2) };
}

/** The gates of ch. 2 a single perceptron can be, by truth table (in INPUTS order). */
const NAMED: ReadonlyArray<[string, string]> = [
  ['AND', '0001'],
  ['NAND', '1110'],
  ['OR', '0111'],
  ['NOR', '1000'],
];

/** The gate a perceptron computes on 0/1 inputs, if it is one of AND, NAND, OR, NOR. */
export function gateOf(w: PerceptronWeights): string | null {
  const bits = INPUTS.map(([a, b]) => perceptron(w, a, b)).join('');
  return NAMED.find(([, table]) => table === bits)?.[0] ?? null;
}

/** "s1 = NAND" while s1's weights compute NAND, else just "s1". */
export function unitLabel(unit: Unit, w: TwoLayerWeights): string {
  const gate = gateOf(w[unit]);
  return gate ? `${unit} = ${gate}` : unit;
}

/** Whether the network outputs XOR on all four inputs. */
export function isXor(w: TwoLayerWeights): boolean {
  return INPUTS.every(([a, b]) => twoLayer(w, a, b).y === (a ^ b));
}

/**
 * The plot's caption: "XOR = AND(NAND, OR)" at the book's weights; otherwise what the units
 * are now, e.g. "y = AND(s1, OR)" once s1 is no gate, "y = f(s1, s2)" when y is none either.
 */
export function networkCaption(w: TwoLayerWeights): string {
  const name = (u: Unit): string => gateOf(w[u]) ?? (u === 'y' ? 'f' : u);
  return `${isXor(w) ? 'XOR' : 'y'} = ${name('y')}(${name('s1')}, ${name('s2')})`;
}

/** The name of a unit's weight, as slider and URL key: "s1w1", "s2b", "yw2". */
export function weightName(unit: Unit, key: WeightKey): string {
  return `${unit}${key}`;
}

/** The nine weights as URL values. */
export function twoLayerParams(w: TwoLayerWeights): Record<string, number> {
  const out: Record<string, number> = {};
  for (const u of UNITS) for (const k of WEIGHT_KEYS) out[weightName(u, k)] = w[u][k];
  return out;
}

/** Reads the nine weights (e.g. from the URL), each falling back to the book's XOR. */
export function readTwoLayer(read: (name: string, fallback: number) => number): TwoLayerWeights {
  const unit = (u: Unit): PerceptronWeights => ({
    w1: read(weightName(u, 'w1'), BOOK_XOR[u].w1),
    w2: read(weightName(u, 'w2'), BOOK_XOR[u].w2),
    b: read(weightName(u, 'b'), BOOK_XOR[u].b),
  });
  return { s1: unit('s1'), s2: unit('s2'), y: unit('y') };
}
