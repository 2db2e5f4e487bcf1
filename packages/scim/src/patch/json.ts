/** Small JSON helpers the PATCH modules share. */

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A JSON object member looked up case-insensitively (`Operations`, `operations`); the first match wins. */
export function memberOf(object: Record<string, unknown>, name: string): { found: boolean; value: unknown } {
  const wanted = name.toLowerCase();
  for (const key of Object.keys(object)) {
    if (key.toLowerCase() === wanted) return { found: true, value: object[key] };
  }
  return { found: false, value: undefined };
}

/** A short description of a JSON value's type for error details: `a string`, `an array`, `null`. */
export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `the ${typeof value} ${String(value)}`;
}
