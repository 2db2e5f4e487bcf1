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

export class ElementIndex {
  private readonly buckets = new Map<BucketKey, number[]>();
  private readonly keyOf: (element: unknown) => BucketKey | undefined;

  /** Indexes `elements`, which the caller then changes only through `push` and `set`. */
  constructor(
    private readonly def: AttributeDefinition,
    private readonly elements: unknown[],
  ) {
    this.keyOf = bucketKeyFunction(def);
    elements.forEach((element, position) => {
      this.insert(this.keyOf(element), position);
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
    this.insert(this.keyOf(element), this.elements.length - 1);
  }

  set(position: number, element: unknown): void {
    const before = this.keyOf(this.elements[position]);
    const after = this.keyOf(element);
    this.elements[position] = element;
    if (before === after) return;
    const old = before === undefined ? undefined : this.buckets.get(before);
    const at = old?.indexOf(position) ?? -1;
    if (old && at >= 0) old.splice(at, 1);
    this.insert(after, position);
  }

  private candidates(candidate: unknown): readonly number[] {
    const key = this.keyOf(candidate);
    if (key === undefined) return [];
    return this.buckets.get(key) ?? [];
  }

  /** Keeps each bucket in position order, so the first match found is the earliest element. */
  private insert(key: BucketKey | undefined, position: number): void {
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
