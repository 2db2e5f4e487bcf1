export * from './errors.ts';
export * from './filter/index.ts';
export * from './http/index.ts';
export * from './patch/index.ts';
export * from './resource/index.ts';
export * from './schema/index.ts';
export * from './service/index.ts';
export * from './store/port.ts';
