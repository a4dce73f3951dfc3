/**
 * The backend choice by measurement, shared by the trainer, vision and agent workers: for the
 * net about to train, time a few steps on each backend that can run it and take the faster, so
 * a slow WebGPU path on some GPU can never make training slower than wasm.
 *
 * Who competes: webgpu when the adapter is hardware (a software fallback such as SwiftShader is
 * skipped without measuring: it runs our nets 60-200x slower than wasm), and wasm; cpu only when
 * neither starts. Callers may name other candidates (the agent times wasm against cpu). With one
 * candidate there is nothing to measure. With several and no net yet, the first runs for now and
 * the choice says that each net is timed before it trains. Choices are cached per net and
 * device (backend-choice-cache.ts); a forced request (`?backend=`) is never measured.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  type AdapterReport,
  type BackendChoice,
  type BackendName,
  type BackendRequest,
  type ChooseBackendOptions,
  chooseBackend,
  defaultGpu,
  probeAdapter,
} from './backend';
import {
  type BackendChoiceCache,
  type CachedChoice,
  type CachedTiming,
  choiceKey,
  defaultChoiceCache,
} from './backend-choice-cache';
import {
  type StepTiming,
  type StepTimingOptions,
  type StepWorkload,
  timeWorkload,
} from './step-timing';

export interface MeasuredChoice extends BackendChoice {
  /** The timings behind the choice, fastest first (absent when nothing was measured). */
  timings?: CachedTiming[];
  /** True when the timings came from the cache. */
  cached?: boolean;
  /** True when several backends compete and no net has been timed yet. */
  provisional?: boolean;
}

export interface MeasuredChoiceOptions extends Omit<ChooseBackendOptions, 'request'> {
  request?: BackendRequest;
  /** The net about to train; without one, several candidates give a provisional choice. */
  workload?: StepWorkload;
  /** The backends that compete, best guess first (default: webgpu on hardware, and wasm). */
  candidates?: (adapter: AdapterReport | null) => BackendName[];
  /** Started when no candidate starts ('cpu'; null: none). */
  lastResort?: BackendName | null;
  /** Where choices are kept (default: IndexedDB where it exists, else memory; null: none). */
  cache?: BackendChoiceCache | null;
  timing?: StepTimingOptions;
  /** Times the workload on the active backend (tests pass fake timings). */
  time?: (workload: StepWorkload, backend: BackendName) => Promise<StepTiming>;
  /** Makes a backend active or throws (tests pass a fake). */
  start?: (backend: BackendName) => Promise<void>;
  /** A sentence added to a measured reason. */
  note?: string;
}

let sharedCache: BackendChoiceCache | null = null;

/** webgpu only on a hardware adapter, then wasm. */
export function defaultCandidates(adapter: AdapterReport | null): BackendName[] {
  return adapter && !adapter.isFallbackAdapter ? ['webgpu', 'wasm'] : ['wasm'];
}

function adapterText(adapter: AdapterReport | null): string {
  if (!adapter) return '';
  return (
    [adapter.vendor, adapter.architecture].filter(Boolean).join(' ') ||
    adapter.description ||
    'unnamed adapter'
  );
}

/** Why webgpu is not among the candidates, or '' when it is. */
function webgpuLeftOut(
  adapter: AdapterReport | null,
  hasGpu: boolean,
  candidates: BackendName[],
): string {
  if (candidates.includes('webgpu')) return '';
  if (adapter?.isFallbackAdapter)
    return `the WebGPU adapter is a software fallback (${adapter.architecture || adapter.vendor || 'unnamed'}), far slower than wasm: skipped without measuring`;
  if (adapter) return 'webgpu only when forced';
  return hasGpu ? 'WebGPU gave no adapter' : 'WebGPU is not available here';
}

export function formatMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

/** "wasm chosen by measurement: 12 ms/step against webgpu 40 ms/step (nvidia ampere), ..." */
export function measuredReason(
  measured: CachedChoice,
  adapter: AdapterReport | null,
  label: string,
  extra: { cached: boolean; note?: string; failures?: string[] },
): string {
  const [best, ...others] = measured.timings;
  const named = (t: CachedTiming) =>
    `${t.backend} ${formatMs(t.msPerStep)} ms/step${t.backend === 'webgpu' && adapter ? ` (${adapterText(adapter)})` : ''}`;
  const against = others.length ? ` against ${others.map(named).join(' and ')}` : '';
  const when = extra.cached
    ? ` (measured ${measured.measuredAt.slice(0, 10)}, kept for this device)`
    : '';
  return [
    `${best.backend} chosen by measurement: ${formatMs(best.msPerStep)} ms/step${best.backend === 'webgpu' && adapter ? ` (${adapterText(adapter)})` : ''}${against}, timed on ${label}${when}`,
    ...(extra.failures ?? []),
    ...(extra.note ? [extra.note] : []),
  ].join('; ');
}

