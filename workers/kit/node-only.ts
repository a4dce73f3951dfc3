/**
 * Import a module only Node uses (node: built-ins, the MNIST disk reader), hidden from the
 * bundler: Vite leaves a non-literal `import()` alone, so the browser build of a worker
 * neither bundles these modules nor warns about externalized Node built-ins. A relative
 * specifier resolves against this folder (workers/kit/).
 */
export function importNodeOnly<T>(specifier: string): Promise<T> {
  return import(/* @vite-ignore */ specifier) as Promise<T>;
}
