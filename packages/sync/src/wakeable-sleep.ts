/**
 * An idle wait that a SCIM write can cut short. A wake that arrives while the worker is busy is remembered, so
 * the next wait returns at once instead of sleeping through a change made a moment earlier.
 */
export class WakeableSleep {
  #pendingWake = false;
  #waiters = new Set<() => void>();

  /** Resolves after `ms`, on `wake()`, or when `signal` aborts (its timer is then cleared, not left behind). */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.#pendingWake) {
      this.#pendingWake = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  wake(): void {
    if (this.#waiters.size === 0) {
      this.#pendingWake = true;
      return;
    }
    for (const done of [...this.#waiters]) done();
  }
}
