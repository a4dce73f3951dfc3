/** Parsing helpers shared by the commands: each turns a bad value into a UsageError. */
import { type BackendRequest, isBackendName } from '../nn/backend';
import {
  CONV_PATHS,
  isConvPath,
  isNetKind,
  NET_KINDS,
  type NetConfig,
  type NetKind,
} from '../nn/nets/config';
import { SHIFT_PASSES, type ShiftPasses } from '../vision/detector/shift-ensemble';
import { UsageError } from './errors';

export function intOption(
  value: string | undefined,
  name: string,
  fallback: number,
  min = 1,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} must be an integer >= ${min}, got "${value}"`);
  return n;
}

/** `--passes`: the detector's shift-ensemble passes (1, 2 or 4; default 1). */
export function passesOption(value: string | undefined): ShiftPasses {
  if (value === undefined) return 1;
  const n = Number(value);
  if (!(SHIFT_PASSES as readonly number[]).includes(n))
    throw new UsageError(`--passes must be 1, 2 or 4, got "${value}"`);
  return n as ShiftPasses;
}

export function numberOption(
  value: string | undefined,
  name: string,
  fallback: number,
  check: (n: number) => boolean,
  rule: string,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n))
    throw new UsageError(`--${name} must be ${rule}, got "${value}"`);
  return n;
}

/** A share: a number in 0..1 (`--paper-share`, `--clutter`, `--thin-ink`, a score threshold). */
export function shareOption(value: string | undefined, name: string, fallback: number): number {
  return numberOption(value, name, fallback, (n) => n >= 0 && n <= 1, 'a number in 0..1');
}

export function backendOption(value: string | undefined): BackendRequest {
  if (value === undefined || value === 'auto') return 'auto';
  if (!isBackendName(value))
    throw new UsageError(`--backend must be wasm, cpu, webgpu or auto, got "${value}"`);
  return value;
}

/**
 * --conv-path for `config`: absent leaves the net's default (model files then name no path);
 * refused for nets without convolutions.
 */
export function withConvPathOption(config: NetConfig, value: string | undefined): NetConfig {
  if (value === undefined) return config;
  if (!isConvPath(value))
    throw new UsageError(`--conv-path must be ${CONV_PATHS.join(' or ')}, got "${value}"`);
  if (config.kind !== 'simple-conv' && config.kind !== 'deep-conv')
    throw new UsageError('--conv-path applies to the conv nets (simple-conv, deep-conv)');
  return { ...config, convPath: value };
}

/** --net, required, one of the book's nets. */
export function netKindOption(value: string | undefined): NetKind {
  if (!value) throw new UsageError('--net is required');
  if (!isNetKind(value))
    throw new UsageError(`--net must be one of ${NET_KINDS.join(', ')}, got "${value}"`);
  return value;
}
