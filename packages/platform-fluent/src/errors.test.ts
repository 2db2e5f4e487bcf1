import { describe, expect, it } from 'vitest';
import {
  classifyGraphQLErrors,
  classifyHttpFailure,
  classifyTransportFailure,
  fluentCodeOf,
  parseRetryAfter,
} from './errors.ts';
import { TransportError } from './http/transport.ts';
import { json } from './testing/scripted-transport.ts';

const now = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('fluentCodeOf', () => {
  it('prefers extensions.code', () => {
    expect(fluentCodeOf({ message: 'C0120E: not found', extensions: { code: 'C0020E' } })).toBe('C0020E');
  });
  it('falls back to a Cxxxx[EW] message prefix', () => {
    expect(fluentCodeOf({ message: 'C0020E: user does not have USER_CREATE' })).toBe('C0020E');
    expect(fluentCodeOf({ message: '  C0001W query complexity' })).toBe('C0001W');
  });
  it('finds nothing in an ordinary message', () => {
    expect(fluentCodeOf({ message: 'Variable "$input" got invalid value' })).toBeUndefined();
    expect(fluentCodeOf({ message: 'see C0020E later' })).toBeUndefined();
    expect(fluentCodeOf({})).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0.5 ', now)).toBe(500);
  });
  it('reads an HTTP-date relative to now, never negative', () => {
    expect(parseRetryAfter(new Date(now + 4000).toUTCString(), now)).toBe(4000);
    expect(parseRetryAfter(new Date(now - 4000).toUTCString(), now)).toBe(0);
  });
  it('ignores absent and malformed values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
  });
});

describe('classifyHttpFailure', () => {
  it.each([408, 429, 500, 502, 503, 504])('HTTP %i is transient', (status) => {
    expect(classifyHttpFailure('users', json(status, {}), now).transient).toBe(true);
  });

  it.each([400, 401, 403, 404, 413, 422])('HTTP %i is permanent', (status) => {
    expect(classifyHttpFailure('users', json(status, {}), now).transient).toBe(false);
  });

  it('carries Retry-After and the GraphQL error of the body', () => {
    const failure = classifyHttpFailure(
      'createUser',
      json(
        429,
        { errors: [{ message: 'slow down', extensions: { code: 'RATE_LIMITED' } }] },
        { 'retry-after': '2' },
      ),
      now,
    );
    expect(failure).toMatchObject({ transient: true, retryAfterMs: 2000, code: 'RATE_LIMITED' });
    expect(failure.message).toBe('Fluent createUser failed: HTTP 429 — slow down');
  });

  it('explains a 403 and does not dump HTML bodies', () => {
    const failure = classifyHttpFailure(
      'users',
      { status: 403, headers: {}, body: '<html>Forbidden</html>' },
      now,
    );
    expect(failure.message).toBe(
      'Fluent users failed: HTTP 403 — the integration user lacks a permission in Fluent',
    );
  });

  it('applies the redactor', () => {
    const failure = classifyHttpFailure(
      'users',
      { status: 400, headers: {}, body: 'bad token abc123' },
      now,
      (t) => t.replace('abc123', '***'),
    );
    expect(failure.message).toContain('bad token ***');
  });
});

describe('classifyGraphQLErrors', () => {
  it('is permanent, with the Fluent code and a hint for missing permissions', () => {
    const failure = classifyGraphQLErrors('createUser', [
      { message: 'C0020E: user does not have all the required permissions: USER_CREATE' },
      { message: 'second' },
    ]);
    expect(failure).toMatchObject({ transient: false, code: 'C0020E' });
    expect(failure.message).toBe(
      'Fluent createUser failed: C0020E: user does not have all the required permissions: USER_CREATE (and 1 more)' +
        ' — grant the integration user the missing permission in Fluent',
    );
  });

  it('names a code that the message does not show', () => {
    const failure = classifyGraphQLErrors('updateUser', [
      { message: 'Role not found', extensions: { code: 'C0120E' } },
    ]);
    expect(failure.message).toBe('Fluent updateUser failed: Role not found [C0120E]');
  });

  it('treats GraphQL validation errors as permanent', () => {
    const failure = classifyGraphQLErrors('users', [
      {
        message: 'Cannot query field "nope" on type "User".',
        extensions: { classification: 'ValidationError' },
      },
    ]);
    expect(failure.transient).toBe(false);
  });

  it('treats rate-limit and timeout codes as transient', () => {
    expect(
      classifyGraphQLErrors('users', [{ message: 'busy', extensions: { code: 'RATE_LIMITED' } }]).transient,
    ).toBe(true);
    expect(
      classifyGraphQLErrors('users', [{ message: 'x', extensions: { code: 'TIMEOUT' } }]).transient,
    ).toBe(true);
  });
});

describe('classifyTransportFailure', () => {
  it('is transient and keeps the transport error as its cause', () => {
    const cause = new TransportError('no answer from host/graphql within 100 ms', { failure: 'timeout' });
    const failure = classifyTransportFailure('users', cause);
    expect(failure).toMatchObject({ transient: true, cause });
    expect(failure.message).toBe('Fluent users failed: no answer from host/graphql within 100 ms');
  });
});
