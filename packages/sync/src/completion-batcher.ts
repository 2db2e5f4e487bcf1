/**
 * Clears dirty marks for pushes that finished at about the same time in one commit (completeDirtyMany): on
 * PostgreSQL every commit waits for a disk flush. Completions are gathered until the event loop turns (or a batch
 * is full), so no push waits on a timer; each caller's promise settles with its batch's commit.
 */
import type { SyncStore } from '@scim-connector/store';

interface PendingCompletion {
  userId: string;
  generation: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class CompletionBatcher {
  #pending: PendingCompletion[] = [];
  #scheduled = false;

  constructor(
    private readonly store: Pick<SyncStore, 'completeDirtyMany'>,
    private readonly maxBatch: number,
  ) {}

  complete(userId: string, generation: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ userId, generation, resolve, reject });
      if (this.#pending.length >= this.maxBatch) this.#flush();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#pending;
    if (batch.length === 0) return;
    this.#pending = [];
    this.store.completeDirtyMany(batch.map(({ userId, generation }) => ({ userId, generation }))).then(
      () => {
        for (const completion of batch) completion.resolve();
      },
      (error: unknown) => {
        for (const completion of batch) completion.reject(error);
      },
    );
  }
}
