/**
 * Catches a store method called from inside one of the same store's transactions. On SQLite the transaction
 * holds the only connection, so such a call would wait forever; on PostgreSQL it would run outside the
 * transaction and miss its uncommitted writes. Either way it is a bug, so it fails at once with advice.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export class TransactionScope {
  /** Undefined when the check is off: no AsyncLocalStorage is ever entered, so no promise hook is installed. */
  readonly #inside: AsyncLocalStorage<true> | undefined;

  constructor(enabled = true) {
    this.#inside = enabled ? new AsyncLocalStorage<true>() : undefined;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.#inside ? this.#inside.run(true, work) : work();
  }

  assertOutside(method: string): void {
    if (this.#inside?.getStore()) {
      throw new Error(
        `store.${method}() was called inside store.transaction(): use the transaction object the callback ` +
          'receives instead (the store itself cannot see, and on SQLite cannot even reach, the open transaction)',
      );
    }
  }

  /** Wraps every method of `api` with `assertOutside`; returns `api` itself when the check is off. */
  guard<T extends object>(api: T): T {
    if (!this.#inside) return api;
    const guarded: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(api)) {
      guarded[name] =
        typeof value === 'function'
          ? (...args: unknown[]) => {
              this.assertOutside(name);
              return value.apply(api, args);
            }
          : value;
    }
    return guarded as T;
  }
}
