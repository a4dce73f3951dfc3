/** Parsing helpers shared by the commands: each turns a bad value into a UsageError. */
import { type BackendRequest, isBackendName } from '../nn/backend';
import type { ConvPath } from '../nn/layers/convolution';
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
