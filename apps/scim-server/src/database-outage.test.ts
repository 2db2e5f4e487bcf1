import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, recognizeDatabaseOutage } from './database-outage.ts';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a reset connection', withCode('ECONNRESET')],
    [
      'PostgreSQL shutting down (admin_shutdown)',
      withCode('57P01', 'terminating connection due to administrator command'),
    ],
    ['PostgreSQL starting up (cannot_connect_now)', withCode('57P03', 'the database system is starting up')],
    ['a connection exception (08006)', withCode('08006')],
    ['too many connections', withCode('53300')],
    ['SQLite busy beyond its timeout', withCode('SQLITE_BUSY', 'database is locked')],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
    [
      'a host with two addresses, both refused',
      new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], ''),
    ],
    [
      'an outage wrapped as a cause',
      new Error('cannot open the database', { cause: withCode('ECONNREFUSED') }),
    ],
  ])('recognises %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505', 'duplicate key value violates unique constraint')],
    ['a syntax error', withCode('42601')],
    ['a serialisation failure', withCode('40001')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a non-error', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('leaves %s alone', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('survives a cause cycle', () => {
    const error = new Error('loop') as Error & { cause?: unknown };
    error.cause = error;
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('recognizeDatabaseOutage', () => {
  it('gives the client an actionable detail and a retry delay, without internals', () => {
    const outage = recognizeDatabaseOutage(withCode('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.7:5432'));
    expect(outage?.retryAfterSeconds).toBeGreaterThan(0);
    expect(outage?.detail).toMatch(/database/);
    expect(outage?.detail).not.toMatch(/10\.0\.0\.7|ECONNREFUSED/);
    expect(recognizeDatabaseOutage(new Error('bug'))).toBeUndefined();
  });
});
