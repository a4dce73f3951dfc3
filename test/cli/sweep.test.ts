/**
 * Sweeps as a user runs them: scripts/sweep/run-local.sh plans a tiny hyperparameter search,
 * runs its lines with GNU parallel on 2 jobs and collects them (the same trials as
 * `experiment hyperparameter-search`); a failing line is listed and the others still count;
 * and the Kubernetes Indexed Job's pod command, read from the manifest, runs line
 * JOB_COMPLETION_INDEX of a plan, its logs collected from stdin. GNU parallel must be
 * installed (Debian: apt-get install parallel; .ci/run installs it): without it this fails.
 */
import { type SpawnOptions, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cli, lastJson, ROOT } from '../helpers/cli';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end, feeding `input` on stdin. */
function run(cmd: string, args: string[], opts: SpawnOptions & { input?: string } = {}) {
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, ...opts, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
    });
    child.stderr?.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    // A child may exit before it reads its input (a usage error): the write then fails with
    // EPIPE, which must not crash the test worker; the exit code and output are what count.
    child.stdin?.on('error', () => {});
    child.stdin?.end(opts.input ?? '');
  });
}

const SCRIPT = join(ROOT, 'scripts/sweep/run-local.sh');
const SEARCH = ['--trials', '3', '--seed', '4', '--epochs', '3', '--train-size', '200'];

interface Summary {
  sweep: string;
  runs: {
    expected: number | null;
    reported: number;
    failed: Array<{ run: string; index: number | null; reason: string }>;
    nonJsonLines: number;
  };
  ranked: Array<{
    rank: number;
    trial: number;
    lr: number;
    finalValAccuracy: number;
    line: string;
  }>;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sweep-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sweeps on an existing batch system', () => {
  it('GNU parallel is installed (apt-get install parallel)', () => {
    const found = spawnSync('sh', ['-c', 'command -v parallel && parallel --version'], {
      encoding: 'utf8',
    });
    expect(found.status, 'GNU parallel is missing: apt-get install parallel').toBe(0);
    expect(found.stdout).toMatch(/GNU parallel/);
  });

