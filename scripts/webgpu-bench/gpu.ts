/**
 * WebGPU for Node: `navigator.gpu` from the `webgpu` npm package (Dawn's node bindings), put
 * where tfjs-backend-webgpu looks for it. The package is found beside the bundle
 * (node_modules/webgpu in the tarball), at $WEBGPU_BENCH_DAWN, or as an installed `webgpu`.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface DawnModule {
  create(options: string[]): unknown;
  globals: Record<string, unknown>;
}

function candidates(): string[] {
  const here = dirname(fileURLToPath(import.meta.url));
  const list = [join(here, 'node_modules', 'webgpu', 'index.js')];
  if (process.env.WEBGPU_BENCH_DAWN) list.unshift(process.env.WEBGPU_BENCH_DAWN);
  return list;
}

/** Installs navigator.gpu; returns where Dawn came from, or why there is none. */
export async function installWebGpu(
  dawnOptions: string[],
): Promise<{ ok: true; from: string } | { ok: false; why: string }> {
  let mod: DawnModule | null = null;
  let from = '';
  for (const path of candidates()) {
    if (!existsSync(path)) continue;
    mod = (await import(pathToFileURL(path).href)) as DawnModule;
    from = path;
    break;
  }
  if (!mod) {
    try {
      mod = (await import('webgpu' as string)) as DawnModule;
      from = 'webgpu';
    } catch {
      return {
        ok: false,
        why: 'no `webgpu` package (Dawn): run from the tarball, or set WEBGPU_BENCH_DAWN to its index.js',
      };
    }
  }
  Object.assign(globalThis, mod.globals);
  Object.defineProperty(globalThis, 'navigator', {
    value: { gpu: mod.create(dawnOptions) },
    configurable: true,
    writable: true,
  });
  return { ok: true, from };
}
