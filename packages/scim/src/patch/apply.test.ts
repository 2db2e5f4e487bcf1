/** applyPatch on canonical operations: atomicity, purity, the engine's strict checks and its bookkeeping. */
import { describe, expect, it } from 'vitest';
import { applyPatch } from './apply.ts';
import { referencedMemberIds } from './members.ts';
import { normalizePatchRequest } from './normalize.ts';
import type { PatchOperation } from './operation.ts';
import {
  CONNECTOR_GROUP,
  CORE_USER,
  deepFreeze,
  ENTERPRISE,
  entraUser,
  expectScimError,
  OKTA_MEMBER_A,
  OKTA_MEMBER_B,
  oktaGroup,
  oktaUser,
  PATCH_OP,
  patch,
} from './test-fixtures.ts';

const body = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });

describe('applyPatch: atomicity and purity', () => {
  it('never modifies its input, even when it succeeds', () => {
    const user = deepFreeze(entraUser());
    const ops = normalizePatchRequest(
      body(
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'x@example.com' },
        { op: 'replace', path: 'name.familyName', value: 'X' },
        { op: 'add', path: `${ENTERPRISE}:department`, value: 'D' },
      ),
      'User',
    );
    const result = applyPatch(user, ops, { resourceType: 'User' });
    expect(user).toEqual(entraUser());
    expect(result.resource).not.toBe(user);
    expect(result.changed).toBe(true);
  });

  it('applies nothing when a later operation fails: the error escapes and no resource is returned', () => {
    const user = entraUser();
    const ops = normalizePatchRequest(
      body({ op: 'replace', path: 'displayName', value: 'Changed' }, { op: 'remove', path: 'userName' }),
      'User',
    );
    expectScimError(() => applyPatch(user, ops, { resourceType: 'User' }), 400, 'mutability');
    expect(user).toEqual(entraUser());
  });

  it('the result shares no objects with the operations, so later edits of one cannot reach the other', () => {
    const value = [{ value: 'a@example.com', type: 'home' }];
    const ops: PatchOperation[] = [{ op: 'add', path: { path: { attr: 'emails' } }, value }];
    const { resource } = applyPatch(oktaUser(), ops, { resourceType: 'User' });
    (value[0] as { value: string }).value = 'mutated@example.com';
    expect(resource.emails).toContainEqual({ value: 'a@example.com', type: 'home' });
  });

  it("applies operations in order: later ones see the earlier ones' result", () => {
    const { resource } = patch(
      oktaUser(),
      body({ op: 'add', path: 'nickName', value: 'A' }, { op: 'replace', path: 'nickName', value: 'B' }),
      'User',
    );
    expect(resource.nickName).toBe('B');
  });
});

