/**
 * add / replace / remove on a single-valued attribute (RFC 7644 sections 3.5.2.1-3): simple attributes are set
 * or unassigned; complex ones (name, manager) merge the given sub-attributes and leave the others alone, a `null`
 * sub-attribute unassigning it; `name.givenName` sets one sub-attribute. A complex attribute left without any
 * sub-attribute is removed. For single-valued attributes add and replace mean the same.
 */
import { isDeepStrictEqual } from 'node:util';
import { invalidValue, mutability } from '../errors.ts';
import { isPlainObject } from './json.ts';
import type { PatchOpName } from './operation.ts';
import type { Slot } from './slot.ts';
import type { Target } from './target.ts';
import { checkComplex, checkSingle, type JsonObject } from './values.ts';

export function applySingleValued(op: PatchOpName, target: Target, value: unknown, slot: Slot): void {
  const { attribute, sub } = target;
  const current = slot.get();

  if (sub !== undefined) {
    const object: JsonObject = isPlainObject(current) ? { ...current } : {};
    if (op === 'remove') {
      if (sub.required) throw requiredError(target);
      delete object[sub.name];
    } else {
      const next = checkSingle(sub, value, target.text);
      checkImmutable(target, sub.mutability, object[sub.name], next);
      object[sub.name] = next;
    }
    slot.set(Object.keys(object).length > 0 ? object : undefined);
    return;
  }

  if (op === 'remove') {
    if (attribute.required) throw requiredError(target);
    slot.set(undefined);
    return;
  }
  if (attribute.type !== 'complex') {
    const next = checkSingle(attribute, value, target.text);
    if (attribute.required && next === '')
      throw invalidValue(`"${target.text}" is required and cannot be empty.`);
    checkImmutable(target, attribute.mutability, current, next);
    slot.set(next);
    return;
  }
  const merged: JsonObject = isPlainObject(current) ? { ...current } : {};
  for (const [name, subValue] of Object.entries(checkComplex(attribute, value, target.text))) {
    if (subValue === null) delete merged[name];
    else merged[name] = subValue;
  }
  slot.set(Object.keys(merged).length > 0 ? merged : undefined);
}

export function requiredError(target: Target): Error {
  return mutability(
    `"${target.text}" is required and cannot be removed or set to null (RFC 7644 section 3.5.2.2); ` +
      'replace it with a new value instead.',
  );
}

/** An immutable value may be set once; changing it afterwards is a 400 mutability. */
export function checkImmutable(target: Target, facet: string, current: unknown, next: unknown): void {
  if (facet !== 'immutable' || current === undefined || isDeepStrictEqual(current, next)) return;
  throw mutability(
    `"${target.text}" is immutable: it was set when the value was added and cannot be changed.`,
  );
}
