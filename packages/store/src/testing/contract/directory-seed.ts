/** A small directory with the variety filters care about: case, absent values, several emails, dates. */
import type { ScimStore, StoredUser } from '@scim-connector/scim';
import { newUser, type TestClock } from '../fixtures.ts';

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

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
    const input = newUser(spec.userName, {
      ...('externalId' in spec && { externalId: spec.externalId }),
      active: 'active' in spec ? spec.active : true,
      resource: {
        ...('family' in spec && { name: { familyName: spec.family } }),
        ...(emails !== undefined && { emails }),
        [ENTERPRISE]: { department: spec.userName.length % 2 === 0 ? 'Sales' : 'Ops' },
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
