/** The examples and rules of RFC 7644 sections 3.5.2 and 3.5.2.1-3, applied to the server's own schemas. */
import { describe, expect, it } from 'vitest';
import { CORE_GROUP, CORE_USER, expectScimError, PATCH_OP, patch } from './test-fixtures.ts';

const BABS = '2819c223-7f76-453a-919d-413861904646';
const JAMES = '08e1d05d-121c-4561-8b96-473d93df9210';

const body = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });

function bjensen() {
  return {
    schemas: [CORE_USER],
    id: BABS,
    userName: 'bjensen',
    name: { givenName: 'Barbara', familyName: 'Jensen' },
    emails: [
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
      { value: 'barbara@example.com', type: 'work' },
    ],
    addresses: [
      { type: 'work', streetAddress: '100 Universal City Plaza', locality: 'Hollywood', primary: true },
      { type: 'home', streetAddress: '456 Hollywood Blvd', locality: 'Hollywood' },
    ],
  };
}

function tourGuides() {
  return {
    schemas: [CORE_GROUP],
    id: 'e9e30dba-f08f-4109-8486-d5c6a331660a',
    displayName: 'Tour Guides',
    members: [{ value: BABS, display: 'Babs Jensen', $ref: `https://example.com/v2/Users/${BABS}` }],
  };
}

describe('RFC 7644 section 3.5.2.1 add', () => {
  it('adds a member to a group (the RFC example)', () => {
    const james = { display: 'James Smith', $ref: `https://example.com/v2/Users/${JAMES}`, value: JAMES };
    const { resource } = patch(tourGuides(), body({ op: 'add', path: 'members', value: [james] }), 'Group');
    expect(resource.members).toEqual([...tourGuides().members, james]);
  });

  it('adds attributes with a path-less value: emails appended, nickName set', () => {
    const { resource } = patch(
      bjensen(),
      body({
        op: 'add',
        value: {
          emails: [
            { value: 'babs@jensen.org', type: 'home' },
            { value: 'new@jensen.org', type: 'other' },
          ],
          nickName: 'Babs',
        },
      }),
      'User',
    );
    // babs@jensen.org/home is already there: "no changes SHOULD be made" for it.
    expect(resource.emails).toEqual([...bjensen().emails, { value: 'new@jensen.org', type: 'other' }]);
    expect(resource.nickName).toBe('Babs');
  });

  it('on a single-valued attribute replaces the value; on a complex one merges sub-attributes', () => {
    const { resource } = patch(
      bjensen(),
      body(
        { op: 'add', path: 'userName', value: 'babs' },
        { op: 'add', path: 'name', value: { middleName: 'Jane' } },
      ),
      'User',
    );
    expect(resource.userName).toBe('babs');
    expect(resource.name).toEqual({ givenName: 'Barbara', familyName: 'Jensen', middleName: 'Jane' });
  });

  it('needs a value', () => {
    const error = expectScimError(
      () => patch(bjensen(), body({ op: 'add', path: 'nickName' }), 'User'),
      400,
      'invalidValue',
    );
    expect(error.detail).toBe('Operations[0]: "add" needs a "value" (RFC 7644 section 3.5.2.1).');
  });
});

describe('RFC 7644 section 3.5.2.2 remove', () => {
  it('needs a path: noTarget', () => {
    const error = expectScimError(() => patch(bjensen(), body({ op: 'remove' }), 'User'), 400, 'noTarget');
    expect(error.detail).toContain('"remove" needs a "path"');
  });

  it('removes all members', () => {
    const { resource } = patch(tourGuides(), body({ op: 'remove', path: 'members' }), 'Group');
    expect(resource).not.toHaveProperty('members');
  });

  it('removes a single member with a filter', () => {
    const { resource } = patch(
      tourGuides(),
      body({ op: 'remove', path: `members[value eq "${BABS}"]` }),
      'Group',
    );
    expect(resource).not.toHaveProperty('members');
    expect(resource.displayName).toBe('Tour Guides');
  });

  it('removes every value a complex filter matches', () => {
    const { resource } = patch(
      bjensen(),
      body({ op: 'remove', path: 'emails[type eq "work" and value ew "example.com"]' }),
      'User',
    );
    expect(resource.emails).toEqual([{ value: 'babs@jensen.org', type: 'home' }]);
  });

  it('removes a sub-attribute of the matching values, and a value left empty goes with it', () => {
    const { resource } = patch(
      bjensen(),
      body(
        { op: 'remove', path: 'addresses[type eq "home"].streetAddress' },
        { op: 'remove', path: 'name.givenName' },
      ),
      'User',
    );
    expect(resource.addresses).toEqual([bjensen().addresses[0], { type: 'home', locality: 'Hollywood' }]);
    expect(resource.name).toEqual({ familyName: 'Jensen' });
  });

  it('replaces all members with remove + add in one request (the RFC example)', () => {
    const james = { display: 'James Smith', $ref: `https://example.com/v2/Users/${JAMES}`, value: JAMES };
    const { resource } = patch(
      tourGuides(),
      body({ op: 'remove', path: 'members' }, { op: 'add', path: 'members', value: [james] }),
      'Group',
    );
    expect(resource.members).toEqual([james]);
  });

  it('refuses to remove a required attribute: mutability', () => {
    for (const [resource, type, path] of [
      [bjensen(), 'User', 'userName'],
      [tourGuides(), 'Group', 'displayName'],
    ] as const) {
      const error = expectScimError(
        () => patch(resource, body({ op: 'remove', path }), type),
        400,
        'mutability',
      );
      expect(error.detail).toContain(`"${path}" is required`);
    }
  });
});

