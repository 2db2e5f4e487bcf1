/** The pseudonymizer's choices attribute by attribute: what is replaced, what is kept, and stability under a key. */
import { describe, expect, it } from 'vitest';
import { createPseudonymizer } from './pseudonymize.ts';

const KEY = new TextEncoder().encode('a test key of at least thirty-two bytes');
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('createPseudonymizer', () => {
  it('replaces personal values in PATCH values and value filters, keeping ids, roles and labels', () => {
    const { entry, userName } = createPseudonymizer(KEY);
    const out = entry({
      method: 'PATCH',
      path: '/Users/u1',
      body: {
        Operations: [
          { op: 'replace', path: 'emails[value eq "Ada@Example.com"].value', value: 'ada@new.example' },
          {
            op: 'replace',
            path: `${ENTERPRISE}:manager`,
            value: { value: 'm1', displayName: 'Grace Hopper' },
          },
          { op: 'add', path: 'roles', value: [{ value: 'AGENT_134_STORE' }] },
          { op: 'replace', path: 'userName', value: 'ADA@example.com' },
        ],
      },
    });
    const text = JSON.stringify(out);
    for (const personal of ['Ada@Example.com', 'ada@new.example', 'Grace Hopper', 'ADA@example.com'])
      expect(text).not.toContain(personal);
    expect(text).toContain('"value":"m1"');
    expect(text).toContain('AGENT_134_STORE');
    expect(text).toContain(`"value":"${userName('ada@example.com')}"`);
    expect(userName('ada@example.com')).toMatch(/^user-[0-9a-f]{16}@example\.invalid$/);
  });

  it("keeps a group's name and member ids, and replaces members' display names", () => {
    const { entry } = createPseudonymizer(KEY);
    const out = entry({
      method: 'POST',
      path: '/Groups',
      id: 'g1',
      body: {
        displayName: 'Store 134',
        externalId: 'grp-134',
        members: [{ value: 'u1', display: 'Ada Lovelace' }],
      },
    });
    expect(out).toMatchObject({ id: 'g1', body: { displayName: 'Store 134', externalId: 'grp-134' } });
    expect(JSON.stringify(out)).not.toContain('Ada Lovelace');
    expect(JSON.stringify(out)).toContain('"value":"u1"');
  });

  it('keeps the schema URNs it knows in schemas, and nothing else written there', () => {
    const { entry } = createPseudonymizer(KEY);
    const out = entry({
      method: 'POST',
      path: '/Users',
      body: {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE, 'ada@example.com'],
        userName: 'x',
      },
    });
    const text = JSON.stringify(out);
    expect(text).toContain(ENTERPRISE);
    expect(text).toContain('urn:ietf:params:scim:schemas:core:2.0:User');
    expect(text).not.toContain('ada@example.com');
    const patched = entry({
      method: 'PATCH',
      path: '/Users/u1',
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [] },
    });
    expect(patched.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [],
    });
  });

  it('is stable under one key, different under another, and refuses a short key', () => {
    const a = createPseudonymizer(KEY).userName('ada@example.com');
    expect(createPseudonymizer(KEY).userName('ADA@example.com')).toBe(a);
    expect(
      createPseudonymizer(new TextEncoder().encode('another key, also thirty-two bytes or more')).userName(
        'ada@example.com',
      ),
    ).not.toBe(a);
    expect(() => createPseudonymizer(new Uint8Array(31))).toThrow(/32 bytes/);
  });
});
