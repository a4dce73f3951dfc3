/**
 * Types for comlink's Node adapter (comlink ships node-adapter.d.ts beside the .mjs, which
 * TypeScript does not pick up for the `.mjs` specifier).
 */
declare module 'comlink/dist/esm/node-adapter.mjs' {
  import type { Endpoint } from 'comlink';

  /** A worker_threads MessagePort or Worker. */
  export interface NodeEndpoint {
    postMessage(message: unknown, transfer?: readonly Transferable[]): void;
    on(type: 'message', listener: (value: unknown) => void): unknown;
    off(type: 'message', listener: (value: unknown) => void): unknown;
    start?: () => void;
  }

  export default function nodeEndpoint(nep: NodeEndpoint): Endpoint;
}
