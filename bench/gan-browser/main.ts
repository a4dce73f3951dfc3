/**
 * How fast does a DCGAN learn in the browser? Issue 14's browser target: recognisable digits
 * (the shipped classifier reads >= 50% of the samples with confidence >= 0.9) within 5
 * minutes of training in the page, on wasm. This opens the "Make digits" studio in headless
 * Chromium, trains a new DCGAN (or --conditional) with the studio's defaults (DCGAN's lr 2e-4,
 * β1 0.5, batch 64) as a user would, scoring every --score-every steps, and reads the curve
 * of the scores the page shows over training seconds (scoring time left out) until
 * --minutes of training have passed.
 *
 *   npm run bench:gan-browser -- [--minutes 5] [--score-every 50] [--batch 64] [--seed 0]
 *                                [--conditional] [--lr 0.0002] [--backend wasm] [--json FILE]
 *
 * Builds the app once (as the e2e tests do) and serves it on 127.0.0.1. Prints a table (steps,
 * training seconds, confident share, coverage, agreement, Fréchet distance) and ends with one
 * JSON line holding the curve and the first time confident share reached 0.5.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import type { ScorePoint } from '../../src/app/vision/gan/gan-live';
import { runInAppPage } from '../app-page-run';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    'score-every': { type: 'string', default: '50' },
    batch: { type: 'string', default: '64' },
    seed: { type: 'string', default: '0' },
    conditional: { type: 'boolean', default: false },
    lr: { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
    json: { type: 'string' },
  },
});
const minutes = Number(values.minutes);
const scoreEvery = Number(values['score-every']);
const batch = Number(values.batch);
const seed = Number(values.seed);
if (!(minutes > 0 && minutes <= 120)) throw new Error('--minutes must be in (0, 120]');
if (!(Number.isInteger(scoreEvery) && scoreEvery >= 1))
  throw new Error('--score-every must be >= 1');
if (!(Number.isInteger(batch) && batch >= 1 && batch <= 256))
  throw new Error('--batch must be in 1..256');
if (!(Number.isInteger(seed) && seed >= 0)) throw new Error('--seed must be an integer >= 0');
// Absent: the studio's own default for the chosen model.
const lr = values.lr === undefined ? null : Number(values.lr);
if (lr !== null && !(lr > 0 && lr <= 0.1)) throw new Error('--lr must be in (0, 0.1]');
if (!['wasm', 'cpu', 'webgpu', 'auto'].includes(values.backend))
  throw new Error('--backend must be wasm, cpu, webgpu or auto');

const TARGET = 0.5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let curve: ScorePoint[] = [];
let status = '';
let backend = '';
let lrUsed = '';
const run = await runInAppPage(`?backend=${values.backend}#vision/gan`, async (page) => {
  const studio = page.locator('.gan-studio');
  const live = page.locator('.gan-live');
  await page.waitForSelector('select[name="ganModel"]', { timeout: 120_000 });
  const choice = values.conditional ? 'new-cgan' : 'new-dcgan';
  await page.selectOption('select[name="ganModel"]', choice);
  await page.waitForFunction(
    (c) => {
      const s = document.querySelector<HTMLElement>('.gan-studio');
      const l = document.querySelector<HTMLElement>('.gan-live');
      return (
        s?.dataset.model === c && s.dataset.modelState === 'ready' && l?.dataset.gridStep === '0'
      );
    },
    choice,
    { timeout: 120_000 },
  );
  for (const [name, value] of [
    ['steps', '100000'],
    ['batch', String(batch)],
    ['seed', String(seed)],
    ['scoreEvery', String(scoreEvery)],
    ...(lr === null ? [] : [['lr', String(lr)]]),
  ])
    await page.fill(`input[name="${name}"]`, value);
  await page.click('[data-action="train-gan"]');
  const deadline = Date.now() + (minutes * 60 + 600) * 1000;
  let lastShown = -1;
  for (;;) {
    await sleep(2000);
    curve = JSON.parse((await live.getAttribute('data-scores')) ?? '[]') as ScorePoint[];
    status = (await page.locator('.lab-status').textContent()) ?? '';
    const run = await studio.getAttribute('data-run');
    if (curve.length !== lastShown) {
      lastShown = curve.length;
      const p = curve[curve.length - 1];
      if (p)
        console.error(
          `step ${p.stepsDone}: ${p.trainingSeconds.toFixed(0)} s training, confident ${p.confidentShare.toFixed(3)}, coverage ${p.coverage.toFixed(3)}`,
        );
      else console.error(status);
    }
    if (run === 'error') throw new Error(`the run failed: ${status}`);
    if ((curve[curve.length - 1]?.trainingSeconds ?? 0) >= minutes * 60) break;
    if (Date.now() > deadline)
      throw new Error(`no ${minutes} minutes of training in time: ${status}`);
  }
  await page.click('[data-action="stop-gan"]');
  backend = (await page.locator('header .chip').textContent()) ?? '';
  lrUsed = await page.inputValue('input[name="lr"]');
});

const reached = curve.find((p) => p.confidentShare >= TARGET) ?? null;
const cell = (x: number | null, digits = 3) => (x === null ? '-' : x.toFixed(digits));
console.log(
  `DCGAN${values.conditional ? ' (conditional)' : ''} in headless Chromium, backend ${backend}, batch ${batch}, lr ${lrUsed}, scored every ${scoreEvery} steps (500 samples each)`,
);
console.log(
  `load average ${run.loadAverage.map((l) => l.toFixed(1)).join(' -> ')} on ${cpus().length} cores`,
);
console.log('steps  train s  confident  coverage  agreement  Fréchet  (real digits)');
for (const p of curve)
  console.log(
    `${String(p.stepsDone).padStart(5)}  ${p.trainingSeconds.toFixed(0).padStart(7)}  ${cell(p.confidentShare).padStart(9)}  ${cell(p.coverage).padStart(8)}  ${cell(p.agreement).padStart(9)}  ${p.frechet.toFixed(1).padStart(7)}  ${p.frechetRealVsReal.toFixed(1).padStart(13)}`,
  );
console.log(
  reached
    ? `confident share >= ${TARGET} first at step ${reached.stepsDone}, after ${reached.trainingSeconds.toFixed(0)} s of training`
    : `confident share never reached ${TARGET} in ${minutes} minutes of training`,
);
const summary = {
  bench: 'gan-browser',
  conditional: values.conditional,
  backend: backend.trim(),
  batch,
  lr: Number(lrUsed),
  seed,
  scoreEvery,
  minutes,
  wallSeconds: run.wallSeconds,
  target: TARGET,
  reachedAt: reached
    ? { step: reached.stepsDone, trainingSeconds: Math.round(reached.trainingSeconds) }
    : null,
  curve: curve.map((p) => ({
    step: p.stepsDone,
    trainingSeconds: Math.round(p.trainingSeconds),
    confidentShare: Number(p.confidentShare.toFixed(4)),
    coverage: Number(p.coverage.toFixed(4)),
    ...(p.agreement !== null ? { agreement: Number(p.agreement.toFixed(4)) } : {}),
    frechet: Number(p.frechet.toFixed(3)),
    frechetRealVsReal: Number(p.frechetRealVsReal.toFixed(3)),
  })),
  loadAverage: run.loadAverage.map((l) => Number(l.toFixed(2))),
  pageErrors: run.pageErrors,
};
if (values.json) writeFileSync(values.json, `${JSON.stringify(summary, null, 2)}\n`);
console.log(JSON.stringify(summary));
