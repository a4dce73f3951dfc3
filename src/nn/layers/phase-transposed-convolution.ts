/**
 * The transposed convolution of transposed-convolution.ts for its common case, 4x4 filter,
 * stride 2, padding 1 (DCGAN's generator doubles its maps with it), with a forward on the
 * backend's fast stride-1 convolution instead of conv2dTranspose: on wasm that kernel is not
 * XNNPACK's, and took ~4x as long as this forward (7x7x128 to 14x14x64, batch 64).
 *
 * Each output pixel (2i + a, 2j + b) takes input pixels i - 1..i + 1 (j likewise) through
 * only four of the sixteen filter taps: y[2i + a] = Σ x[i + t - 1]·K[k(a, t)], with
 * k(0, t) = 3, 1, - and k(1, t) = -, 2, 0 for t = 0, 1, 2 ("-": no tap). So the four output
 * "phases" (a, b) are one 3x3 stride-1 convolution of x into 4·C_out channels, whose filter F
 * holds K's taps (and zeros), then depth-to-space (sub-pixel convolution, Shi et al. 2016):
 *
 *   forward  P = conv(x, F) [N, H, W, 4·C_out];  y = depth-to-space(P) + b
 *
 * 2.25x the multiply-adds of the minimum (9 taps computed where 4 count), on kernels several
 * times faster. The backward is TransposedConvolution's, whose kernels are fast already
 * (measured against the phase form's backward: 50 against 121 ms for dx, 68 against 145 ms
 * for dK at the size above):
 *
 *   dx = conv(dout, K) with stride 2;  dK = filter gradient of that convolution;  db = Σ dout
 *
 * Same parameters as TransposedConvolution: K [4, 4, C_out, C_in], b [C_out]; tests hold the
 * two equal. NHWC in and out.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DerivedWeight } from './derived-weight';
import { filterGradientNHWC } from './filter-gradient';
import { cached, type Layer, type NamedParam } from './layer';
import { columnSum } from './reductions';

/** Filter row (or column) k(a, t) of phase a at 3x3 tap t, or -1 for none. */
const TAP = [
  [3, 1, -1],
  [-1, 2, 0],
] as const;

const SAME: [[number, number], [number, number], [number, number], [number, number]] = [
  [0, 0],
  [1, 1],
  [1, 1],
  [0, 0],
];

export class PhaseTransposedConvolution implements Layer {
  readonly kind = 'TransposedConvolution';
  readonly stride = 2;
  readonly pad = 1;
  readonly params: ReadonlyMap<string, tf.Variable>;
  readonly grads = new Map<string, tf.Tensor>();
  readonly state: ReadonlyMap<string, tf.Variable> = new Map();
  /** The 3x3 phase filter F made from W, made again only when W changes. */
  private readonly phaseFilter: DerivedWeight<tf.Tensor4D>;
  private x: tf.Tensor4D | null = null;

  constructor(
    readonly W: NamedParam,
    readonly b: NamedParam,
  ) {
    const [kh, kw, out] = W.value.shape;
    if (W.value.rank !== 4 || kh !== 4 || kw !== 4)
      throw new Error(
        `PhaseTransposedConvolution ${W.name} must be [4, 4, C_out, C_in], got [${W.value.shape}]`,
      );
    if (b.value.rank !== 1 || b.value.shape[0] !== out)
      throw new Error(
        `PhaseTransposedConvolution ${b.name} must be [${out}], got [${b.value.shape}]`,
      );
    this.params = new Map([
      [W.name, W.value],
      [b.name, b.value],
    ]);
    this.phaseFilter = new DerivedWeight((K) => phaseFilterOf(K as tf.Tensor4D));
    // Made now, so the tensors a net holds are all there from its construction on.
    this.phaseFilter.of(W.value);
  }

  /** Output [H, W] for an input of [h, w]. */
  outputSize(h: number, w: number): [number, number] {
    return [2 * h, 2 * w];
  }

  forward(x: tf.Tensor): tf.Tensor {
    const [, , out, inC] = this.W.value.shape;
    if (x.rank !== 4 || x.shape[3] !== inC)
      throw new Error(
        `TransposedConvolution ${this.W.name} expects [N, H, W, ${inC}], got [${x.shape}]`,
      );
    const x4 = x as tf.Tensor4D;
    this.x = x4;
    const phases = tf.conv2d(x4, this.phaseFilter.of(this.W.value), 1, SAME);
    const [n, h, w] = x4.shape;
    // depth-to-space: channel (a·2 + b)·C_out + c of pixel (i, j) goes to (2i + a, 2j + b).
    const y = tf.reshape(
      tf.transpose(tf.reshape(phases, [n, h, w, 2, 2, out]), [0, 1, 3, 2, 4, 5]),
      [n, 2 * h, 2 * w, out],
    );
    return tf.add(y, this.b.value);
  }

  backward(dout: tf.Tensor): tf.Tensor {
    this.backwardParams(dout);
    return tf.conv2d(dout as tf.Tensor4D, this.W.value as tf.Tensor4D, 2, SAME);
  }

  backwardParams(dout: tf.Tensor): void {
    const x = cached(this.x, this.kind, 'input');
    const out = this.W.value.shape[2] as number;
    if (dout.rank !== 4 || dout.shape[1] !== 2 * x.shape[1] || dout.shape[2] !== 2 * x.shape[2])
      throw new Error(
        `TransposedConvolution ${this.W.name}: dout [${dout.shape}] does not match the output of [${x.shape}]`,
      );
    const d = dout as tf.Tensor4D;
    this.grads.set(this.b.name, columnSum(tf.reshape(d, [-1, out])));
    this.grads.set(this.W.name, filterGradientNHWC(d, x, 4, 4, 2, 1));
  }

  dispose(): void {
    this.W.value.dispose();
    this.b.value.dispose();
    this.phaseFilter.dispose();
  }
}

/**
 * F [3, 3, C_in, 4·C_out] from K [4, 4, C_out, C_in]: F[t_y, t_x, c, (a·2 + b)·C_out + o] =
 * K[k(a, t_y), k(b, t_x), o, c], or 0 where a phase has no tap. Built from whole [C_in, C_out]
 * blocks (one per tap, and a zero block) laid out as [(t_y, t_x), (a, b), C_in, C_out], then one
 * transpose puts C_in before the phases: ~2 ms a step where an element-wise gather took ~20.
 */
function phaseFilterOf(K: tf.Tensor4D): tf.Tensor4D {
  const [, , out, inC] = K.shape;
  const taps = tf.reshape(tf.transpose(K, [0, 1, 3, 2]), [16, inC * out]); // tap-major [C_in, C_out]
  const zero = tf.zeros([1, inC * out]);
  const block = (ky: number, kx: number) =>
    ky < 0 || kx < 0 ? zero : tf.slice(taps, [ky * 4 + kx, 0], [1, inC * out]);
  const blocks: tf.Tensor[] = [];
  for (let ty = 0; ty < 3; ty++)
    for (let tx = 0; tx < 3; tx++)
      for (let a = 0; a < 2; a++)
        for (let b = 0; b < 2; b++) blocks.push(block(TAP[a][ty], TAP[b][tx]));
  const byPhase = tf.reshape(tf.concat(blocks, 0), [9, 4, inC, out]);
  return tf.reshape(tf.transpose(byPhase, [0, 2, 1, 3]), [3, 3, inC, 4 * out]) as tf.Tensor4D;
}
