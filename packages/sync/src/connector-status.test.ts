import type { PlatformLink } from '@scim-connector/store';
import { describe, expect, it } from 'vitest';
import { connectorStatus } from './connector-status.ts';

function link(userId: string, lastStatus: string, lastDecision: unknown): PlatformLink {
  return {
    userId,
    platformUserId: lastStatus === 'ACTIVE' ? '9' : '',
    username: `${userId}@example.com`,
    createdByConnector: true,
    lastStatus,
    lastRoles: [],
    lastDecision,
    lastSyncedAt: '2025-06-01T00:00:00.000Z',
  };
}

describe('connectorStatus', () => {
  it('shows the platform status, blocked reasons and last sync time of each linked user', async () => {
    const links = new Map([
      ['a', link('a', 'ACTIVE', { outcome: 'update', reasons: [] })],
      ['b', link('b', 'ABSENT', { outcome: 'block', reasons: ['unresolved-role'] })],
      ['c', link('c', 'CREATING', null)],
    ]);
    const reads: (readonly string[])[] = [];
    const getLinks = async (ids: readonly string[]) => {
      reads.push(ids);
      return new Map([...links].filter(([id]) => ids.includes(id)));
    };
    const states = await connectorStatus({ getLinks }, ['a', 'b', 'c', 'unknown']);
    expect(reads, 'one read for the whole page').toHaveLength(1);
    expect(Object.fromEntries(states)).toEqual({
      a: { platformStatus: 'ACTIVE', lastSyncedAt: '2025-06-01T00:00:00.000Z' },
      b: {
        platformStatus: 'ABSENT',
        blockedReasons: ['unresolved-role'],
        lastSyncedAt: '2025-06-01T00:00:00.000Z',
      },
      c: { platformStatus: 'PENDING', lastSyncedAt: '2025-06-01T00:00:00.000Z' },
    });
  });
});
