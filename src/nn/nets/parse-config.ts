/**
 * Checking a net configuration that came from outside (a model file, a URL, a worker message):
 * every field present, of the right type, in range. Errors name the field.
 */
import type { InitScheme } from '../init';
import {
  type Activation,
  CONV_PATHS,
  type ConvNetOptions,
  isConvPath,
  isNetKind,
  type MultiLayerNetConfig,
  type NetConfig,
} from './config';

type Json = Record<string, unknown>;

class ConfigError extends Error {
  constructor(field: string, problem: string) {
    super(`net config: ${field} ${problem}`);
    this.name = 'ConfigError';
  }
}

function posInt(o: Json, key: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    throw new ConfigError(key, `must be a positive integer, got ${JSON.stringify(v)}`);
  return v;
}

function nonNegInt(o: Json, key: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    throw new ConfigError(key, `must be an integer >= 0, got ${JSON.stringify(v)}`);
  return v;
}

function ratio(o: Json, key: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !(v >= 0 && v < 1))
    throw new ConfigError(key, `must be a number in [0, 1), got ${JSON.stringify(v)}`);
  return v;
}

function nonNeg(o: Json, key: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v))
    throw new ConfigError(key, `must be a number >= 0, got ${JSON.stringify(v)}`);
  return v;
}

function bool(o: Json, key: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean')
    throw new ConfigError(key, `must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

function activation(o: Json): Activation {
  const v = o.activation;
  if (v !== 'relu' && v !== 'sigmoid' && v !== 'tanh')
    throw new ConfigError('activation', `must be relu, sigmoid or tanh, got ${JSON.stringify(v)}`);
  return v;
}

function init(o: Json): InitScheme {
  const v = o.init;
  if (v === 'he' || v === 'xavier') return v;
  if (typeof v === 'number' && v > 0 && Number.isFinite(v)) return v;
  throw new ConfigError(
    'init',
    `must be "he", "xavier" or a positive std, got ${JSON.stringify(v)}`,
  );
}

function inputShape(o: Json): [number, number, number] {
  const v = o.inputShape;
  if (
    !Array.isArray(v) ||
    v.length !== 3 ||
    !v.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 1)
  ) {
    throw new ConfigError(
      'inputShape',
      `must be [C, H, W] of positive integers, got ${JSON.stringify(v)}`,
    );
  }
  return [v[0], v[1], v[2]];
}

function hiddenSizes(o: Json): number[] {
  const v = o.hiddenSizes;
  if (
    !Array.isArray(v) ||
    v.length < 1 ||
    v.length > 64 ||
    !v.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 1)
  ) {
    throw new ConfigError(
      'hiddenSizes',
      `must be a list of 1 to 64 positive integers, got ${JSON.stringify(v)}`,
    );
  }
  return [...v];
}

/** Optional: model files written before the option existed lack it (and get the default). */
function convNetOptions(o: Json): ConvNetOptions {
  const v = o.convPath;
  if (v === undefined) return {};
  if (!isConvPath(v))
    throw new ConfigError(
      'convPath',
      `must be ${CONV_PATHS.join(' or ')}, got ${JSON.stringify(v)}`,
    );
  return { convPath: v };
}

/** The fields MultiLayerNet and MultiLayerNetExtend share. */
function multiLayerFields(o: Json): Omit<MultiLayerNetConfig, 'kind'> {
  return {
    inputSize: posInt(o, 'inputSize'),
    hiddenSizes: hiddenSizes(o),
    outputSize: posInt(o, 'outputSize'),
    activation: activation(o),
    init: init(o),
    weightDecay: nonNeg(o, 'weightDecay'),
  };
}

/** No net of this app comes near this; a config asking for more is damaged or hostile. */
export const MAX_PARAMETERS = 50_000_000;

/**
 * An upper bound of the trainable values a config asks for, computed before anything is
 * allocated (conv outputs bounded by the input size, which padding can only grow slightly).
 */
function parameterBound(c: NetConfig): number {
  switch (c.kind) {
    case 'two-layer':
      return (c.inputSize + 1) * c.hiddenSize + (c.hiddenSize + 1) * c.outputSize;
    case 'multi-layer':
    case 'multi-layer-extend': {
      const sizes = [c.inputSize, ...c.hiddenSizes, c.outputSize];
      let n = 0;
      for (let i = 1; i < sizes.length; i++) n += (sizes[i - 1] + 3) * sizes[i];
      return n;
    }
    case 'simple-conv': {
      const [ch, h, w] = c.inputShape;
      const conv = c.filterNum * (ch * c.filterSize * c.filterSize + 1);
      const flat = c.filterNum * (h + 2 * c.pad) * (w + 2 * c.pad);
      return conv + (flat + 1) * c.hiddenSize + (c.hiddenSize + 1) * c.outputSize;
    }
    case 'deep-conv': {
      const [ch, h, w] = c.inputShape;
      return ch * 9 * 16 + 64 * (h + 8) * (w + 8) * c.hiddenSize + 100_000;
    }
  }
}

/** Validate `value` as a NetConfig, returning a clean copy (unknown fields dropped). */
export function parseNetConfig(value: unknown): NetConfig {
  const config = parseFields(value);
  const bound = parameterBound(config);
  if (bound > MAX_PARAMETERS) {
    throw new Error(
      `net config: too large (up to ${bound.toExponential(2)} parameters; the limit is ${MAX_PARAMETERS.toExponential(0)})`,
    );
  }
  return config;
}

function parseFields(value: unknown): NetConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error('net config must be an object');
  const o = value as Json;
  const kind = o.kind;
  if (typeof kind !== 'string' || !isNetKind(kind))
    throw new ConfigError('kind', `is not a known net: ${JSON.stringify(kind)}`);
  switch (kind) {
    case 'two-layer':
      return {
        kind,
        inputSize: posInt(o, 'inputSize'),
        hiddenSize: posInt(o, 'hiddenSize'),
        outputSize: posInt(o, 'outputSize'),
        activation: activation(o),
        init: init(o),
      };
    case 'multi-layer':
      return { kind, ...multiLayerFields(o) };
    case 'multi-layer-extend':
      return {
        kind,
        ...multiLayerFields(o),
        batchNorm: bool(o, 'batchNorm'),
        dropoutRatio: ratio(o, 'dropoutRatio'),
      };
    case 'simple-conv':
      return {
        kind,
        inputShape: inputShape(o),
        filterNum: posInt(o, 'filterNum'),
        filterSize: posInt(o, 'filterSize'),
        pad: nonNegInt(o, 'pad'),
        stride: posInt(o, 'stride'),
        hiddenSize: posInt(o, 'hiddenSize'),
        outputSize: posInt(o, 'outputSize'),
        init: init(o),
        weightDecay: nonNeg(o, 'weightDecay'),
        ...convNetOptions(o),
      };
    case 'deep-conv':
      return {
        kind,
        inputShape: inputShape(o),
        hiddenSize: posInt(o, 'hiddenSize'),
        outputSize: posInt(o, 'outputSize'),
        dropoutRatio: ratio(o, 'dropoutRatio'),
        weightDecay: nonNeg(o, 'weightDecay'),
        ...convNetOptions(o),
      };
  }
}
