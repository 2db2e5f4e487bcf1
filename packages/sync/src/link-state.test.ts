import type { PlatformUser } from '@scim-connector/platform';
import type { JsonValue } from '@scim-connector/store';
import { describe, expect, it } from 'vitest';
import { type AccountLink, type LastDecision, readLink, storedLink } from './link-state.ts';
import { locateAccount } from './locate-account.ts';

const AT = '2025-06-01T00:00:00.000Z';
const DECISION: LastDecision = {
  trigger: 'user.created',
  outcome: 'block',
  reasons: ['unresolved-role'],
  blockedReasons: ['unresolved-role'],
  unresolved: [{ name: 'AGENT_1_X', source: 'direct', reason: 'unknown-role', message: 'no role X' }],
  decidedBy: ['block-unresolved'],
  effectiveRoles: ['AGENT_1_STORE'],
  userType: { type: 'LOCATION', primaryLocation: '1' },
  at: AT,
};
const LINKED: AccountLink = {
  kind: 'linked',
  platformUserId: '42',
  username: 'a@example.com',
  status: 'INACTIVE',
  createdByConnector: false,
  roles: ['AGENT_1_STORE'],
};

const read = (state: JsonValue) => readLink({ userId: 'u1', state, lastSyncedAt: AT });

describe('readLink', () => {
  it('reads back every state it stores, with its last decision', () => {
    const links: AccountLink[] = [
      LINKED,
      { kind: 'creating', username: 'a@example.com' },
      { kind: 'absent' },
      { kind: 'not-linked', username: 'a@example.com' },
    ];
    for (const link of links) {
      const stored = storedLink('u1', { link, lastDecision: DECISION }, AT);
      // Through JSON, as the store keeps it.
      expect(read(JSON.parse(JSON.stringify(stored.state)))).toEqual({
        userId: 'u1',
        link,
        lastDecision: DECISION,
        lastSyncedAt: AT,
      });
    }
    expect(read({ link: { kind: 'absent' }, lastDecision: null }).lastDecision).toBeUndefined();
  });

  it('reads a state that is no link state as unreadable, never as linked', () => {
    const malformed: [JsonValue, RegExp][] = [
      [null, /not an object/],
      ['ACTIVE', /not an object/],
      [{ unconverted: { last_status: 'ACTIVE' } }, /`link` is not an object/],
      [{ link: { ...LINKED, platformUserId: '' } }, /platformUserId/],
      [{ link: { ...LINKED, platformUserId: 42 } }, /platformUserId/],
      [{ link: { ...LINKED, status: 'SUSPENDED' } }, /status/],
      [{ link: { ...LINKED, roles: ['A', 1] } }, /roles/],
      [{ link: { ...LINKED, createdByConnector: 'yes' } }, /createdByConnector/],
      [{ link: { kind: 'creating' } }, /needs a username/],
      [{ link: { kind: 'ACTIVE', platformUserId: '42', username: 'a@example.com' } }, /kind "ACTIVE"/],
    ];
    for (const [state, problem] of malformed) {
      const { link } = read(state);
      expect(link.kind, JSON.stringify(state)).toBe('unreadable');
      if (link.kind === 'unreadable') expect(link.problem).toMatch(problem);
    }
  });

  it('reads a decision stored before blockedReasons existed: a block’s reasons were its block reasons', () => {
    const { blockedReasons: _dropped, ...older } = DECISION;
    expect(read({ link: LINKED, lastDecision: older }).lastDecision).toEqual(DECISION);
    const deactivated = { ...older, outcome: 'deactivate', reasons: ['no-roles'] };
    expect(read({ link: LINKED, lastDecision: deactivated }).lastDecision?.blockedReasons).toEqual([]);
  });

  it('reads a decision stored before effective roles were recorded as granting none', () => {
    const { effectiveRoles: _dropped, ...older } = DECISION;
    expect(read({ link: LINKED, lastDecision: older }).lastDecision).toEqual({
      ...DECISION,
      effectiveRoles: [],
    });
  });

  it('drops a last decision that does not read as one, keeping the link', () => {
    const broken: JsonValue[] = [
      'block',
      { ...DECISION, outcome: 'maybe' },
      { ...DECISION, trigger: 'user.renamed' },
      { ...DECISION, reasons: 'unresolved-role' },
      { ...DECISION, unresolved: [{ name: 'X', source: 'direct', reason: 'typo', message: '' }] },
      { ...DECISION, at: null },
      { ...DECISION, blockedReasons: 'unresolved-role' },
      { ...DECISION, effectiveRoles: ['AGENT_1_STORE', 7] },
    ];
    for (const lastDecision of broken) {
      const record = read(JSON.parse(JSON.stringify({ link: LINKED, lastDecision })));
      expect(record.link).toEqual(LINKED);
      expect(record.lastDecision, JSON.stringify(lastDecision)).toBeUndefined();
    }
  });
});

describe('locateAccount with an unreadable link', () => {
  it('treats the account found by the user name as not the connector’s', async () => {
    const account: PlatformUser = {
      id: '42',
      username: 'a@example.com',
      ref: 'a@example.com',
      status: 'ACTIVE',
      userType: { type: 'ADMIN' },
      roles: [],
      profile: {},
    };
    const platform = {
      findUserByUsername: async (username: string) => (username === account.username ? account : undefined),
    };
    const located = await locateAccount(
      platform,
      read({ link: { ...LINKED, platformUserId: '' } }),
      'a@example.com',
    );
    expect(located).toEqual({ account, linked: false, createdByConnector: false });
  });
});
