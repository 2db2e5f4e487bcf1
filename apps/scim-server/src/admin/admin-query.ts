/**
 * Query parameters of the admin routes, read strictly (docs/admin-api.md): every route names the parameters it
 * takes, and anything else — an unknown name, a value that does not parse, a parameter given twice — is a 400
 * that names the parameter. Ignoring `?outcome=block` and answering with everything would look like an answer.
 */
import type { Response } from 'express';

/** A client's mistake in a query or a body: answered 400 with this message, naming `parameter`. */
export class AdminInputError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
    readonly status: 400 | 404 = 400,
  ) {
    super(message);
    this.name = 'AdminInputError';
  }
}

/** Reads one raw value; throws AdminInputError naming the parameter. */
export type ParamParser<T> = (raw: string, name: string) => T;

export type ParamSpec = Record<string, ParamParser<unknown>>;

export type ParsedParams<Spec extends ParamSpec> = {
  [Name in keyof Spec]?: ReturnType<Spec[Name]>;
};

/**
 * The parameters `spec` names, parsed; an empty value counts as absent. `query` is express's parsed query
 * (the app uses the simple parser: strings, or arrays for repeated names).
 */
export function parseQuery<Spec extends ParamSpec>(query: unknown, spec: Spec): ParsedParams<Spec> {
  const parsed: Record<string, unknown> = {};
  const entries = Object.entries((query ?? {}) as Record<string, unknown>);
  for (const [name, value] of entries) {
    const parser = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (parser === undefined) throw unknownParameter(name, Object.keys(spec));
    if (typeof value !== 'string') throw new AdminInputError(name, `${name} is given more than once.`);
    if (value === '') continue;
    parsed[name] = parser(value, name);
  }
  return parsed as ParsedParams<Spec>;
}

function unknownParameter(name: string, known: string[]): AdminInputError {
  const accepted = known.length === 0 ? 'this route takes none' : `this route takes ${known.join(', ')}`;
  return new AdminInputError(name, `Unknown query parameter "${name}": ${accepted}.`);
}

/** Sends an AdminInputError as `{error, parameter}`; returns false for any other error (the caller rethrows). */
export function sendInputError(res: Response, error: unknown): boolean {
  if (!(error instanceof AdminInputError)) return false;
  res.status(error.status).json({ error: error.message, parameter: error.parameter });
  return true;
}

// ------------------------------------------------------------------------------------------------- parsers

export const text: ParamParser<string> = (raw) => raw;

/** Text of at most `max` characters (bounds the work a search or a lookup can ask for). */
export function boundedText(max: number): ParamParser<string> {
  return (raw, name) => {
    if (raw.length > max) throw new AdminInputError(name, `${name} must be at most ${max} characters.`);
    return raw;
  };
}

export function integer(min: number, max: number): ParamParser<number> {
  return (raw, name) => {
    const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max)
      throw new AdminInputError(name, `${name} must be an integer from ${min} to ${max}, got "${raw}".`);
    return n;
  };
}

export function oneOf<const Value extends string>(values: readonly Value[]): ParamParser<Value> {
  return (raw, name) => {
    const found = values.find((value) => value === raw);
    if (found === undefined)
      throw new AdminInputError(name, `${name} must be one of ${values.join(', ')}; got "${raw}".`);
    return found;
  };
}

/** An ISO 8601 date-time with a time zone (e.g. 2026-12-05T08:00:00Z), normalised to UTC. */
export const dateTime: ParamParser<string> = (raw, name) => {
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
  const time = iso.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(time))
    throw new AdminInputError(
      name,
      `${name} must be an ISO 8601 date or date-time with a time zone, e.g. 2026-12-05T08:00:00Z; got "${raw}".`,
    );
  return new Date(time).toISOString();
};

// -------------------------------------------------------------------------------------------------- cursors

/**
 * An opaque cursor: the keyset position of the last item of a page, as base64url JSON tagged with the list it
 * belongs to, so a users cursor given to the audit is refused instead of misread.
 */
export function encodeCursor(list: string, position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify({ list, ...position })).toString('base64url');
}

export function cursorOf<Position>(
  list: string,
  read: (value: Record<string, unknown>) => Position | undefined,
): ParamParser<Position> {
  return (raw, name) => {
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    } catch {
      decoded = undefined;
    }
    const record =
      typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded)
        ? (decoded as Record<string, unknown>)
        : undefined;
    const position = record?.list === list ? read(record) : undefined;
    if (position === undefined)
      throw new AdminInputError(
        name,
        `${name} is not a cursor of this list; pass the nextCursor of the previous page unchanged.`,
      );
    return position;
  };
}