/** Choose (or force) a backend as described above, make it active and say why. */
export async function chooseMeasuredBackend(
  opts: MeasuredChoiceOptions = {},
): Promise<MeasuredChoice> {
  const request = opts.request ?? 'auto';
  const gpu = opts.gpu === undefined ? defaultGpu() : opts.gpu;
  if (request !== 'auto') return chooseBackend({ ...opts, request, gpu });

  const adapter = await probeAdapter(gpu, opts.timeoutMs ?? 20_000);
  const candidates = (opts.candidates ?? defaultCandidates)(adapter);
  const start =
    opts.start ??
    (async (name: BackendName) => {
      const c = await chooseBackend({ ...opts, request: name, gpu: null });
      if (!c.forced || c.backend !== name) throw new Error(c.reason);
      // The cpu backend greets Node users on its first write with a multi-line banner; a
      // measurement is not a use worth announcing (the CLI keeps stderr to its own lines).
      const b = tf.backend() as unknown as { firstUse?: boolean };
      if (name === 'cpu' && b.firstUse === true) b.firstUse = false;
    });
  const failures: string[] = [];
  const started: BackendName[] = [];
  for (const name of candidates) {
    try {
      await start(name);
      started.push(name);
    } catch (e) {
      failures.push(`${name} failed (${(e as Error).message})`);
    }
  }
  const leftOut = webgpuLeftOut(adapter, gpu !== null, candidates);
  const choice = (backend: BackendName, reason: string, more: Partial<MeasuredChoice> = {}) => ({
    backend,
    reason,
    forced: false,
    adapter,
    ...more,
  });

  if (started.length === 0) {
    const last = opts.lastResort === undefined ? 'cpu' : opts.lastResort;
    if (last && !candidates.includes(last)) {
      try {
        await start(last);
        return choice(last, [...failures, `${last} chosen as the last resort`].join('; '));
      } catch (e) {
        failures.push(`${last} failed (${(e as Error).message})`);
      }
    }
    throw new Error(`No tfjs backend could start: ${failures.join('; ')}`);
  }
  if (started.length === 1) {
    const only = started[0];
    await start(only);
    const why = leftOut || (failures.length ? `${failures.join('; ')}` : `the only candidate`);
    return choice(only, `${only} chosen: ${why}`);
  }
  if (!opts.workload) {
    const first = started[0];
    await start(first);
    const gpuText = adapter && started.includes('webgpu') ? ` (${adapterText(adapter)})` : '';
    return choice(
      first,
      `${first} for now: ${started.join(' and ')}${gpuText} are timed on each net before it trains, and the faster runs it`,
      { provisional: true },
    );
  }

  const workload = opts.workload;
  if (opts.cache === undefined) sharedCache ??= defaultChoiceCache();
  const cache = opts.cache === undefined ? sharedCache : opts.cache;
  const key = choiceKey(adapter, started, workload.key);
  const kept = await cache?.get(key).catch(() => undefined);
  if (kept && started.includes(kept.backend)) {
    await start(kept.backend);
    return choice(
      kept.backend,
      measuredReason(kept, adapter, workload.label, { cached: true, note: opts.note }),
      { timings: kept.timings, cached: true },
    );
  }
  const time = opts.time ?? ((w: StepWorkload) => timeWorkload(w, opts.timing));
  const timings: CachedTiming[] = [];
  for (const name of started) {
    try {
      await start(name);
      const t = await time(workload, name);
      if (!Number.isFinite(t.msPerStep)) throw new Error(`timing gave ${t.msPerStep}`);
      timings.push({ backend: name, msPerStep: t.msPerStep, firstStepMs: t.firstStepMs });
    } catch (e) {
      failures.push(`${name} failed on ${workload.label} (${(e as Error).message})`);
    }
  }
  if (timings.length === 0) throw new Error(`No tfjs backend could train: ${failures.join('; ')}`);
  // Ties go to the earlier candidate (sort is stable).
  timings.sort((a, b) => a.msPerStep - b.msPerStep);
  const measured: CachedChoice = {
    backend: timings[0].backend,
    timings,
    measuredAt: new Date().toISOString(),
  };
  await start(measured.backend);
  // A failure is not kept: the next run measures again.
  if (failures.length === 0) await cache?.set(key, measured).catch(() => {});
  return choice(
    measured.backend,
    measuredReason(measured, adapter, workload.label, {
      cached: false,
      note: opts.note,
      failures,
    }),
    { timings, cached: false },
  );
}
