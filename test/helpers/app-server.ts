/**
 * The built app for the end-to-end tests: built once per version of its sources and shared by
 * every e2e file (a Vite build costs tens of seconds on two cores; eleven files used to build
 * it eleven times), then served on 127.0.0.1 by a preview server of each file's own.
 *
 * The build lands in test-results/app-<hash of the inputs>; the first file to need it builds
 * into a temporary folder under a lock (mkdir is atomic) and renames it into place, the others
 * wait for it.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { build, type PreviewServer, preview } from 'vite';
import { ROOT } from './cli';

/** What the app is built from. */
const INPUTS = [
  'src',
  'workers',
  'envs',
  'models',
  'index.html',
  'vite.config.ts',
  'package-lock.json',
];

function hashInputs(): string {
  const hash = createHash('sha256');
  const walk = (path: string) => {
    const full = join(ROOT, path);
    if (!existsSync(full)) return;
    if (statSync(full).isDirectory()) {
      for (const name of readdirSync(full).sort()) walk(join(path, name));
      return;
    }
    hash.update(path);
    hash.update(readFileSync(full));
  };
  for (const input of INPUTS) walk(input);
  return hash.digest('hex').slice(0, 16);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The folder holding the build of the current sources, building it if nobody has. */
async function sharedBuild(): Promise<string> {
  const dir = join(ROOT, 'test-results', `app-${hashInputs()}`);
  const lock = `${dir}.lock`;
  const deadline = Date.now() + 600_000;
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  while (!existsSync(join(dir, 'index.html'))) {
    let mine = false;
    try {
      mkdirSync(lock);
      mine = true;
    } catch {
      // Another test file is building it.
    }
    if (mine) {
      try {
        const tmp = `${dir}.tmp-${process.pid}`;
        await build({ root: ROOT, logLevel: 'warn', build: { outDir: tmp, emptyOutDir: true } });
        rmSync(dir, { recursive: true, force: true });
        renameSync(tmp, dir);
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
      break;
    }
    if (Date.now() > deadline)
      throw new Error(`the app build in ${dir} did not appear (stale ${lock}?)`);
    await sleep(500);
  }
  return dir;
}

export interface AppServer {
  /** The app's URL, ending in "/". */
  base: string;
  close(): Promise<void>;
}

export async function serveApp(): Promise<AppServer> {
  const outDir = await sharedBuild();
  const server: PreviewServer = await preview({
    root: ROOT,
    build: { outDir },
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
  });
  return {
    base: server.resolvedUrls?.local[0] ?? '',
    close: () => new Promise<void>((r) => server.httpServer.close(() => r())),
  };
}
