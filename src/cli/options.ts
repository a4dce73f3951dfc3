/** Parsing helpers shared by the commands: each turns a bad value into a UsageError. */
import { type BackendRequest, isBackendName } from '../nn/backend';
import type { ConvPath } from '../nn/layers/convolution';
import { isNetKind, NET_KINDS, type NetKind } from '../nn/nets/config';
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

export function backendOption(value: string | undefined): BackendRequest {
  if (value === undefined || value === 'auto') return 'auto';
  if (!isBackendName(value))
    throw new UsageError(`--backend must be wasm, cpu, webgpu or auto, got "${value}"`);
  return value;
}

export function convPathOption(value: string | undefined): ConvPath {
  if (value === undefined) return 'kernels';
  if (value !== 'kernels' && value !== 'im2col')
    throw new UsageError(`--conv-path must be kernels or im2col, got "${value}"`);
  return value;
}

/** --net, required, one of the book's nets. */
export function netKindOption(value: string | undefined): NetKind {
  if (!value) throw new UsageError('--net is required');
  if (!isNetKind(value))
    throw new UsageError(`--net must be one of ${NET_KINDS.join(', ')}, got "${value}"`);
  return value;
}
