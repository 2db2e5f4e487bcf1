/**
 * Keeps the leases of the users a worker is pushing from running out mid-push. A push normally takes
 * milliseconds, but one that waits on the platform (retries with backoff, Retry-After, timeouts) can outlast
 * the lease, and then another replica could claim and push the same user at the same time. Every `everyMs` the
 * keeper renews the leases of everyone in flight in one statement; a user whose lease was already gone is
 * reported, not retried. A push that completes releases its lease a moment before it leaves the in-flight set,
 * so a user is only reported after two renewals in a row found them in flight without a lease.
 */
export interface LeaseKeeperOptions {
  inFlight: () => string[];
  /** Renews and returns the ids whose lease was still held. */
  renew: (userIds: string[]) => Promise<string[]>;
  onLost: (userId: string) => void;
  onError: (error: unknown) => void;
}

export class LeaseKeeper {
  #timer: NodeJS.Timeout | undefined;
  #renewing: Promise<void> | undefined;
  /** In flight without a lease at the last renewal: `reported` once onLost was called for them. */
  #unleased = new Map<string, 'suspect' | 'reported'>();

  constructor(private readonly options: LeaseKeeperOptions) {}

  start(everyMs: number): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      // One renewal at a time: a slow database must not pile them up.
      this.#renewing ??= this.renewNow().finally(() => {
        this.#renewing = undefined;
      });
    }, everyMs);
    // Renewal alone never keeps the process alive.
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#renewing;
  }

  /** One renewal round now (the timer's work; callable directly in tests). */
  async renewNow(): Promise<void> {
    const userIds = this.options.inFlight();
    if (userIds.length === 0) {
      this.#unleased.clear();
      return;
    }
    try {
      const held = new Set(await this.options.renew(userIds));
      // A user that finished while the renewal ran was completed, not lost.
      const stillInFlight = new Set(this.options.inFlight());
      const unleased = new Map<string, 'suspect' | 'reported'>();
      for (const userId of userIds) {
        if (held.has(userId) || !stillInFlight.has(userId)) continue;
        const before = this.#unleased.get(userId);
        if (before === undefined) {
          unleased.set(userId, 'suspect');
          continue;
        }
        if (before === 'suspect') this.options.onLost(userId);
        unleased.set(userId, 'reported');
      }
      this.#unleased = unleased;
    } catch (error) {
      this.options.onError(error);
    }
  }
}
