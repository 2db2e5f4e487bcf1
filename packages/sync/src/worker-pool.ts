/**
 * Keeps up to `concurrency` users in flight, each on its own promise: a slow or failing user holds one slot and
 * never the others. Claims only as many users as there are free slots, so nothing sits leased while waiting.
 */
import type { ClaimedUser } from '@scim-connector/store';

export class WorkerPool<Result> {
  readonly #inFlight = new Map<string, Promise<void>>();
  readonly #settled = new Set<() => void>();

  constructor(
    private readonly options: {
      concurrency: number;
      batchSize: number;
      claim: (limit: number) => Promise<ClaimedUser[]>;
      process: (claimed: ClaimedUser) => Promise<Result>;
    },
  ) {}

  get size(): number {
    return this.#inFlight.size;
  }

  /** The users being processed now (their leases are this worker's to renew). */
  get inFlightIds(): string[] {
    return [...this.#inFlight.keys()];
  }

  get free(): number {
    return Math.max(this.options.concurrency - this.#inFlight.size, 0);
  }

  /**
   * Whether a claim is worth making now: the pool is empty, or half of it (at most a batch) is free. Claiming
   * for every single freed slot would cost one queue transaction per user.
   */
  get wantsMore(): boolean {
    const threshold = Math.max(1, Math.min(this.options.batchSize, Math.floor(this.options.concurrency / 2)));
    return this.#inFlight.size === 0 || this.free >= threshold;
  }

  /** Claims up to the free slots (at most a batch) and starts each user; returns how many were claimed. */
  async fill(onResult: (result: Result) => void, onError: (error: unknown) => void): Promise<number> {
    const limit = Math.min(this.free, this.options.batchSize);
    if (limit === 0) return 0;
    const claimed = await this.options.claim(limit);
    for (const user of claimed) {
      // A lease that ran out while this process still works on the user: the running push finishes it.
      if (this.#inFlight.has(user.userId)) continue;
      const task = this.options
        .process(user)
        .then(onResult, onError)
        .finally(() => {
          this.#inFlight.delete(user.userId);
          for (const notify of this.#settled) notify();
          this.#settled.clear();
        });
      this.#inFlight.set(user.userId, task);
    }
    return claimed.length;
  }

  /** Resolves when any user in flight finishes (at once when none is in flight). */
  nextSettled(): Promise<void> {
    if (this.#inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#settled.add(resolve));
  }

  /** Resolves when every user in flight has finished. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all(this.#inFlight.values());
  }
}
