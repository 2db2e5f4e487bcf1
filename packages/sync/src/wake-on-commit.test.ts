import { UniquenessConflict } from '@scim-connector/scim';
import { createMemoryStore } from '@scim-connector/scim/testing';
import { describe, expect, it } from 'vitest';
import { wakeOnCommit } from './wake-on-commit.ts';

const user = (id: string, userName: string) => ({ id, userName, active: true, resource: {} });
const posted = (id: string) => ({ method: 'POST' as const, path: '/Users', id });

describe('wakeOnCommit', () => {
  it('wakes the engine once per stored create, and not for a create the store refused', async () => {
    let wakes = 0;
    const store = wakeOnCommit(createMemoryStore(), () => {
      wakes++;
    });
    await store.createUser(user('u1', 'first@example.com'), posted('u1'));
    expect(wakes).toBe(1);
    await expect(store.createUser(user('u2', 'FIRST@example.com'), posted('u2'))).rejects.toBeInstanceOf(
      UniquenessConflict,
    );
    expect(wakes).toBe(1);
  });

  it('wakes the engine after a transaction with a marking write commits, never for reads or rollbacks', async () => {
    let wakes = 0;
    const store = wakeOnCommit(createMemoryStore(), () => {
      wakes++;
    });
    await store.transaction((tx) => tx.getUser('nobody'));
    expect(wakes).toBe(0);
    await expect(
      store.transaction(async (tx) => {
        await tx.insertUser(user('u1', 'rolled-back@example.com'));
        throw new Error('fails after the write');
      }),
    ).rejects.toThrow('fails after the write');
    expect(wakes).toBe(0);
    await store.transaction((tx) => tx.insertUser(user('u1', 'kept@example.com')));
    expect(wakes).toBe(1);
  });
});
