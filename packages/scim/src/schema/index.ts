export * from './definitions.ts';
export * from './discovery.ts';
export * from './registry.ts';
export * from './types.ts';
export * from './urns.ts';
