import { describe, expect, it } from 'vitest';
import { createHarness } from './testing/harness.ts';
import { createMemoryStore } from './testing/memory-store.ts';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

class DatabaseAway extends Error {
  readonly code = 'ECONNREFUSED';
}

/** A store whose every call fails as if the database were away. */
function unreachableStore() {
  const store = createMemoryStore();
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return () => Promise.reject(new DatabaseAway('connect ECONNREFUSED 127.0.0.1:5432'));
    },
  });
}

const recognizeOutage = (error: unknown) =>
  error instanceof DatabaseAway
    ? { detail: 'The directory database is unavailable; retry shortly.', retryAfterSeconds: 7 }
    : undefined;

describe('recognizeOutage', () => {
  it('answers a recognised outage 503 with Retry-After, reads and writes alike, and logs no unexpected error', async () => {
    const harness = createHarness({ store: unreachableStore(), recognizeOutage });
    for (const [method, path, body] of [
      ['GET', '/Users', undefined],
      ['GET', '/Users/abc', undefined],
      ['POST', '/Users', { schemas: [CORE_USER], userName: 'a@example.test' }],
    ] as const) {
      const reply = await harness.call(method, path, body ? { body } : {});
      expect(reply.status).toBe(503);
      expect(reply.headers['Retry-After']).toBe('7');
      expect(reply.json).toMatchObject({
        status: '503',
        detail: 'The directory database is unavailable; retry shortly.',
      });
    }
    expect(harness.unexpected).toEqual([]);
  });

  it('leaves errors it does not recognise as 500s, reported as unexpected', async () => {
    const harness = createHarness({ store: unreachableStore(), recognizeOutage: () => undefined });
    const reply = await harness.call('GET', '/Users');
    expect(reply.status).toBe(500);
    expect(reply.headers['Retry-After']).toBeUndefined();
    expect(harness.unexpected).toHaveLength(1);
  });
});
