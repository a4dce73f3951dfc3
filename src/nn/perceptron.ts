/**
 * Chapter 2: the perceptron. Plain numbers, no tensors: two inputs, two weights, a bias, and a
 * step. XOR cannot be drawn with one line, so it is two layers: XOR = AND(NAND, OR).
 */

export interface PerceptronWeights {
  w1: number;
  w2: number;
  b: number;
}

/** The book's weights for each gate (ch. 2.3.3). */
export const GATES = {
  AND: { w1: 0.5, w2: 0.5, b: -0.7 },
  NAND: { w1: -0.5, w2: -0.5, b: 0.7 },
  OR: { w1: 0.5, w2: 0.5, b: -0.2 },
} as const satisfies Record<string, PerceptronWeights>;

export type GateName = keyof typeof GATES;
export type Bit = 0 | 1;

/** y = 1 if w1*x1 + w2*x2 + b > 0, else 0. */
export function perceptron(p: PerceptronWeights, x1: number, x2: number): Bit {
  return p.w1 * x1 + p.w2 * x2 + p.b > 0 ? 1 : 0;
}

export const AND = (x1: number, x2: number): Bit => perceptron(GATES.AND, x1, x2);
export const NAND = (x1: number, x2: number): Bit => perceptron(GATES.NAND, x1, x2);
export const OR = (x1: number, x2: number): Bit => perceptron(GATES.OR, x1, x2);

/** The two-layer perceptron of ch. 2.4: s1 = NAND, s2 = OR, y = AND(s1, s2). */
export function XOR(x1: number, x2: number): Bit {
  return AND(NAND(x1, x2), OR(x1, x2));
}

/** The four rows of a truth table, for a gate given as a function. */
export function truthTable(gate: (x1: number, x2: number) => Bit): Array<[Bit, Bit, Bit]> {
  const rows: Array<[Bit, Bit]> = [
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
  ];
  return rows.map(([a, b]) => [a, b, gate(a, b)]);
}
