/**
 * The import rules of docs/ARCHITECTURE.md, checked on the source itself: every file's imports
 * are read with TypeScript's own parser (static imports, `export ... from`, and `import()` of a
 * string literal), relative paths are resolved to files, and each rule names the file and the
 * import that breaks it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SOURCE = /\.(ts|mts|mjs|js)$/;

/** One import of a file: `to` is a repository path for a relative import, else the package. */
interface Edge {
  from: string;
  specifier: string;
  to: string;
  relative: boolean;
  /** `import type` / `export type`: erased at build time, loads nothing. */
  typeOnly: boolean;
  /** `import('...')`: loaded when the code runs, not when the file is loaded. */
  dynamic: boolean;
}

/** Every source file under the given folders (repository paths, / separated). */
function sourceFiles(...folders: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (SOURCE.test(name)) out.push(relative(ROOT, path).split('\\').join('/'));
    }
  };
  for (const f of folders) walk(join(ROOT, f));
  return out.sort();
}

/** The repository file a relative specifier names ('./x' may be x.ts, x.mjs or x/index.ts). */
function resolveRelative(from: string, specifier: string): string {
  const base = join(dirname(join(ROOT, from)), specifier.replace(/\?.*$/, ''));
  const candidates = [base, `${base}.ts`, `${base}.mjs`, join(base, 'index.ts')];
  const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  return relative(ROOT, hit ?? base)
    .split('\\')
    .join('/');
}

const edgeCache = new Map<string, Edge[]>();

