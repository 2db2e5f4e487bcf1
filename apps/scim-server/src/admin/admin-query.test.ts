import { describe, expect, it } from 'vitest';
import {
  AdminInputError,
  boundedText,
  cursorOf,
  dateTime,
  encodeCursor,
  integer,
  oneOf,
  parseQuery,
} from './admin-query.ts';

const SPEC = { limit: integer(1, 200), status: oneOf(['active', 'blocked'] as const), since: dateTime };

function refusal(work: () => unknown): { parameter: string; message: string } {
  try {
    work();
  } catch (error) {
    if (error instanceof AdminInputError) return { parameter: error.parameter, message: error.message };
    throw error;
  }
  throw new Error('expected an AdminInputError');
}

describe('parseQuery', () => {
  it('parses the parameters a route names and treats empty values as absent', () => {
    expect(parseQuery({ limit: '20', status: 'blocked', since: '' }, SPEC)).toEqual({
      limit: 20,
      status: 'blocked',
    });
  });

  it('refuses an unknown name, listing what the route takes', () => {
    expect(refusal(() => parseQuery({ outcome: 'block' }, SPEC))).toEqual({
      parameter: 'outcome',
      message: 'Unknown query parameter "outcome": this route takes limit, status, since.',
    });
    expect(refusal(() => parseQuery({ x: '1' }, {})).message).toContain('this route takes none');
  });

  it('refuses a parameter given twice, and names inherited object keys as unknown', () => {
    expect(refusal(() => parseQuery({ status: ['active', 'blocked'] }, SPEC)).parameter).toBe('status');
    expect(refusal(() => parseQuery({ toString: 'x' }, SPEC)).parameter).toBe('toString');
    // Node's query parser returns an object without a prototype, where `__proto__` is a key like any other.
    const query = Object.create(null) as Record<string, string>;
    Object.defineProperty(query, '__proto__', { value: 'x', enumerable: true });
    expect(refusal(() => parseQuery(query, SPEC)).parameter).toBe('__proto__');
  });

  it('refuses values that do not parse, naming the parameter', () => {
    for (const [query, parameter] of [
      [{ limit: '0' }, 'limit'],
      [{ limit: '201' }, 'limit'],
      [{ limit: '1e2' }, 'limit'],
      [{ limit: '-1' }, 'limit'],
      [{ status: 'Active' }, 'status'],
      [{ since: '2026-13-01T00:00:00Z' }, 'since'],
      [{ since: '2026-12-05T08:00:00' }, 'since'],
      [{ since: 'yesterday' }, 'since'],
    ] as const) {
      expect(refusal(() => parseQuery(query, SPEC)).parameter).toBe(parameter);
    }
  });

  it('normalises date-times to UTC and bounds text', () => {
    expect(parseQuery({ since: '2026-12-05T10:00:00+02:00' }, SPEC)).toEqual({
      since: '2026-12-05T08:00:00.000Z',
    });
    expect(parseQuery({ since: '2026-12-05' }, SPEC)).toEqual({ since: '2026-12-05T00:00:00.000Z' });
    expect(refusal(() => boundedText(3)('abcd', 'search')).parameter).toBe('search');
  });
});

describe('cursors', () => {
  const read = cursorOf('audit', (value) =>
    Number.isSafeInteger(value.seq) ? Number(value.seq) : undefined,
  );

  it('reads back what it wrote, for its own list only', () => {
    expect(read(encodeCursor('audit', { seq: 42 }), 'cursor')).toBe(42);
    expect(refusal(() => read(encodeCursor('users', { seq: 42 }), 'cursor')).parameter).toBe('cursor');
  });

  it('refuses an edited or garbage cursor with a 400, never a crash', () => {
    for (const raw of [
      '',
      'not base64 !',
      Buffer.from('[1]').toString('base64url'),
      Buffer.from('{"list":"audit","seq":"1; drop"}').toString('base64url'),
    ]) {
      expect(refusal(() => read(raw, 'cursor')).parameter).toBe('cursor');
    }
  });
});
