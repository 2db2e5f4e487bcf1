/**
 * Finds the elements of a multi-valued attribute that `sameElement` matches without comparing against every
 * element: a group with 50,000 members must not cost 50,000 x 50,000 comparisons per PATCH (a linear search per
 * added or removed value, and per element when duplicates are collapsed, made one 1 MB request take minutes).
 *
 * Elements are bucketed by their `value` the way `sameElement` compares it (lower-cased unless caseExact); the
 * full comparison still decides within a bucket, so the first match is the one a linear search would find.
 * Elements whose `value` is not a string share one bucket, since they can only match each other; attributes
 * without a `value` sub-attribute (addresses) keep the linear search.
 */
import { type AttributeDefinition, findNamed } from '../schema/index.ts';
import { isPlainObject } from './json.ts';
import { sameElement } from './values.ts';

const NOT_A_STRING = Symbol('value that is not a string');
type BucketKey = string | typeof NOT_A_STRING;

/** Positions grouped by a key, each group in position order (so the first found is the earliest). */
export class PositionBuckets<K> {
  private readonly buckets = new Map<K, number[]>();

  get(key: K): readonly number[] {
    return this.buckets.get(key) ?? [];
  }

  insert(key: K | undefined, position: number): void {
    if (key === undefined) return;
    const bucket = this.buckets.get(key);
    if (!bucket) {
      this.buckets.set(key, [position]);
      return;
    }
    let at = bucket.length;
    while (at > 0 && (bucket[at - 1] as number) > position) at -= 1;
    if (at === bucket.length) bucket.push(position);
    else bucket.splice(at, 0, position);
  }

  delete(key: K | undefined, position: number): void {
    if (key === undefined) return;
    const bucket = this.buckets.get(key);
    const at = bucket?.lastIndexOf(position) ?? -1;
    if (bucket && at >= 0) bucket.splice(at, 1);
  }
}

export class ElementIndex {
  private readonly buckets = new PositionBuckets<BucketKey>();
  private readonly keyOf: (element: unknown) => BucketKey | undefined;

  /** Indexes `elements`, which the caller then changes only through `push`, `set` and `remove`. */
  constructor(
    private readonly def: AttributeDefinition,
    private readonly elements: unknown[],
  ) {
    this.keyOf = bucketKeyFunction(def);
    elements.forEach((element, position) => {
      this.buckets.insert(this.keyOf(element), position);
    });
  }

  /** Position of the first element that is the same entry as `candidate`, or -1. */
  firstMatch(candidate: unknown): number {
    for (const position of this.candidates(candidate)) {
      if (sameElement(this.def, this.elements[position], candidate)) return position;
    }
    return -1;
  }

  /** Positions of every element that is the same entry as `candidate`, in order. */
  allMatches(candidate: unknown): number[] {
    return this.candidates(candidate).filter((position) =>
      sameElement(this.def, this.elements[position], candidate),
    );
  }

  push(element: unknown): void {
    this.elements.push(element);
    this.buckets.insert(this.keyOf(element), this.elements.length - 1);
  }

  set(position: number, element: unknown): void {
    const before = this.keyOf(this.elements[position]);
    const after = this.keyOf(element);
    this.elements[position] = element;
    if (before === after) return;
    this.buckets.delete(before, position);
    this.buckets.insert(after, position);
  }

  /** Forgets the element at `position`; the caller puts something no match can find there. */
  remove(position: number): void {
    this.buckets.delete(this.keyOf(this.elements[position]), position);
  }

  private candidates(candidate: unknown): readonly number[] {
    const key = this.keyOf(candidate);
    if (key === undefined) return [];
    return this.buckets.get(key);
  }
}

/**
 * The bucket an element falls in; undefined for elements `sameElement` never matches (a complex attribute's
 * element that is not an object). Without a usable `value`, every element shares one bucket: a linear search.
 */
function bucketKeyFunction(def: AttributeDefinition): (element: unknown) => BucketKey | undefined {
  const valueDef = def.type === 'complex' ? findNamed(def.subAttributes, 'value') : undefined;
  if (def.type !== 'complex') return () => NOT_A_STRING;
  if (valueDef === undefined) return (element) => (isPlainObject(element) ? NOT_A_STRING : undefined);
  return (element) => {
    if (!isPlainObject(element)) return undefined;
    const { value } = element;
    if (typeof value !== 'string') return NOT_A_STRING;
    return valueDef.caseExact ? value : value.toLowerCase();
  };
}
