/**
 * A map read through to a base map, holding its changes apart until `commit()` writes them into the base: the
 * in-memory store's transactions cost what they change, not a copy of the whole state (issue #13: copying a
 * 10,000-member group for every PATCH was most of its time). Values are never changed in place, only replaced,
 * so the base's values can be shared.
 */
const DELETED = Symbol('deleted');

/** What the store reads and writes a table through: a Map, or a draft of one. */
export interface Table<V> {
  get(key: string): V | undefined;
  has(key: string): boolean;
  set(key: string, value: V): unknown;
  delete(key: string): boolean;
  values(): Iterable<V>;
}

export class DraftMap<V> implements Table<V> {
  readonly #base: Map<string, V>;
  readonly #changes = new Map<string, V | typeof DELETED>();

  constructor(base: Map<string, V>) {
    this.#base = base;
  }

  get(key: string): V | undefined {
    const changed = this.#changes.get(key);
    if (changed === DELETED) return undefined;
    return changed ?? this.#base.get(key);
  }

  has(key: string): boolean {
    const changed = this.#changes.get(key);
    return changed === undefined ? this.#base.has(key) : changed !== DELETED;
  }

  set(key: string, value: V): this {
    this.#changes.set(key, value);
    return this;
  }

  delete(key: string): boolean {
    const had = this.has(key);
    this.#changes.set(key, DELETED);
    return had;
  }

  /** In the base's order, as the committed map will iterate, then the new keys in the order they came. */
  *values(): IterableIterator<V> {
    for (const [key, value] of this.#base) {
      const changed = this.#changes.get(key);
      if (changed === undefined) yield value;
      else if (changed !== DELETED) yield changed;
    }
    for (const [key, changed] of this.#changes) {
      if (changed !== DELETED && !this.#base.has(key)) yield changed;
    }
  }

  /** Writes the changes into the base map. */
  commit(): void {
    for (const [key, changed] of this.#changes) {
      if (changed === DELETED) this.#base.delete(key);
      else this.#base.set(key, changed);
    }
  }
}
