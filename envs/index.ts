/** The environments: pure TypeScript, no DOM, no tfjs (docs/ARCHITECTURE.md). */
export * from './breakout';
export * from './cartpole';
export * from './catch';
export * from './gridworld';
export { Random } from './random';
export * from './registry';
export * from './snake';
export * from './spaces';
export * from './types';
export * from './vector-env';
