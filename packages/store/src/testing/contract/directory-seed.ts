/** A small directory with the variety filters care about: case, absent values, several emails, dates. */
import type { ScimStore, StoredUser } from '@scim-connector/scim';
import { newUser, type TestClock } from '../fixtures.ts';

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/**
 * Title, display name, given name and employee number (migration 0008's columns) for some seeded users: mixed
 * case, an empty string, an accent in decomposed form, and users without them.
 */
const PROFILES: Record<
  string,
  { title?: string; displayName?: string; given?: string; employeeNumber?: string }
> = {
  'alice@example.com': {
    title: 'Store Manager',
    displayName: 'Alice Smith',
    given: 'Alice',
    employeeNumber: '00123',
  },
  'Bob@Example.com': { title: 'store clerk', displayName: 'BOB', given: 'bob', employeeNumber: 'E-7' },
  'carol@contoso.com': { title: '', given: 'Carol' },
  'dave@contoso.com': { title: 'Regional Manager', displayName: 'Dave', employeeNumber: '2025-01-01' },
  'Eve@example.com': { displayName: 'E\u0301ve Adams', given: 'E\u0301ve' },
  'grace@example.org': { title: 'STORE MANAGER', displayName: '', employeeNumber: '00124' },
};

export async function seedDirectory(store: ScimStore, clock: TestClock): Promise<StoredUser[]> {
  const specs = [
    {
      userName: 'alice@example.com',
      externalId: 'EXT-A',
      family: 'Smith',
      emails: [['alice@example.com', 'work', true]],
    },
    {
      userName: 'Bob@Example.com',
      externalId: 'ext-b',
      family: 'jones',
      emails: [
        ['bob@home.net', 'home', false],
        ['BOB@example.com', 'work', true],
      ],
    },
    {
      userName: 'carol@contoso.com',
      family: 'Smith',
      active: false,
      emails: [['carol@contoso.com', 'work', undefined]],
    },
    { userName: 'dave@contoso.com', externalId: 'EXT-D', emails: [] },
    { userName: 'Eve@example.com', family: 'Adams', emails: [['eve@example.com', undefined, undefined]] },
    { userName: 'frank', externalId: '', family: 'Zed', active: false },
    {
      userName: 'grace@example.org',
      externalId: 'ext-g',
      family: 'smith',
      emails: [
        ['grace@example.org', 'Work', true],
        ['g@example.org', 'other', false],
      ],
    },
    { userName: 'heidi@example.com', emails: [[undefined, 'work', true]] },
  ] as const;
  const users: StoredUser[] = [];
  for (const spec of specs) {
    clock.advance(60_000);
    const emails =
      'emails' in spec
        ? spec.emails.map(([value, type, primary]) => ({
            ...(value !== undefined && { value }),
            ...(type !== undefined && { type }),
            ...(primary !== undefined && { primary }),
          }))
        : undefined;
    const profile = PROFILES[spec.userName] ?? {};
    const name = {
      ...('family' in spec && { familyName: spec.family }),
      ...(profile.given !== undefined && { givenName: profile.given }),
    };
    const input = newUser(spec.userName, {
      ...('externalId' in spec && { externalId: spec.externalId }),
      active: 'active' in spec ? spec.active : true,
      resource: {
        ...(Object.keys(name).length > 0 && { name }),
        ...(profile.title !== undefined && { title: profile.title }),
        ...(profile.displayName !== undefined && { displayName: profile.displayName }),
        ...(emails !== undefined && { emails }),
        [ENTERPRISE]: {
          department: spec.userName.length % 2 === 0 ? 'Sales' : 'Ops',
          ...(profile.employeeNumber !== undefined && { employeeNumber: profile.employeeNumber }),
        },
      },
    });
    users.push(await store.transaction((tx) => tx.insertUser(input)));
  }
  return users;
}

/**
 * Users whose names hold quotes, beside the seeded directory: what a misquoted filter would have been compared
 * with (`'alice@example.com'` with its quotes), and values where `'` and `"` are plain characters. The SQL
 * translation binds values as parameters, so they must select exactly what the in-memory predicate does.
 */
export async function seedQuotedNames(store: ScimStore, clock: TestClock): Promise<StoredUser[]> {
  const specs = [
    { userName: "o'brien@example.com", externalId: "O'B", family: "O'Brien", email: "o'brien@example.com" },
    { userName: "'alice@example.com'", externalId: "'123'", family: "'Smith'", email: "'alice'@example.com" },
    { userName: 'say"hi"@example.com', externalId: '"123"', family: 'Q"uote', email: '"dq"@example.com' },
  ];
  const users: StoredUser[] = [];
  for (const spec of specs) {
    clock.advance(60_000);
    const input = newUser(spec.userName, {
      externalId: spec.externalId,
      resource: { name: { familyName: spec.family }, emails: [{ value: spec.email, type: 'work' }] },
    });
    users.push(await store.transaction((tx) => tx.insertUser(input)));
  }
  return users;
}