  it('run-local.sh: plan | parallel --jobs 2 | collect gives the trials the search trains', async () => {
    const out = join(dir, 'local');
    const r = await run(SCRIPT, ['--jobs', '2', '--out', out, 'search', ...SEARCH]);
    expect(r.code, r.stderr).toBe(0);
    const summary = lastJson(r.stdout) as unknown as Summary;
    expect(JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'))).toEqual(summary);
    expect(summary.sweep).toBe('search');
    expect(summary.runs).toMatchObject({ expected: 3, reported: 3, failed: [], nonJsonLines: 0 });
    expect(r.stderr).toMatch(/Hyper-Parameter Optimization Result \(3 trials, seed 4/);
    // Two at a time: the second job started before the first ended.
    const jobs = (await readFile(join(out, 'joblog.tsv'), 'utf8'))
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t'))
      .map((c) => ({ seq: Number(c[0]), start: Number(c[2]), took: Number(c[3]), exit: c[6] }))
      .sort((a, b) => a.seq - b.seq);
    expect(jobs.map((j) => j.exit)).toEqual(['0', '0', '0']);
    const [first, second] = jobs as [(typeof jobs)[0], (typeof jobs)[0]];
    expect(second.start).toBeLessThan(first.start + first.took);

    // The in-process search with the same seed and settings: the same trials, the same ranking.
    const file = join(dir, 'search.json');
    const search = await cli([
      'experiment',
      'hyperparameter-search',
      ...SEARCH,
      '--workers',
      '1',
      '--out',
      file,
    ]);
    expect(search.code, search.stderr).toBe(0);
    const result = JSON.parse(await readFile(file, 'utf8')) as {
      trials: Array<{ trial: number; lr: number; finalValAccuracy: number }>;
      best: Array<{ line: string }>;
    };
    for (const t of summary.ranked) {
      const same = result.trials[t.trial];
      expect(t).toMatchObject({ lr: same?.lr, finalValAccuracy: same?.finalValAccuracy });
    }
    expect(summary.ranked.map((t) => t.line)).toEqual(result.best.map((b) => b.line));
  });

  it('a failing line is listed, the others still collected; the pods of the Indexed Job too', async () => {
    const plan = (await readFile(join(dir, 'local', 'plan.txt'), 'utf8')).trim().split('\n');
    // Line 2 fails (exit 2: a wrong --backend); line 1 is a real trial.
    const planFile = join(dir, 'plan-with-failure.txt');
    await writeFile(planFile, `${plan[0]}\n${plan[1]} --backend nope\n`);
    const out = join(dir, 'failing');
    const r = await run(SCRIPT, ['--jobs', '2', '--out', out, '--plan', planFile]);
    expect(r.code, r.stderr).toBe(0);
    const summary = lastJson(r.stdout) as unknown as Summary;
    expect(summary.runs).toMatchObject({
      expected: 2,
      reported: 1,
      failed: [{ run: 'trial 1', index: 1, reason: 'exit 2' }],
    });
    expect(summary.ranked.map((t) => t.trial)).toEqual([0]);
    expect(r.stderr).toMatch(/parallel: exit status 1/);
    expect(r.stderr).toMatch(/failed: trial 1 \(plan line 2\): exit 2/);

    // The cluster path: the manifest's pod command, run as Kubernetes runs it for each index
    // (completions 3 on a 2-line plan: index 2 has no line), the logs concatenated.
    const manifest = parse(
      await readFile(join(ROOT, 'scripts/sweep/k8s-indexed-job.yaml'), 'utf8'),
    ) as {
      apiVersion: string;
      kind: string;
      spec: {
        completionMode: string;
        completions: number;
        parallelism: number;
        template: {
          spec: {
            restartPolicy: string;
            containers: Array<{
              workingDir: string;
              command: string[];
              env: Array<{ name: string; value: string }>;
              volumeMounts: Array<{ name: string; mountPath: string }>;
            }>;
            volumes: Array<{ name: string; configMap: { name: string } }>;
          };
        };
      };
    };
    expect(manifest).toMatchObject({
      apiVersion: 'batch/v1',
      kind: 'Job',
      spec: { completionMode: 'Indexed', template: { spec: { restartPolicy: 'Never' } } },
    });
    expect(Number.isInteger(manifest.spec.completions)).toBe(true);
    expect(Number.isInteger(manifest.spec.parallelism)).toBe(true);
    const pod = manifest.spec.template.spec;
    const container = pod.containers[0] as (typeof pod.containers)[0];
    const planPath = container.env.find((e) => e.name === 'PLAN_FILE')?.value as string;
    // The ConfigMap of `kubectl create configmap sweep-plan --from-file=plan.txt`, mounted
    // where PLAN_FILE points, in the folder the Dockerfile puts the repository.
    expect(basename(planPath)).toBe('plan.txt');
    const mount = container.volumeMounts.find((m) => m.mountPath === dirname(planPath));
    expect(pod.volumes.find((v) => v.name === mount?.name)?.configMap.name).toBe('sweep-plan');
    const dockerfile = await readFile(join(ROOT, 'scripts/sweep/Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20-slim$/m);
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(dockerfile).toContain(`WORKDIR ${container.workingDir}\n`);

    const [shell, ...args] = container.command as [string, ...string[]];
    const pods = await Promise.all(
      [0, 1, 2].map((index) =>
        run(shell, args, {
          env: { ...process.env, JOB_COMPLETION_INDEX: String(index), PLAN_FILE: planFile },
        }),
      ),
    );
    expect(pods.map((p) => p.code)).toEqual([0, 2, 1]);
    expect(pods[1]?.stdout).toContain('{"sweepRunFailed":true,"index":1,"exitCode":2}');
    expect(pods[2]?.stderr).toMatch(/no line 3 in .*: completions is larger than the plan/);
    const logs = pods.map((p) => p.stderr + p.stdout).join('');
    const collected = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'sweep', 'collect', '--plan', planFile, '-'],
      { input: logs },
    );
    expect(collected.code, collected.stderr).toBe(0);
    const merged = lastJson(collected.stdout) as unknown as Summary;
    expect(merged.ranked).toEqual(summary.ranked);
    expect(merged.runs.failed).toEqual([
      { run: 'trial 1', index: 1, reason: 'exit 2' },
      { run: 'line 3', index: 2, reason: 'exit 1' },
    ]);
    expect(merged.runs.nonJsonLines).toBeGreaterThan(2);
  });
});
