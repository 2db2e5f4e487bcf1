/**
 * Query parameters of console pages, read strictly: an unknown parameter or a value outside its set is refused
 * with a message that names it (the team rule for admin routes holds for the console too), never ignored.
 */
import type { Request } from 'express';

export class QueryError extends Error {}

export function readQuery<K extends string>(req: Request, allowed: readonly K[]): Partial<Record<K, string>> {
  const values: Partial<Record<K, string>> = {};
  for (const [name, value] of Object.entries(req.query)) {
    if (!(allowed as readonly string[]).includes(name)) {
      throw new QueryError(
        `Unknown query parameter "${name}"; this page takes ${allowed.join(', ') || 'none'}.`,
      );
    }
    if (typeof value !== 'string') throw new QueryError(`The query parameter "${name}" must be given once.`);
    values[name as K] = value;
  }
  return values;
}

export function oneOf<T extends string>(
  value: string | undefined,
  name: string,
  options: readonly T[],
  fallback: T,
): T {
  if (value === undefined || value === '') return fallback;
  if ((options as readonly string[]).includes(value)) return value as T;
  throw new QueryError(`"${value}" is not a valid ${name}; use one of ${options.join(', ')}.`);
}

export function positiveInt(
  value: string | undefined,
  name: string,
  fallback: number,
  max = 1_000_000_000,
): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1 || n > max) {
    throw new QueryError(`${name} must be a whole number from 1 to ${max}, got "${value}".`);
  }
  return n;
}

/** Free text (a search), trimmed and capped so one request cannot ask for unbounded work. */
export function text(value: string | undefined, name: string, maxLength = 200): string {
  const trimmed = (value ?? '').trim();
  if (trimmed.length > maxLength) throw new QueryError(`${name} is longer than ${maxLength} characters.`);
  return trimmed;
}
