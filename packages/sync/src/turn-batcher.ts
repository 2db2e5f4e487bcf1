/**
 * Gathers the calls made until the event loop turns (or until a batch is full) and serves them with one call of
 * `run`, so work that arrives at about the same time shares one commit or one statement and no caller waits on a
 * timer. Each caller's promise settles with its own result (`run` returns them in the items' order).
 *
 * Used for the ends of pushes (docs/architecture.md, "Group commit"): a commit costs about as much as the rest of
 * a push's database work together, on SQLite for writing its pages to the WAL, on PostgreSQL for a disk flush. Also
 * for the reads before pushes, one statement for a claim's users on PostgreSQL.
 */
export interface TurnBatcherOptions<Item, Result> {
  run: (items: readonly Item[]) => Promise<readonly Result[]>;
  maxBatch: number;
  /**
   * When a batch of more than one item fails, each item is tried again on its own with `runOne`, so one item
   * that cannot be written or read (a constraint, a bug) fails alone instead of taking the others with it.
   */
  runOne?: (item: Item) => Promise<Result>;
  /**
   * Told the error of a batch whose items are then tried one by one: their own results may all succeed, and a
   * batch that fails every time would otherwise go unnoticed while costing a statement per item.
   */
  onBatchError?: (error: unknown) => void;
}

interface Waiting<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

export class TurnBatcher<Item, Result> {
  #waiting: Waiting<Item, Result>[] = [];
  #scheduled = false;
  readonly #options: TurnBatcherOptions<Item, Result>;

  constructor(options: TurnBatcherOptions<Item, Result>) {
    if (!Number.isInteger(options.maxBatch) || options.maxBatch < 1) {
      throw new Error(`TurnBatcher: maxBatch must be a positive integer, got ${options.maxBatch}`);
    }
    this.#options = options;
  }

  add(item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      if (this.#waiting.length >= this.#options.maxBatch) this.#flush();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#waiting;
    if (batch.length === 0) return;
    this.#waiting = [];
    this.#options.run(batch.map(({ item }) => item)).then(
      (results) => settleAll(batch, results),
      (error: unknown) => {
        const { runOne } = this.#options;
        if (runOne === undefined || batch.length === 1) {
          for (const waiting of batch) waiting.reject(error);
          return;
        }
        try {
          this.#options.onBatchError?.(error);
        } catch {
          // A failing listener must not keep the items from being tried one by one.
        }
        for (const waiting of batch) runOne(waiting.item).then(waiting.resolve, waiting.reject);
      },
    );
  }
}

function settleAll<Item, Result>(batch: readonly Waiting<Item, Result>[], results: readonly Result[]): void {
  if (results.length !== batch.length) {
    const error = new Error(`TurnBatcher: ${batch.length} items gave ${results.length} results`);
    for (const waiting of batch) waiting.reject(error);
    return;
  }
  batch.forEach((waiting, index) => {
    waiting.resolve(results[index] as Result);
  });
}
