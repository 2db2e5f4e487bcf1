/**
 * What a benchmark holds outside its own process (a PostgreSQL schema, a child server, a temporary folder) is
 * released in `finally` blocks, which Ctrl-C skips. Holders register here too, so an interrupted run cleans up
 * before it exits.
 */
const pending = new Set<() => Promise<unknown>>();
let installed = false;

/** Runs `cleanup` if the process is interrupted; call the returned function once released normally. */
export function cleanUpOnInterrupt(cleanup: () => Promise<unknown>): () => void {
  if (!installed) {
    installed = true;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        process.stderr.write(`\n${signal}: cleaning up before exiting\n`);
        void Promise.allSettled([...pending].map((release) => release())).finally(() => process.exit(130));
      });
    }
  }
  pending.add(cleanup);
  return () => pending.delete(cleanup);
}
