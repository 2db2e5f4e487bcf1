import type { PlatformLink } from '@scim-connector/store';
import { describe, expect, it } from 'vitest';
import { connectorStatus } from './connector-status.ts';
import { type AccountLink, type LastDecision, storedLink } from './link-state.ts';

const AT = '2025-06-01T00:00:00.000Z';

function decision(
  outcome: LastDecision['outcome'],
  reasons: string[],
  blockedReasons = outcome === 'block' ? reasons : [],
): LastDecision {
  return {
    trigger: 'user.updated',
    outcome,
    reasons,
    blockedReasons,
    unresolved: [],
    decidedBy: [],
    effectiveRoles: [],
    userType: null,
    at: AT,
  };
}

function link(userId: string, account: AccountLink, lastDecision: LastDecision | null): PlatformLink {
  return storedLink(userId, { link: account, lastDecision }, AT);
}

const LINKED: AccountLink = {
  kind: 'linked',
  platformUserId: '9',
  username: 'a@example.com',
  status: 'ACTIVE',
  createdByConnector: true,
  roles: [],
};

describe('connectorStatus', () => {
  it('shows the platform status, blocked reasons and last sync time of each linked user', async () => {
    const links = new Map([
      ['a', link('a', LINKED, decision('update', []))],
      ['b', link('b', { kind: 'absent' }, decision('block', ['unresolved-role']))],
      ['c', link('c', { kind: 'creating', username: 'c@example.com' }, null)],
      ['d', link('d', { kind: 'not-linked', username: 'd@example.com' }, decision('block', ['not-new']))],
      ['e', { userId: 'e', state: { link: { ...LINKED, platformUserId: '' } }, lastSyncedAt: AT }],
      // Deactivated for no-roles while a role was unresolved: the block reason stays visible.
      [
        'f',
        link(
          'f',
          { ...LINKED, status: 'INACTIVE' },
          decision('deactivate', ['no-roles'], ['unresolved-role']),
        ),
      ],
    ]);
    const reads: (readonly string[])[] = [];
    const getLinks = async (ids: readonly string[]) => {
      reads.push(ids);
      return new Map([...links].filter(([id]) => ids.includes(id)));
    };
    const parkedErrors = async () => new Map<string, string>();
    // Reconciliation found a's account drifted; the page's drift is read once, like its links.
    const driftDetectedAtOfUsers = async (ids: readonly string[]) => {
      reads.push(ids);
      return new Map([['a', '2025-05-31T12:00:00.000Z']]);
    };
    const states = await connectorStatus({ getLinks, parkedErrors, driftDetectedAtOfUsers }, [
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
      'unknown',
    ]);
    expect(reads, 'one read of links and one of drift for the whole page').toHaveLength(2);
    expect(Object.fromEntries(states)).toEqual({
      a: { platformStatus: 'ACTIVE', lastSyncedAt: AT, driftDetectedAt: '2025-05-31T12:00:00.000Z' },
      b: { platformStatus: 'ABSENT', blockedReasons: ['unresolved-role'], lastSyncedAt: AT },
      c: { platformStatus: 'PENDING', lastSyncedAt: AT },
      d: { platformStatus: 'NOT_LINKED', blockedReasons: ['not-new'], lastSyncedAt: AT },
      // A link with no account id is not a link: shown as unknown, not as the status it claims.
      e: { platformStatus: 'UNKNOWN', lastSyncedAt: AT },
      f: { platformStatus: 'INACTIVE', blockedReasons: ['unresolved-role'], lastSyncedAt: AT },
    });
  });

  it('shows a parked user as PARKED with the error, with or without a link', async () => {
    const getLinks = async () => new Map([['a', link('a', LINKED, decision('update', []))]]);
    const parkedErrors = async (ids: readonly string[]) =>
      new Map(
        [
          ['a', 'refused by the platform'],
          ['new', 'Fluent requires a primary email'],
        ].filter(([id]) => ids.includes(id ?? '')) as [string, string][],
      );
    const driftDetectedAtOfUsers = async () => new Map<string, string>();
    const states = await connectorStatus({ getLinks, parkedErrors, driftDetectedAtOfUsers }, [
      'a',
      'new',
      'other',
    ]);
    expect(Object.fromEntries(states)).toEqual({
      a: { platformStatus: 'PARKED', syncError: 'refused by the platform', lastSyncedAt: AT },
      new: { platformStatus: 'PARKED', syncError: 'Fluent requires a primary email' },
    });
  });
});
