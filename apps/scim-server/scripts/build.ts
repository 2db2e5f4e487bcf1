/**
 * `pnpm build`: the server as plain JavaScript for `pnpm serve` / `node apps/scim-server/dist/main.js`, so
 * production runs without tsx (docs/operations.md, "Production start"). esbuild compiles the app and every
 * workspace package it uses into one ES module; npm dependencies are bundled too, except native modules, which
 * Node loads from node_modules at run time (better-sqlite3 is a direct dependency of this app for that reason).
 */
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${appDir}dist/main.js`;

/** Loaded by Node from node_modules: a native addon, and an optional addon pg only tries when asked. */
const EXTERNAL = ['better-sqlite3', 'pg-native'];

await rm(`${appDir}dist`, { recursive: true, force: true });
await build({
  entryPoints: [`${appDir}src/main.ts`],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: EXTERNAL,
  sourcemap: true,
  // Bundled CommonJS dependencies call require(); an ES module has none, so one is made for them.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
process.stdout.write(`built ${outfile}\n`);
