import type { InitScheme } from '../init';

export type Activation = 'relu' | 'sigmoid' | 'tanh';

/** Ch. 4/5: Affine - activation - Affine - Softmax (ch. 4 uses sigmoid, ch. 5 ReLU). */
export interface TwoLayerNetConfig {
  kind: 'two-layer';
  inputSize: number;
  hiddenSize: number;
  outputSize: number;
  activation: Activation;
  init: InitScheme;
}

/** Ch. 6: any number of fully connected hidden layers. */
export interface MultiLayerNetConfig {
  kind: 'multi-layer';
  inputSize: number;
  hiddenSizes: number[];
  outputSize: number;
  activation: Activation;
  init: InitScheme;
  /** L2 weight decay λ: loss += 0.5·λ·ΣW². */
  weightDecay: number;
}

/** Ch. 6: MultiLayerNet with batch normalization and dropout. */
export interface MultiLayerNetExtendConfig extends Omit<MultiLayerNetConfig, 'kind'> {
  kind: 'multi-layer-extend';
  batchNorm: boolean;
  /** 0 turns dropout off. */
  dropoutRatio: number;
}

/**
 * How a conv net computes its convolutions and poolings (conv-stack.ts lists the layers):
 * - 'im2col': the book's Convolution and Pooling (ch. 7.4), im2col then one matrix product,
 *   all in NCHW. Readable: the reference.
 * - 'kernels': KernelConvolution and KernelPooling, the same math through the backend's conv2d
 *   and pooling kernels, the conv/pool stack held in NHWC. Several times faster on wasm; tests
 *   hold both equal, and the weights mean the same on either path.
 */
export type ConvPath = 'im2col' | 'kernels';
export const CONV_PATHS: readonly ConvPath[] = ['im2col', 'kernels'];
/** What a conv net without a `convPath` option (every model file before it existed) uses. */
export const DEFAULT_CONV_PATH: ConvPath = 'kernels';

export function isConvPath(s: unknown): s is ConvPath {
  return (CONV_PATHS as readonly unknown[]).includes(s);
}

/** Options of both conv nets that change how they compute, not what (weights stay the same). */
export interface ConvNetOptions {
  /** Absent: DEFAULT_CONV_PATH. */
  convPath?: ConvPath;
}

/** Ch. 7: conv - relu - pool - affine - relu - affine - softmax. */
export interface SimpleConvNetConfig extends ConvNetOptions {
  kind: 'simple-conv';
  /** [C, H, W] */
  inputShape: [number, number, number];
  filterNum: number;
  filterSize: number;
  pad: number;
  stride: number;
  hiddenSize: number;
  outputSize: number;
  init: InitScheme;
  weightDecay: number;
}

/** Ch. 8: six 3x3 convolutions (16,16,32,32,64,64) with pools, affine 50, dropout, affine 10. */
export interface DeepConvNetConfig extends ConvNetOptions {
  kind: 'deep-conv';
  inputShape: [number, number, number];
  hiddenSize: number;
  outputSize: number;
  dropoutRatio: number;
  weightDecay: number;
}

export type NetConfig =
  | TwoLayerNetConfig
  | MultiLayerNetConfig
  | MultiLayerNetExtendConfig
  | SimpleConvNetConfig
  | DeepConvNetConfig;

export type NetKind = NetConfig['kind'];
export const NET_KINDS: readonly NetKind[] = [
  'two-layer',
  'multi-layer',
  'multi-layer-extend',
  'simple-conv',
  'deep-conv',
];

export function isNetKind(s: string): s is NetKind {
  return (NET_KINDS as readonly string[]).includes(s);
}

const MNIST_SHAPE: [number, number, number] = [1, 28, 28];

/** The config of one kind of net: ConfigOf<'simple-conv'> is SimpleConvNetConfig. */
export type ConfigOf<K extends NetKind> = Extract<NetConfig, { kind: K }>;

/** The book's configuration of each net for MNIST. */
export function defaultConfig<K extends NetKind>(kind: K): ConfigOf<K> {
  return bookConfig(kind) as ConfigOf<K>;
}

function bookConfig(kind: NetKind): NetConfig {
  switch (kind) {
    case 'two-layer':
      return {
        kind,
        inputSize: 784,
        hiddenSize: 50,
        outputSize: 10,
        activation: 'relu',
        init: 0.01,
      };
    case 'multi-layer':
      return {
        kind,
        inputSize: 784,
        hiddenSizes: [100, 100, 100, 100],
        outputSize: 10,
        activation: 'relu',
        init: 'he',
        weightDecay: 0,
      };
    case 'multi-layer-extend':
      return {
        kind,
        inputSize: 784,
        hiddenSizes: [100, 100, 100, 100, 100],
        outputSize: 10,
        activation: 'relu',
        init: 'he',
        weightDecay: 0,
        batchNorm: true,
        dropoutRatio: 0,
      };
    case 'simple-conv':
      return {
        kind,
        inputShape: MNIST_SHAPE,
        filterNum: 30,
        filterSize: 5,
        pad: 0,
        stride: 1,
        hiddenSize: 100,
        outputSize: 10,
        init: 0.01,
        weightDecay: 0,
      };
    case 'deep-conv':
      return {
        kind,
        inputShape: MNIST_SHAPE,
        hiddenSize: 50,
        outputSize: 10,
        dropoutRatio: 0.5,
        weightDecay: 0,
      };
  }
}