describe('applyPatch: strict checks', () => {
  it.each([
    ['active', 'yes', '"active" must be true or false'],
    ['userName', 42, '"userName" must be a string'],
    ['userName', '', '"userName" is required and cannot be empty'],
    ['emails', 'a@example.com', '"emails" is multi-valued and needs an array'],
    ['emails', ['a@example.com'], '"emails" is complex'],
    ['name', 'Babs Jensen', '"name" is complex'],
    ['name', { nick: 'x' }, '"name" has no sub-attribute "nick"'],
  ])('%s = %j is invalidValue', (path, value, detail) => {
    const ops: PatchOperation[] = [{ op: 'replace', path: { path: { attr: path } }, value }];
    const error = expectScimError(
      () => applyPatch(oktaUser(), ops, { resourceType: 'User' }),
      400,
      'invalidValue',
    );
    expect(error.detail).toContain(detail);
  });

  it('a canonical add or replace without a value is invalidValue', () => {
    const ops: PatchOperation[] = [{ op: 'replace', path: { path: { attr: 'nickName' } } }];
    expectScimError(() => applyPatch(oktaUser(), ops, { resourceType: 'User' }), 400, 'invalidValue');
  });

  it('a canonical path-less remove is noTarget', () => {
    expectScimError(
      () => applyPatch(oktaUser(), [{ op: 'remove' }], { resourceType: 'User' }),
      400,
      'noTarget',
    );
  });

  it('members entries need a value', () => {
    const error = expectScimError(
      () => patch(oktaGroup(), body({ op: 'add', path: 'members', value: [{ display: 'no id' }] }), 'Group'),
      400,
      'invalidValue',
    );
    expect(error.detail).toContain('needs a "value"');
  });

  it("Entra-style remove with a value list needs each entry's value", () => {
    expectScimError(
      () => patch(oktaGroup(), body({ op: 'remove', path: 'members', value: [{ display: 'x' }] }), 'Group'),
      400,
      'invalidValue',
    );
  });

  it('a read-only sub-attribute inside a value is dropped, by path it is mutability', () => {
    const { resource } = patch(
      oktaUser(),
      body({ op: 'add', path: `${ENTERPRISE}:manager`, value: { value: 'm', displayName: 'Boss' } }),
      'User',
    );
    expect(resource[ENTERPRISE]).toEqual({ manager: { value: 'm' } });
    expectScimError(
      () =>
        patch(
          oktaUser(),
          body({ op: 'add', path: `${ENTERPRISE}:manager.displayName`, value: 'Boss' }),
          'User',
        ),
      400,
      'mutability',
    );
  });

  it('replace with null unassigns, and is refused for required attributes', () => {
    const { resource } = patch(oktaUser(), body({ op: 'replace', path: 'displayName', value: null }), 'User');
    expect(resource).not.toHaveProperty('displayName');
    expectScimError(
      () => patch(oktaUser(), body({ op: 'replace', path: 'userName', value: null }), 'User'),
      400,
      'mutability',
    );
  });

  it('a null sub-attribute in a complex replace unassigns just that sub-attribute', () => {
    const { resource } = patch(
      oktaUser(),
      body({ op: 'replace', path: 'name', value: { givenName: null } }),
      'User',
    );
    expect(resource.name).toEqual({ familyName: 'User' });
  });
});

describe('applyPatch: extensions', () => {
  it('writing an extension attribute lists its URN in schemas; removing the last one unlists it', () => {
    const added = patch(
      oktaUser(),
      body({ op: 'add', path: `${ENTERPRISE}:costCenter`, value: 'CC' }),
      'User',
    ).resource;
    expect(added.schemas).toEqual([CORE_USER, ENTERPRISE]);
    const removed = patch(added, body({ op: 'remove', path: `${ENTERPRISE}:costCenter` }), 'User').resource;
    expect(removed).toEqual(oktaUser());
  });

  it('removing an absent extension attribute changes nothing, not even schemas', () => {
    const listed = { ...oktaUser(), schemas: [CORE_USER, ENTERPRISE] };
    const result = patch(listed, body({ op: 'remove', path: `${ENTERPRISE}:department` }), 'User');
    expect(result).toEqual({ resource: listed, warnings: [], changed: false });
  });

  it('a path naming the whole extension: add its attributes, or remove them all', () => {
    const added = patch(
      oktaUser(),
      body({ op: 'add', path: ENTERPRISE, value: { department: 'D', manager: 'boss' } }),
      'User',
    ).resource;
    expect(added[ENTERPRISE]).toEqual({ department: 'D', manager: { value: 'boss' } });
    expect(patch(added, body({ op: 'remove', path: ENTERPRISE }), 'User').resource).toEqual(oktaUser());
  });

  it('manager given as an empty string clears it (and the then empty extension)', () => {
    const withManager = patch(
      oktaUser(),
      body({ op: 'add', path: `${ENTERPRISE}:manager`, value: 'boss' }),
      'User',
    );
    const cleared = patch(
      withManager.resource,
      body({ op: 'Replace', path: `${ENTERPRISE}:manager`, value: '' }),
      'User',
    );
    expect(cleared.resource).toEqual(oktaUser());
  });

  it('group roles extension: add and remove a role', () => {
    const roles = [{ value: 'RETAILER_199_STORE_MANAGER' }];
    const added = patch(
      oktaGroup(),
      body({ op: 'add', path: `${CONNECTOR_GROUP}:roles`, value: roles }),
      'Group',
    );
    expect(added.resource[CONNECTOR_GROUP]).toEqual({ roles });
    const removed = patch(
      added.resource,
      body({ op: 'remove', path: `${CONNECTOR_GROUP}:roles[value eq "RETAILER_199_STORE_MANAGER"]` }),
      'Group',
    );
    expect(removed.resource).toEqual(oktaGroup());
  });
});