function importsOf(file: string): Edge[] {
  const cached = edgeCache.get(file);
  if (cached) return cached;
  const text = readFileSync(join(ROOT, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const edges: Edge[] = [];
  const add = (specifier: string, typeOnly: boolean, dynamic: boolean): void => {
    const isRelative = specifier.startsWith('.');
    edges.push({
      from: file,
      specifier,
      to: isRelative ? resolveRelative(file, specifier) : specifier,
      relative: isRelative,
      typeOnly,
      dynamic,
    });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.importClause?.isTypeOnly === true, false);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      add(node.moduleSpecifier.text, node.isTypeOnly, false);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments.length > 0 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      add(node.arguments[0].text, false, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  edgeCache.set(file, edges);
  return edges;
}

const inside = (path: string, ...folders: string[]): boolean =>
  folders.some((f) => path === f || path.startsWith(`${f}/`));

const show = (e: Edge): string =>
  `${e.from} imports '${e.specifier}'${e.dynamic ? ' (dynamic)' : ''}${e.typeOnly ? ' (type)' : ''}`;

/** The imports of `files` that break `allowed`, one line each. */
function violations(files: string[], allowed: (e: Edge) => boolean): string[] {
  return files.flatMap((f) =>
    importsOf(f)
      .filter((e) => !allowed(e))
      .map(show),
  );
}

/** Leaf folder of dependency-free numerics (the one generator, array math): anyone may use it. */
const LEAF = 'src/math';

describe('architecture: who may import what', () => {
  it('envs/ imports nothing outside envs/ but the leaf src/math/, and no package', () => {
    const files = sourceFiles('envs');
    expect(files.length).toBeGreaterThan(5);
    expect(violations(files, (e) => e.relative && inside(e.to, 'envs', LEAF))).toEqual([]);
  });

  it('src/math/ imports nothing at all outside itself', () => {
    const files = sourceFiles(LEAF);
    expect(files.length).toBeGreaterThan(0);
    expect(violations(files, (e) => e.relative && inside(e.to, LEAF))).toEqual([]);
  });

  it('src/nn imports only @tensorflow/tfjs-core, its own files and src/math/', () => {
    const files = sourceFiles('src/nn');
    expect(files.length).toBeGreaterThan(20);
    // The one exception: backend.ts loads the backend it is asked for, lazily, by name.
    const backendLoader = (e: Edge) =>
      e.from === 'src/nn/backend.ts' &&
      e.dynamic &&
      e.specifier.startsWith('@tensorflow/tfjs-backend-');
    const allowed = (e: Edge) =>
      e.specifier === '@tensorflow/tfjs-core' ||
      (e.relative && inside(e.to, 'src/nn', LEAF)) ||
      backendLoader(e);
    expect(violations(files, allowed)).toEqual([]);
  });

  it('src/ui imports nothing from src/app or workers/', () => {
    const files = sourceFiles('src/ui');
    expect(files.length).toBeGreaterThan(10);
    expect(violations(files, (e) => !(e.relative && inside(e.to, 'src/app', 'workers')))).toEqual(
      [],
    );
  });

  it("src/ui's and src/app's static import graph never reaches @tensorflow/*", () => {
    // tfjs belongs in the workers: a page that loads it on the main thread freezes while it
    // compiles kernels. Type-only imports are erased and import() is the lazy door, so only
    // static value imports are followed, through every relative file they reach.
    const problems: string[] = [];
    for (const start of sourceFiles('src/ui', 'src/app')) {
      const cameFrom = new Map<string, Edge | null>([[start, null]]);
      const queue = [start];
      while (queue.length > 0) {
        const file = queue.shift() as string;
        for (const e of importsOf(file)) {
          if (e.typeOnly || e.dynamic) continue;
          if (!e.relative) {
            if (e.specifier.startsWith('@tensorflow/')) {
              const chain: string[] = [];
              for (let at: Edge | null = e; at; at = cameFrom.get(at.from) ?? null) {
                chain.unshift(`${at.from} → '${at.specifier}'`);
              }
              problems.push(`${start} reaches ${e.specifier}: ${chain.join(', ')}`);
            }
            continue;
          }
          if (!cameFrom.has(e.to) && existsSync(join(ROOT, e.to))) {
            cameFrom.set(e.to, e);
            queue.push(e.to);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

/** Statements that repeat: for, for-of, for-in, while, do. */
function isLoop(node: ts.Node): boolean {
  return (
    ts.isForStatement(node) ||
    ts.isForOfStatement(node) ||
    ts.isForInStatement(node) ||
    ts.isWhileStatement(node) ||
    ts.isDoStatement(node)
  );
}

/** Every loop of a file with its depth (1 = not inside another loop of the same function). */
function loopsOf(file: string): Array<{ line: number; depth: number }> {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: Array<{ line: number; depth: number }> = [];
  const visit = (node: ts.Node, depth: number): void => {
    let d = depth;
    if (ts.isFunctionLike(node)) d = 0;
    if (isLoop(node)) {
      d += 1;
      out.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, depth: d });
    }
    ts.forEachChild(node, (child) => visit(child, d));
  };
  visit(source, 0);
  return out;
}

const lineCount = (file: string): number =>
  readFileSync(join(ROOT, file), 'utf8').replace(/\n$/, '').split('\n').length;

/** A worker file wires: validation, transfer, pacing. Its limits (docs/ARCHITECTURE.md). */
const WORKER_MAX_LINES = 400;
const WORKER_MAX_LOOPS = 3;
/** No source file outside the tests and stories may be longer (the code rules' hard limit). */
const SOURCE_MAX_LINES = 500;

describe('architecture: size and shape', () => {
  it(`keeps every workers/ file to wiring: at most ${WORKER_MAX_LINES} lines, ${WORKER_MAX_LOOPS} loops, none nested`, () => {
    // Training policy (episode loops, rollbacks, statistics) loops over data, usually a loop in
    // a loop; a worker only checks what comes in, hands it to src/nn or src/rl, relays the
    // results and paces one run loop. So: short files, few loops, no nested loop.
    const problems: string[] = [];
    for (const file of sourceFiles('workers')) {
      const lines = lineCount(file);
      if (lines > WORKER_MAX_LINES) problems.push(`${file}: ${lines} lines`);
      const loops = loopsOf(file);
      if (loops.length > WORKER_MAX_LOOPS) {
        problems.push(
          `${file}: ${loops.length} loops (lines ${loops.map((l) => l.line).join(', ')})`,
        );
      }
      for (const l of loops.filter((x) => x.depth > 1)) {
        problems.push(`${file}:${l.line}: a loop nested in another loop`);
      }
    }
    expect(problems).toEqual([]);
  });

  it(`has no source file over ${SOURCE_MAX_LINES} lines outside the tests and stories`, () => {
    const files = [
      ...sourceFiles('src', 'envs', 'workers', 'bench', 'scripts', '.storybook'),
      'vite.config.ts',
      'vitest.config.ts',
    ].filter((f) => existsSync(join(ROOT, f)));
    const long = files
      .map((f) => ({ f, n: lineCount(f) }))
      .filter(({ n }) => n > SOURCE_MAX_LINES)
      .map(({ f, n }) => `${f}: ${n} lines`);
    expect(long).toEqual([]);
  });
});

describe('the import reader itself', () => {
  it('sees static, re-exported, type-only and dynamic imports, resolved to files', () => {
    const edges = importsOf('envs/index.ts');
    expect(edges.find((e) => e.specifier === './registry')?.to).toBe('envs/registry.ts');
    const rng = importsOf('src/nn/rng.ts');
    expect(rng.map((e) => e.to)).toContain('src/math/mulberry32.ts');
    const backend = importsOf('src/nn/backend.ts');
    expect(
      backend.some((e) => e.dynamic && e.specifier.startsWith('@tensorflow/tfjs-backend-')),
    ).toBe(true);
    expect(importsOf('envs/cartpole.ts').some((e) => e.typeOnly)).toBe(true);
  });
});
