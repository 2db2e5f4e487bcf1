/**
 * `@scim-connector/scim`: the protocol core (schemas, resources, filters, PATCH, service, store port). It loads
 * no HTTP framework, so the store, the sync worker and the CLI can use it without express; the router and body
 * parsing are the `@scim-connector/scim/express` entry (`http/index.ts`).
 */
export * from './errors.ts';
export * from './filter/index.ts';
export * from './journal/pseudonymize.ts';
export * from './limits.ts';
export * from './patch/index.ts';
export * from './resource/index.ts';
export * from './schema/index.ts';
export * from './service/index.ts';
export * from './store/port.ts';
