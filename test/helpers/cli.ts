/** Running the headless CLI as a user does (node with tsx's loader), shared by the CLI tests. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** The repository root, wherever the clone is (CI clones to a fresh folder). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/**
 * Node with tsx's loader in the same process, as `npm run cli` runs it: the tsx wrapper
 * process would SIGKILL the CLI when a Ctrl-C lands while its event loop is busy.
 */
const NODE_ARGS = ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')];

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run `tsx src/cli/main.ts ...args` and collect its exit code and output. With
 * `interruptWhen`, a Ctrl-C (SIGINT) is sent the first time stderr matches it, as a user
 * would press it on seeing that line.
 */
export function cli(
  args: string[],
  timeoutMs = 60_000,
  { interruptWhen }: { interruptWhen?: RegExp } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_ARGS, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
    });
    let interrupted = false;
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
      if (interruptWhen && !interrupted && interruptWhen.test(stderr)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cli ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The non-blank lines of an output. */
export function lines(s: string): string[] {
  return s.split(/\r?\n/).filter((l) => l.trim() !== '');
}

/** The last line of an output, parsed as a JSON object. */
export function lastJson(s: string): Record<string, unknown> {
  const all = lines(s);
  expect(all.length).toBeGreaterThan(0);
  const parsed: unknown = JSON.parse(all[all.length - 1]);
  expect(typeof parsed).toBe('object');
  return parsed as Record<string, unknown>;
}
