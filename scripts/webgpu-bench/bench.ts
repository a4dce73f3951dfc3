/**
 * Our training on the webgpu backend (Dawn in Node, through the `webgpu` npm package) beside
 * wasm, on one machine: MLP, SimpleConvNet, DeepConvNet (batch 100, SGD) and the CartPole DQN.
 * One JSON line per (backend, net), then a table and the webgpu/wasm ratios. See README.md.
 *
 *   node bench.mjs [--backends webgpu,wasm] [--nets mlp,simple-conv,deep-conv,dqn]
 *                  [--seconds 5] [--min-steps 5] [--max-first-step 120] [--dw] [--dw-reps 3]
 *                  [--profile] [--dawn backend=vulkan] [--allow-fallback]
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import {
  type AdapterReport,
  type BackendName,
  chooseBackend,
  defaultGpu,
  probeAdapter,
} from '../../src/nn/backend';
import { timeDw } from './dw';
import { installWebGpu } from './gpu';
import { profileStep } from './profile';
import {
  type Budget,
  NETS,
  type NetResult,
  type SupervisedNet,
  timeDqn,
  timeNet,
  workloadOf,
} from './workloads';

type Line = Record<string, unknown>;

function print(line: Line): void {
  console.log(JSON.stringify(line, (_k, v) => (typeof v === 'number' ? round(v) : v)));
}

function round(v: number): number {
  if (!Number.isFinite(v) || Number.isInteger(v)) return v;
  return Math.abs(v) >= 100 ? Math.round(v) : Number(v.toPrecision(3));
}

/** The wasm binaries beside the bundle (the tarball), else the package's own. */
function wasmPaths(): Record<string, string> | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  const names = [
    'tfjs-backend-wasm.wasm',
    'tfjs-backend-wasm-simd.wasm',
    'tfjs-backend-wasm-threaded-simd.wasm',
  ];
  if (!names.every((n) => existsSync(join(here, n)))) return undefined;
  return Object.fromEntries(names.map((n) => [n, join(here, n)]));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      backends: { type: 'string', default: 'webgpu,wasm' },
      nets: { type: 'string', default: NETS.join(',') },
      seconds: { type: 'string', default: '5' },
      'min-steps': { type: 'string', default: '5' },
      'max-first-step': { type: 'string', default: '120' },
      dw: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      'dw-reps': { type: 'string', default: '3' },
      dawn: { type: 'string', multiple: true, default: [] },
      'allow-fallback': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const backends = values.backends.split(',') as BackendName[];
  const nets = values.nets.split(',');
  for (const n of nets)
    if (!(NETS as readonly string[]).includes(n))
      throw new Error(`--nets: "${n}" is not one of ${NETS.join(', ')}`);
  const budget: Budget = {
    seconds: Number(values.seconds),
    minSteps: Number(values['min-steps']),
    maxFirstStepSeconds: Number(values['max-first-step']),
  };

  const dawn = await installWebGpu(values.dawn);
  const adapter: AdapterReport | null = dawn.ok ? await probeAdapter(defaultGpu(), 20_000) : null;
  print({
    bench: 'machine',
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    dawn: dawn.ok ? dawn.from : dawn.why,
    dawnOptions: values.dawn,
    adapter,
    vulkanIcd: process.env.VK_ICD_FILENAMES ?? null,
  });
  const results: Array<Line & { backend: string; net: string }> = [];
  for (const backend of backends) {
    if (backend === 'webgpu') {
      if (!adapter) {
        print({
          bench: 'skip',
          backend,
          why: dawn.ok ? 'Dawn found no adapter (see README: Vulkan)' : dawn.why,
        });
        continue;
      }
      if (adapter.isFallbackAdapter && !values['allow-fallback']) {
        print({
          bench: 'skip',
          backend,
          why: `software adapter (${adapter.architecture}): pass --allow-fallback to time it anyway`,
        });
        continue;
      }
    }
    const choice = await chooseBackend({ request: backend, gpu: null, wasmPaths: wasmPaths() });
    if (choice.backend !== backend) {
      print({ bench: 'skip', backend, why: choice.reason });
      continue;
    }
    for (const net of nets) {
      let r: NetResult | Awaited<ReturnType<typeof timeDqn>>;
      try {
        r = net === 'dqn' ? await timeDqn(budget) : await timeNet(net as SupervisedNet, budget);
      } catch (e) {
        const error = (e as Error).message;
        const why = /OffscreenCanvas/.test(error)
          ? 'the DQN reads each action and loss back synchronously (dataSync), which tfjs-webgpu does through an OffscreenCanvas that Node lacks (browsers have it); dqn-net times its Q-net instead'
          : undefined;
        print({ bench: 'error', backend, net, error, why });
        continue;
      }
      const line = { bench: 'train', backend, ...r };
      results.push(line);
      print(line);
      if (values.profile && net !== 'dqn')
        for (const k of await profileStep(workloadOf(net as SupervisedNet), 8))
          print({ bench: 'profile', backend, net, ...k });
    }
    if (values.dw)
      for (const d of await timeDw(Number(values['dw-reps'])))
        print({ bench: 'dw', backend, ...d });
  }
  summarize(results);
  tf.disposeVariables();
}

/** A table for people, and webgpu/wasm ratios where both ran. */
function summarize(results: Array<Line & { backend: string; net: string }>): void {
  const rows = results.map((r) => [
    r.backend,
    r.net,
    fmt(r.msPerStep, 2),
    fmt(r.net === 'dqn' ? r.envStepsPerSecond : r.samplesPerSecond, 0),
    fmt(r.firstStepMs, 0),
    fmt(r.compileMs, 0),
    fmt(r.readbacksPerStep, 2),
    String(r.pipelinesCompiled ?? ''),
  ]);
  const head = [
    'backend',
    'net',
    'ms/step',
    'samples/s (dqn: env steps/s)',
    'first step ms',
    'compile ms',
    'readbacks/step',
    'shaders',
  ];
  console.log('');
  console.log(head.join(' | '));
  for (const row of rows) console.log(row.join(' | '));
  for (const net of new Set(results.map((r) => r.net))) {
    const gpu = results.find((r) => r.net === net && r.backend === 'webgpu');
    const wasm = results.find((r) => r.net === net && r.backend === 'wasm');
    if (typeof gpu?.msPerStep === 'number' && typeof wasm?.msPerStep === 'number')
      print({
        bench: 'ratio',
        net,
        wasmMsOverWebgpuMs: wasm.msPerStep / gpu.msPerStep,
        faster: wasm.msPerStep > gpu.msPerStep ? 'webgpu' : 'wasm',
      });
  }
}

function fmt(v: unknown, digits: number): string {
  return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '-';
}

main().catch((e: unknown) => {
  console.error((e as Error).stack ?? String(e));
  process.exit(1);
});