describe('RFC 7644 section 3.5.2.3 replace', () => {
  it('replaces all members', () => {
    const members = [{ value: JAMES, display: 'James Smith' }];
    expect(
      patch(tourGuides(), body({ op: 'replace', path: 'members', value: members }), 'Group').resource.members,
    ).toEqual(members);
  });

  it('replaces the work address whole (the RFC example)', () => {
    const work = {
      type: 'work',
      streetAddress: '911 Universal City Plaza',
      locality: 'Hollywood',
      region: 'CA',
      postalCode: '91608',
      country: 'US',
      formatted: '911 Universal City Plaza\nHollywood, CA 91608 US',
      primary: true,
    };
    const { resource } = patch(
      bjensen(),
      body({ op: 'replace', path: 'addresses[type eq "work"]', value: work }),
      'User',
    );
    expect(resource.addresses).toEqual([work, bjensen().addresses[1]]);
  });

  it('replaces one sub-attribute of the matching values (the RFC example)', () => {
    const { resource } = patch(
      bjensen(),
      body({ op: 'replace', path: 'addresses[type eq "work"].streetAddress', value: '1010 Broadway Ave' }),
      'User',
    );
    expect(resource.addresses).toEqual([
      { ...bjensen().addresses[0], streetAddress: '1010 Broadway Ave' },
      bjensen().addresses[1],
    ]);
  });

  it('replaces several attributes with a path-less value (the RFC example)', () => {
    const emails = [
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ];
    const { resource } = patch(
      bjensen(),
      body({ op: 'replace', value: { emails, nickName: 'Babs' } }),
      'User',
    );
    expect(resource.emails).toEqual(emails);
    expect(resource.nickName).toBe('Babs');
  });

  it('on a complex attribute leaves the sub-attributes not given unchanged', () => {
    const { resource } = patch(
      bjensen(),
      body({ op: 'replace', path: 'name', value: { givenName: 'Babs' } }),
      'User',
    );
    expect(resource.name).toEqual({ givenName: 'Babs', familyName: 'Jensen' });
  });

  it('on an attribute that does not exist acts as add', () => {
    expect(
      patch(bjensen(), body({ op: 'replace', path: 'title', value: 'Tour Guide' }), 'User').resource.title,
    ).toBe('Tour Guide');
  });

  it('with a filter that matches nothing and is not an equality: noTarget', () => {
    const error = expectScimError(
      () =>
        patch(
          bjensen(),
          body({ op: 'replace', path: 'emails[value co "nowhere"].type', value: 'home' }),
          'User',
        ),
      400,
      'noTarget',
    );
    expect(error.detail).toContain('matches no value');
  });
});

describe('RFC 7644 section 3.5.2 general rules', () => {
  it('setting a new primary value clears primary on the others', () => {
    const { resource } = patch(
      bjensen(),
      body({ op: 'replace', path: 'emails[type eq "home"].primary', value: true }),
      'User',
    );
    expect(resource.emails).toEqual([
      { value: 'bjensen@example.com', type: 'work', primary: false },
      { value: 'babs@jensen.org', type: 'home', primary: true },
      { value: 'barbara@example.com', type: 'work' },
    ]);
  });

  it('adding a primary value clears primary on the existing ones', () => {
    const { resource } = patch(
      bjensen(),
      body({ op: 'add', path: 'emails', value: [{ value: 'x@example.com', type: 'other', primary: true }] }),
      'User',
    );
    expect((resource.emails as { primary?: boolean }[]).filter((e) => e.primary === true)).toEqual([
      { value: 'x@example.com', type: 'other', primary: true },
    ]);
  });

  it('refuses two primary values in one operation', () => {
    const emails = [
      { value: 'a@example.com', primary: true },
      { value: 'b@example.com', primary: true },
    ];
    expectScimError(
      () => patch(bjensen(), body({ op: 'replace', path: 'emails', value: emails }), 'User'),
      400,
      'invalidValue',
    );
  });

  it('an unknown attribute is invalidPath, never silently ignored', () => {
    for (const op of [
      { op: 'replace', path: 'favouriteColour', value: 'blue' },
      { op: 'remove', path: 'favouriteColour' },
      { op: 'replace', path: 'name.nickname', value: 'x' },
      { op: 'replace', path: 'urn:example:unknown:1.0:User:thing', value: 'x' },
      { op: 'replace', value: { favouriteColour: 'blue' } },
      { op: 'replace', path: 'emails[colour eq "blue"].value', value: 'x' },
      { op: 'replace', path: 'name[givenName eq "x"]', value: 'x' },
      { op: 'replace', path: 'emails[type eq', value: 'x' },
    ]) {
      expectScimError(() => patch(bjensen(), body(op), 'User'), 400, 'invalidPath');
    }
  });

  it("group members are immutable once added: changing one member's display is mutability", () => {
    expectScimError(
      () =>
        patch(
          tourGuides(),
          body({ op: 'replace', path: `members[value eq "${BABS}"].display`, value: 'B' }),
          'Group',
        ),
      400,
      'mutability',
    );
  });
});
