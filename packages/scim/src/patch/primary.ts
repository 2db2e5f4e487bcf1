/**
 * RFC 7643 section 2.4: at most one value of a multi-valued attribute is primary. RFC 7644 section 3.5.2: a
 * PATCH that makes a value primary makes the server clear `primary` on every other value, so the client need not.
 */
import { invalidValue } from '../errors.ts';
import { findNamed } from '../schema/index.ts';
import { isPlainObject } from './json.ts';
import type { Target } from './target.ts';

/** `written` holds the elements this operation wrote; their `primary: true` wins over older ones. */
export function keepSinglePrimary(target: Target, elements: unknown[], written: ReadonlySet<unknown>): void {
  if (findNamed(target.attribute.subAttributes, 'primary') === undefined) return;
  const chosen = elements.filter((element) => written.has(element) && isPrimary(element));
  if (chosen.length > 1) {
    throw invalidValue(
      `"${target.text}" would mark ${chosen.length} values primary; at most one value may be primary ` +
        '(RFC 7643 section 2.4).',
    );
  }
  if (chosen.length === 0) return;
  elements.forEach((element, index) => {
    if (element !== chosen[0] && isPrimary(element)) elements[index] = { ...element, primary: false };
  });
}

function isPrimary(element: unknown): element is Record<string, unknown> {
  return isPlainObject(element) && element.primary === true;
}