describe('applyPatch: members', () => {
  it('accepts memberExists as a predicate or a set, with the same outcome', () => {
    const request = body({
      op: 'replace',
      path: 'members',
      value: [{ value: OKTA_MEMBER_A }, { value: 'ghost' }],
    });
    const bySet = patch(oktaGroup(), request, 'Group', { memberExists: new Set([OKTA_MEMBER_A]) });
    const byFunction = patch(oktaGroup(), request, 'Group', { memberExists: (id) => id === OKTA_MEMBER_A });
    expect(bySet).toEqual(byFunction);
    expect(bySet.resource.members).toEqual([{ value: OKTA_MEMBER_A }]);
    expect(bySet.warnings.map((w) => w.code)).toEqual(['unknown-member']);
  });

  it('a filtered add that creates a member checks it exists too', () => {
    const result = patch(
      oktaGroup(),
      body({ op: 'add', path: 'members[value eq "ghost"]', value: {} }),
      'Group',
      {
        memberExists: () => false,
      },
    );
    expect(result.resource).toEqual(oktaGroup());
    expect(result.warnings.map((w) => w.code)).toEqual(['unknown-member']);
  });

  it('a filtered add whose value contradicts the filter is invalidValue (found by the property test)', () => {
    const request = body({ op: 'add', path: `members[value eq "${OKTA_MEMBER_A}"]`, value: OKTA_MEMBER_B });
    const error = expectScimError(() => patch(oktaGroup(), request, 'Group'), 400, 'invalidValue');
    expect(error.detail).toContain('contradicts the filter');
  });

  it('a replace that turns one member into another existing one leaves a single entry', () => {
    const group = {
      ...oktaGroup(),
      members: [{ value: OKTA_MEMBER_A }, { value: OKTA_MEMBER_B, type: 'User' }],
    };
    const request = body({
      op: 'replace',
      path: `members[value eq "${OKTA_MEMBER_A}"]`,
      value: { value: OKTA_MEMBER_B },
    });
    expect(patch(group, request, 'Group').resource.members).toEqual([{ value: OKTA_MEMBER_B, type: 'User' }]);
  });

  it('a group stored with "members": [] is unchanged by a PATCH that leaves it empty', () => {
    const empty = { ...oktaGroup(), members: [] };
    const result = patch(empty, body({ op: 'remove', path: 'members[value eq "x"]' }), 'Group');
    expect(result).toMatchObject({ resource: empty, changed: false });
    expect(patch(empty, body({ op: 'replace', path: 'members', value: [] }), 'Group').changed).toBe(false);
  });

  it('referencedMemberIds lists every id an add or replace could bring in', () => {
    const ops = normalizePatchRequest(
      body(
        { op: 'add', path: 'members', value: [{ value: 'a' }, { value: 'b' }] },
        { op: 'replace', value: { members: [{ value: 'c' }] } },
        { op: 'add', path: 'members[value eq "d"]', value: {} },
        { op: 'remove', path: 'members', value: [{ value: 'not-needed' }] },
      ),
      'Group',
    );
    expect(referencedMemberIds(ops).sort()).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('applyPatch: name.formatted', () => {
  it('is left alone when the client chose it', () => {
    const user = { ...entraUser(), name: { formatted: 'Dr. G. F.', givenName: 'G', familyName: 'F' } };
    const { resource } = patch(user, body({ op: 'replace', path: 'name.givenName', value: 'H' }), 'User');
    expect(resource.name).toEqual({ formatted: 'Dr. G. F.', givenName: 'H', familyName: 'F' });
  });

  it('is left alone when the request sets it', () => {
    const { resource } = patch(
      entraUser(),
      body({ op: 'replace', value: { 'name.familyName': 'F', 'name.formatted': 'Custom' } }),
      'User',
    );
    expect(resource.name).toEqual({ formatted: 'Custom', givenName: 'givenName', familyName: 'F' });
  });
});
