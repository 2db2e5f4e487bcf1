/**
 * A bound on how deeply a POST/PUT body may nest. A SCIM resource needs five levels at most (resource, extension
 * object, multi-valued attribute, element, value), but a JSON body parser accepts any depth, and the recursive
 * steps after it (validation messages that quote a value, duplicate checks) would overflow the stack on a body
 * nested 10,000 levels deep. The check itself walks the body with an explicit stack, so it cannot overflow.
 */
import { invalidSyntax } from '../errors.ts';

/** Far above the five levels a resource needs, leaving room for unknown extensions, which are dropped anyway. */
export const MAX_BODY_DEPTH = 32;

export function checkNestingDepth(body: unknown, limit = MAX_BODY_DEPTH): void {
  const pending: { value: unknown; depth: number; attribute: string }[] = [
    { value: body, depth: 0, attribute: '' },
  ];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, depth, attribute } = next;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limit) {
      throw invalidSyntax(
        `The request body nests JSON arrays and objects more than ${limit} levels deep` +
          `${attribute ? ` under '${attribute.slice(0, 60)}'` : ''}; a SCIM resource needs five at most.`,
      );
    }
    for (const [key, inner] of Object.entries(value)) {
      pending.push({ value: inner, depth: depth + 1, attribute: depth === 0 ? key : attribute });
    }
  }
}
