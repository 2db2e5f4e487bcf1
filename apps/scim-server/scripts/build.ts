/**
 * `pnpm build`: the server as plain JavaScript for `pnpm serve` / `node apps/scim-server/dist/main.js`, so
 * production runs without tsx (docs/operations.md, "Production start"). esbuild compiles the app and every
 * workspace package it uses into one ES module; npm dependencies are bundled too, except native modules, which
 * Node loads from node_modules at run time (better-sqlite3 is a direct dependency of this app for that reason).
 */
import { copyFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${appDir}dist`;
/** The built-in simulator runs as a child process from its own entry point (docs/architecture.md §6.1). */
const simulatorChild = fileURLToPath(
  import.meta.resolve('@scim-connector/fluent-simulator/process/simulator-child'),
);

/** Loaded by Node from node_modules: a native addon, and an optional addon pg only tries when asked. */
const EXTERNAL = ['better-sqlite3', 'pg-native'];

await rm(`${appDir}dist`, { recursive: true, force: true });
await build({
  // dist/main.js and dist/simulator-child.js, side by side: the simulator's parent finds its child next to itself.
  entryPoints: { main: `${appDir}src/main.ts`, 'simulator-child': simulatorChild },
  outdir,
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
// The console reads its own stylesheet from beside its module (console/assets.ts): beside the bundle, once built.
await copyFile(`${appDir}src/console/console.css`, `${outdir}/console.css`);
process.stdout.write(`built ${outdir}/main.js and ${outdir}/simulator-child.js\n`);
