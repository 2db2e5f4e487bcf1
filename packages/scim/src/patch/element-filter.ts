/**
 * Value filters inside a PATCH path (`emails[type eq "work"]`): which elements they select, and, when they select none,
 * the element an add/replace creates. Entra ID sends `emails[type eq "work"].value` to users that have no work email
 * and expects one to be created, for add and replace alike; that is only well-defined when the filter is a conjunction
 * of equalities on sub-attributes, which then are the new element's sub-attributes.
 */
import type { Filter } from '../filter/ast.ts';
import { compileFilter } from '../filter/index.ts';
import { type AttributeDefinition, findNamed } from '../schema/index.ts';
import { coerceValue } from './coerce.ts';
import { isPlainObject } from './json.ts';
import { checkSingle, type JsonObject, sameScalar } from './values.ts';

export type ElementPredicate = (element: unknown) => boolean;

export function elementPredicate(attribute: AttributeDefinition, filter: Filter): ElementPredicate {
  const predicate = compileFilter(filter, {
    caseExact: (path) => findNamed(attribute.subAttributes, path.sub ?? path.attr)?.caseExact ?? false,
  });
  return (element) => isPlainObject(element) && predicate(element);
}

/**
 * The sub-attributes an `eq`/`and` filter pins down, e.g. `type eq "work" and primary eq true` ->
 * `{type: "work", primary: true}`; undefined when the filter says anything else (or contradicts itself), in
 * which case a non-matching add/replace is a 400 noTarget as RFC 7644 section 3.5.2.3 says.
 */
export function equalityTemplate(attribute: AttributeDefinition, filter: Filter): JsonObject | undefined {
  if (filter.kind === 'and') {
    const left = equalityTemplate(attribute, filter.left);
    const right = equalityTemplate(attribute, filter.right);
    if (left === undefined || right === undefined) return undefined;
    for (const [name, value] of Object.entries(right)) {
      const sub = findNamed(attribute.subAttributes, name);
      if (name in left && sub !== undefined && !sameScalar(sub, left[name], value)) return undefined;
    }
    return { ...left, ...right };
  }
  if (
    filter.kind !== 'compare' ||
    filter.op !== 'eq' ||
    filter.value === null ||
    filter.path.sub !== undefined
  ) {
    return undefined;
  }
  const sub = findNamed(attribute.subAttributes, filter.path.attr);
  if (sub === undefined || sub.mutability === 'readOnly') return undefined;
  try {
    return { [sub.name]: checkSingle(sub, coerceValue(sub, filter.value, false), sub.name) };
  } catch {
    // `primary eq "maybe"`: no value of the declared type, so no element can be built from it.
    return undefined;
  }
}
