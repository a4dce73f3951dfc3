/**
 * Story plumbing for components that are created asynchronously (Pixi apps): create them in
 * a *loader*, so the story renders a finished component, and destroy them in the cleanup of a
 * `beforeEach`. Everything is keyed by `canvasElement`: autodocs renders the primary story
 * twice with one story id, and changing a control re-runs the loader on the same canvas.
 */

/** Disposes what a story created (the component, and any timers it runs). */
export type Dispose = () => void;

interface LoaderContext<A> {
  args: A;
  canvasElement: HTMLElement;
  abortSignal?: AbortSignal;
}

const live = new Map<HTMLElement, Dispose>();

function disposeFor(canvas: HTMLElement): void {
  const dispose = live.get(canvas);
  live.delete(canvas);
  dispose?.();
}

/**
 * A loader that builds the story into a fresh root element and returns it as `loaded.root`.
 * `build` returns the disposer for what it created.
 */
export function mountLoader<A>(build: (root: HTMLElement, args: A) => Promise<Dispose>) {
  return async ({ args, canvasElement, abortSignal }: LoaderContext<A>) => {
    disposeFor(canvasElement);
    const root = document.createElement('div');
    root.className = 'ga-story-root';
    const dispose = await build(root, args);
    if (abortSignal?.aborted) {
      dispose();
    } else {
      live.set(canvasElement, dispose);
    }
    return { root };
  };
}

/** `beforeEach` that destroys the story's component when the story goes away. */
export function cleanup({ canvasElement }: { canvasElement: HTMLElement }): Dispose {
  return () => disposeFor(canvasElement);
}

/** `render` for mounted stories: the root the loader built. */
export function renderMounted(
  _args: unknown,
  context: { loaded: Record<string, unknown> },
): HTMLElement {
  const root = context.loaded.root;
  if (!(root instanceof HTMLElement)) throw new Error('story: loader did not mount a root element');
  return root;
}

/** A small seeded PRNG (mulberry32) so that stories and their screenshots are repeatable. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples from a uniform generator (Box-Muller). */
export function gaussian(uniform: () => number): () => number {
  return () => {
    const u = 1 - uniform();
    const v = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}
