export type * from './filter/ast.ts';
export * from './store/port.ts';
