/**
 * The IdP quirk checklist: every deviation Entra ID, Okta and other clients are known to send (or expect), one or
 * more cases each, with the request bodies exactly as the vendor's documentation or the cited issue shows them.
 * Quirks about other layers (paging, auth, content types) test the part of the behaviour that falls to the PATCH
 * engine; the case's title says which part.
 */
import { describe, expect, it } from 'vitest';
import { toErrorDocument } from '../errors.ts';
import { applyPatch } from './apply.ts';
import { normalizePatchRequest } from './normalize.ts';
import {
  CORE_GROUP,
  CORE_USER,
  ENTERPRISE,
  entraGroup,
  entraUser,
  expectScimError,
  OKTA_GROUP_ID,
  OKTA_MEMBER_A,
  OKTA_MEMBER_B,
  oktaGroup,
  oktaUser,
  PATCH_OP,
  patch,
} from './test-fixtures.ts';

/** The checklist: each quirk has at least one case below. */
const QUIRKS = [
  'op in any case',
  'string booleans',
  'filtered path creates the element',
  'path-less dotted and URN keys',
  'enterprise URN paths',
  'manager shapes',
  'remove listed members',
  'remove one member by filter',
  'null $ref',
  'replace members exactly',
  'read-only keys in path-less values',
  'full PUT body',
  'filters',
  'excluded members',
  'stable order',
  'duplicate userName',
  'unknown ids',
  'error documents',
  'extra schema URIs and nulls',
  'idempotent membership',
  'response bodies',
  'content type',
  'empty Operations',
  'legacy schema URNs',
  'PATCH without schemas',
  'single object for a list',
] as const;

interface QuirkCase {
  id: (typeof QUIRKS)[number];
  title: string;
  check: () => void;
}

const withoutWorkEmail = () => ({ ...entraUser(), emails: [{ value: 'home@example.com', type: 'home' }] });

const cases: QuirkCase[] = [
  {
    id: 'op in any case',
    title: 'Entra "Update User (multi-valued)" with op "Replace"',
    check: () => {
      const body = {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [
          { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
          { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
        ],
      };
      const { resource } = patch(entraUser(), body, 'User');
      expect(resource.emails).toEqual([{ value: 'updatedEmail@microsoft.com', type: 'work', primary: true }]);
      // Microsoft's SCIM endpoint tutorial shows formatted recomputed: "givenName updatedFamilyName".
      expect(resource.name).toEqual({
        formatted: 'givenName updatedFamilyName',
        familyName: 'updatedFamilyName',
        givenName: 'givenName',
      });
    },
  },
  {
    id: 'op in any case',
    title: 'op "Add" and "add" (Entra with and without aadOptscim062020) and "REMOVE"',
    check: () => {
      for (const op of ['Add', 'add']) {
        const body = { schemas: [PATCH_OP], Operations: [{ op, path: 'nickName', value: 'Babs' }] };
        expect(patch(entraUser(), body, 'User').resource.nickName).toBe('Babs');
      }
      const remove = { schemas: [PATCH_OP], Operations: [{ op: 'REMOVE', path: 'nickName' }] };
      expect(patch({ ...entraUser(), nickName: 'Babs' }, remove, 'User').resource).toEqual(entraUser());
    },
  },
  {
    id: 'string booleans',
    title: 'Entra disable without the flag: "value": "False"',
    check: () => {
      const body = {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
      };
      expect(patch(entraUser(), body, 'User').resource.active).toBe(false);
    },
  },
  {
    id: 'string booleans',
    title: 'lower-case "false" (scimmy#86), "True" on re-enable (bytebase#19073)',
    check: () => {
      const disable = {
        schemas: [PATCH_OP],
        Operations: [{ op: 'Replace', path: 'active', value: 'false' }],
      };
      const disabled = patch(entraUser(), disable, 'User').resource;
      expect(disabled.active).toBe(false);
      const enable = { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'True' }] };
      expect(patch(disabled, enable, 'User').resource.active).toBe(true);
    },
  },
  {
    id: 'string booleans',
    title: 'primary as the string "true" (SimpleIdServer#376)',
    check: () => {
      const user = { ...entraUser(), emails: [{ value: 'w@example.com', type: 'work' }] };
      const body = {
        schemas: [PATCH_OP],
        Operations: [{ op: 'Replace', path: 'emails[type eq "work"].primary', value: 'true' }],
      };
      expect(patch(user, body, 'User').resource.emails).toEqual([
        { value: 'w@example.com', type: 'work', primary: true },
      ]);
    },
  },
  {
    id: 'string booleans',
    title: 'a string that is no boolean is still rejected (strict after normalisation)',
    check: () => {
      const body = { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'no' }] };
      const error = expectScimError(() => patch(entraUser(), body, 'User'), 400, 'invalidValue');
      expect(error.detail).toContain('"active" must be true or false');
    },
  },
  {
    id: 'filtered path creates the element',
    title: 'Entra "replace many attributes" without the flag, user has no work email: the element is created',
    check: () => {
      const body = {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [
          { op: 'Replace', path: 'displayName', value: 'Pvlo' },
          { op: 'Replace', path: 'emails[type eq "work"].value', value: 'TestBcwqnm@test.microsoft.com' },
          { op: 'Replace', path: 'name.givenName', value: 'Gtfd' },
          { op: 'Replace', path: 'name.familyName', value: 'Pkqf' },
          { op: 'Replace', path: 'externalId', value: 'Eqpj' },
          {
            op: 'Replace',
            path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
            value: 'Eqpj',
          },
        ],
      };
      const { resource } = patch(withoutWorkEmail(), body, 'User');
      expect(resource.emails).toEqual([
        { value: 'home@example.com', type: 'home' },
        { type: 'work', value: 'TestBcwqnm@test.microsoft.com' },
      ]);
      expect(resource).toMatchObject({
        displayName: 'Pvlo',
        externalId: 'Eqpj',
        name: { formatted: 'Gtfd Pkqf', givenName: 'Gtfd', familyName: 'Pkqf' },
        [ENTERPRISE]: { employeeNumber: 'Eqpj' },
      });
      expect(resource.schemas).toContain(ENTERPRISE);
    },
  },
  {
    id: 'filtered path creates the element',
    title: '"Add" on emails[type eq "work"].value with no emails at all (SCIM-SDK#416, wire-server#5419)',
    check: () => {
      const { emails: _none, ...user } = entraUser();
      const body = {
        schemas: [PATCH_OP],
        Operations: [{ op: 'Add', path: 'emails[type eq "work"].value', value: 'new@example.com' }],
      };
      expect(patch(user, body, 'User').resource.emails).toEqual([{ type: 'work', value: 'new@example.com' }]);
    },
  },
  {
    id: 'filtered path creates the element',
    title: 'addresses[type eq "work"].streetAddress created on absent (thomaspoignant/scim-patch#176)',
    check: () => {
      const body = {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', path: 'addresses[type eq "work"].streetAddress', value: '1 Main St' }],
      };
      expect(patch(entraUser(), body, 'User').resource.addresses).toEqual([
        { type: 'work', streetAddress: '1 Main St' },
      ]);
    },
  },
  {
    id: 'path-less dotted and URN keys',
    title: 'Entra "replace many attributes" with the flag: path-less dotted and URN keys',
    check: () => {
      const body = {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [
          { op: 'replace', path: 'emails[type eq "work"].value', value: 'TestMhvaes@test.microsoft.com' },
          {
            op: 'replace',
            value: {
              displayName: 'Bjfe',
              'name.givenName': 'Kkom',
              'name.familyName': 'Unua',
              'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber': 'Aklq',
            },
          },
        ],
      };
      const { resource } = patch(entraUser(), body, 'User');
      expect(resource).toMatchObject({
        displayName: 'Bjfe',
        name: { givenName: 'Kkom', familyName: 'Unua', formatted: 'Kkom Unua' },
        emails: [{ value: 'TestMhvaes@test.microsoft.com', type: 'work', primary: true }],
        [ENTERPRISE]: { employeeNumber: 'Aklq' },
      });
      expect(Object.keys(resource)).not.toContain('name.givenName');
    },
  },
  {
    id: 'path-less dotted and URN keys',
    title: 'path-less value with an extension object {"urn:...:enterprise:2.0:User": {...}}',
    check: () => {
      const body = {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', value: { [ENTERPRISE]: { department: 'Sales', costCenter: 'CC1' } } }],
      };
      expect(patch(entraUser(), body, 'User').resource[ENTERPRISE]).toEqual({
        department: 'Sales',
        costCenter: 'CC1',
      });
    },
  },
  {
    id: 'enterprise URN paths',
    title: 'Entra enterprise URN paths: employeeNumber, manager, department, organization',
    check: () => {
      const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
      const body = {
        schemas: [PATCH_OP],
        Operations: [
          { op: 'Replace', path: `${enterprise}:employeeNumber`, value: 'E-7' },
          { op: 'Add', path: `${enterprise}:department`, value: 'Logistics' },
          { op: 'Add', path: `${enterprise}:organization`, value: 'Contoso' },
          { op: 'Add', path: `${enterprise}:manager`, value: { value: 'boss-id' } },
        ],
      };
      expect(patch(entraUser(), body, 'User').resource[ENTERPRISE]).toEqual({
        employeeNumber: 'E-7',
        department: 'Logistics',
        organization: 'Contoso',
        manager: { value: 'boss-id' },
      });
    },
  },
  {
    id: 'enterprise URN paths',
    title: 'URN paths are case-insensitive and removal drops the empty extension from the resource',
    check: () => {
      const withDepartment = {
        ...entraUser(),
        schemas: [CORE_USER, ENTERPRISE],
        [ENTERPRISE]: { department: 'Sales' },
      };
      const body = {
        schemas: [PATCH_OP],
        Operations: [{ op: 'Remove', path: `${ENTERPRISE.toUpperCase()}:Department` }],
      };
      const { resource } = patch(withDepartment, body, 'User');
      expect(resource).not.toHaveProperty([ENTERPRISE]);
      expect(resource.schemas).toEqual([CORE_USER]);
    },
  },
  {
    id: 'manager shapes',
    title: 'manager as a bare string (Captain-P-Goldfish/SCIM-SDK#686) is stored as {"value": ...}',
    check: () => {
      const body = {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [
          {
            op: 'add',
            path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
            value: '2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2',
          },
        ],
      };
      expect(patch(entraUser(), body, 'User').resource[ENTERPRISE]).toEqual({
        manager: { value: '2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2' },
      });
    },
  },
  {
    id: 'manager shapes',
    title: 'manager as [{"$ref", "value"}] on path "manager" (Entra tutorial, Example 5)',
    check: () => {
      const body = {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [
          {
            op: 'Add',
            path: 'manager',
            value: [
              {
                $ref: 'http://.../scim/Users/00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
                value: '00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
              },
            ],
          },
        ],
      };
      expect(patch(entraUser(), body, 'User').resource[ENTERPRISE]).toEqual({
        manager: {
          $ref: 'http://.../scim/Users/00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
          value: '00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
        },
      });
    },
  },
  {
    id: 'manager shapes',
    title: 'manager inside a path-less extension object as a string (directory-scimple#1242)',
    check: () => {
      const body = {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', value: { [ENTERPRISE]: { manager: 'myuser' } } }],
      };
      expect(patch(entraUser(), body, 'User').resource[ENTERPRISE]).toEqual({ manager: { value: 'myuser' } });
    },
  },
  {
    id: 'remove listed members',
    title: 'Entra "Update Group, remove members": Remove with a value array removes only those members',
    check: () => {
      const body = {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [
          { op: 'Remove', path: 'members', value: [{ $ref: null, value: 'f648f8d5ea4e4cd38e9c' }] },
        ],
      };
      const result = patch(entraGroup(), body, 'Group');
      expect(result.resource.members).toEqual([
        { value: '7f4bc1a3-285e-48ae-8202-5accb43efb0e', type: 'User' },
      ]);
      expect(result.warnings).toEqual([]);
    },
  },
  {
    id: 'remove listed members',
    title:
      'Entra "remove member" without aadOptscim062020: an id that is not a member is a warning, not a wipe',
    check: () => {
      const body = {
        schemas: [PATCH_OP],
        Operations: [{ op: 'Remove', path: 'members', value: [{ value: 'u1091' }] }],
      };
      const result = patch(entraGroup(), body, 'Group');
      expect(result.resource.members).toEqual(entraGroup().members);
      expect(result.changed).toBe(false);
      expect(result.warnings.map((w) => w.code)).toEqual(['no-match']);
    },
  },
  {
    id: 'remove one member by filter',
    title: 'Entra "remove member" with aadOptscim062020: members[value eq "id"]',
    check: () => {
      const body = {
        schemas: [PATCH_OP],
        Operations: [{ op: 'remove', path: 'members[value eq "7f4bc1a3-285e-48ae-8202-5accb43efb0e"]' }],
      };
      expect(patch(entraGroup(), body, 'Group').resource.members).toEqual([
        { value: 'f648f8d5ea4e4cd38e9c', type: 'User' },
      ]);
    },
  },
  {
    id: 'remove one member by filter',
    title: 'Okta "Group membership": remove one and add one in a single request',
    check: () => {
      const body = {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [
          { op: 'remove', path: 'members[value eq "89bb1940-b905-4575-9e7f-6f887cfb368e"]' },
          {
            op: 'add',
            path: 'members',
            value: [{ value: '23a35c27-23d3-4c03-b4c5-6443c09e7173', display: 'test.user@okta.local' }],
          },
        ],
      };
      expect(patch(oktaGroup(), body, 'Group').resource.members).toEqual([
        { value: OKTA_MEMBER_A, display: 'test.user@okta.local' },
      ]);
    },
  },
  {
    id: 'null $ref',
    title: 'Entra "Update Group, add members" with "$ref": null: the null is dropped',
    check: () => {
      const body = {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: 'f648f8d5ea4e4cd38e9c' }] }],
      };
      const group = { ...entraGroup(), members: [] };
      expect(patch(group, body, 'Group').resource.members).toEqual([{ value: 'f648f8d5ea4e4cd38e9c' }]);
    },
  },
  {
    id: 'replace members exactly',
    title: 'Okta "Full membership push": replace members sets the exact list',
    check: () => {
      const body = {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [
          {
            op: 'replace',
            path: 'members',
            value: [
              { value: '23a35c27-23d3-4c03-b4c5-6443c09e7173', display: 'test.user@okta.local' },
              { value: '89bb1940-b905-4575-9e7f-6f887cfb368e', display: 'test.user@okta.local' },
            ],
          },
        ],
      };
      const group = { ...oktaGroup(), members: [{ value: 'someone-else' }] };
      expect(patch(group, body, 'Group').resource.members).toEqual([
        { value: OKTA_MEMBER_A, display: 'test.user@okta.local' },
        { value: OKTA_MEMBER_B, display: 'test.user@okta.local' },
      ]);
    },
  },
  {
    id: 'replace members exactly',
    title: 'Okta "Push now" of an empty group: replace members with [] empties it (SCIM-SDK#757)',
    check: () => {
      const body = { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'members', value: [] }] };
      const { resource } = patch(oktaGroup(), body, 'Group');
      expect(resource.members ?? []).toEqual([]);
      expect(resource.displayName).toBe('Test SCIMv2');
    },
  },
  {
    id: 'read-only keys in path-less values',
    title: 'Okta "Group rename": path-less replace carrying the read-only id',
    check: () => {
      const body = {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [
          {
            op: 'replace',
            value: { id: 'abf4dd94-a4c0-4f67-89c9-76b03340cb9b', displayName: 'Test SCIMv2 renamed' },
          },
        ],
      };
      const { resource } = patch(oktaGroup(), body, 'Group');
      expect(resource).toEqual({ ...oktaGroup(), displayName: 'Test SCIMv2 renamed' });
      expect(resource.id).toBe(OKTA_GROUP_ID);
    },
  },
  {
    id: 'read-only keys in path-less values',
    title: 'Okta "Deactivate via PATCH": path-less {"active": false}, and re-activation',
    check: () => {
      const body = {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', value: { active: false } }],
      };
      const deactivated = patch(oktaUser(), body, 'User').resource;
      expect(deactivated).toEqual({ ...oktaUser(), active: false });
      const reactivate = { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: true } }] };
      expect(patch(deactivated, reactivate, 'User').resource).toEqual(oktaUser());
    },
  },
  {
    id: 'full PUT body',
    title:
      "PATCH share: a path-less replace with Okta's full PUT body ignores id, meta, groups; password discarded",
    check: () => {
      const putBody = {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        id: '23a35c27-23d3-4c03-b4c5-6443c09e7173',
        userName: 'test.user@okta.local',
        name: { givenName: 'Another', middleName: 'Excited', familyName: 'User' },
        emails: [
          { primary: true, value: 'test.user@okta.local', type: 'work', display: 'test.user@okta.local' },
        ],
        active: true,
        groups: [],
        meta: { resourceType: 'User' },
        password: '1mz050nq',
      };
      const result = patch(
        oktaUser(),
        { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: putBody }] },
        'User',
      );
      expect(result.resource).toEqual({
        ...oktaUser(),
        name: { givenName: 'Another', middleName: 'Excited', familyName: 'User' },
        emails: [
          { primary: true, value: 'test.user@okta.local', type: 'work', display: 'test.user@okta.local' },
        ],
      });
      expect(result.resource).not.toHaveProperty('password');
      expect(result.resource).not.toHaveProperty('groups');
      expect(result.resource).not.toHaveProperty('meta');
      expect(result.warnings.map((w) => w.code)).toEqual(['discarded']);
    },
  },
  {
    id: 'full PUT body',
    title: 'PATCH share: an explicit path to a read-only attribute is a 400 mutability, not ignored',
    check: () => {
      for (const path of [
        'id',
        'groups',
        'meta.created',
        `urn:ietf:params:scim:schemas:extension:scim-connector:2.0:User:platformStatus`,
      ]) {
        const body = { schemas: [PATCH_OP], Operations: [{ op: 'replace', path, value: 'x' }] };
        expectScimError(() => patch(oktaUser(), body, 'User'), 400, 'mutability');
      }
    },
  },
  {
    id: 'filters',
    title: 'PATCH share: value filters compare case-insensitively and combine with "and"',
    check: () => {
      const user = {
        ...oktaUser(),
        emails: [
          { value: 'a@example.com', type: 'Work', primary: true },
          { value: 'b@example.com', type: 'work' },
        ],
      };
      const body = {
        schemas: [PATCH_OP],
        Operations: [
          { op: 'replace', path: 'emails[type eq "WORK" and primary eq true].value', value: 'c@example.com' },
        ],
      };
      expect(patch(user, body, 'User').resource.emails).toEqual([
        { value: 'c@example.com', type: 'Work', primary: true },
        { value: 'b@example.com', type: 'work' },
      ]);
    },
  },
  {
    id: 'filters',
    title: 'PATCH share: attribute names in paths are case-insensitive ("Members", "urn:...:Group:members")',
    check: () => {
      const body = {
        schemas: [PATCH_OP],
        Operations: [
          { op: 'add', path: 'Members', value: [{ Value: 'new-1' }] },
          { op: 'add', path: `${CORE_GROUP}:members`, value: [{ value: 'new-2' }] },
        ],
      };
      expect(patch(oktaGroup(), body, 'Group').resource.members).toEqual([
        ...(oktaGroup().members as unknown[]),
        { value: 'new-1' },
        { value: 'new-2' },
      ]);
    },
  },
  {
    id: 'excluded members',
    title: 'PATCH share: Entra "Update Group (non-member attributes)" leaves the members alone',
    check: () => {
      const body = {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [
          {
            op: 'Replace',
            path: 'displayName',
            value: '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName',
          },
        ],
      };
      const { resource } = patch(entraGroup(), body, 'Group');
      expect(resource).toEqual({
        ...entraGroup(),
        displayName: '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName',
      });
    },
  },
  {
    id: 'stable order',
    title: 'PATCH share: stable order: add appends after the existing values, replace keeps the given order',
    check: () => {
      const add = {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', path: 'members', value: [{ value: 'z' }, { value: 'a' }] }],
      };
      const added = patch(oktaGroup(), add, 'Group').resource.members as { value: string }[];
      expect(added.map((m) => m.value)).toEqual([OKTA_MEMBER_B, 'z', 'a']);
    },
  },
  {
    id: 'duplicate userName',
    title:
      'PATCH share: Entra "Update User (single-valued)" userName is applied (uniqueness is the store\'s)',
    check: () => {
      const body = {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [
          { op: 'Replace', path: 'userName', value: '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com' },
        ],
      };
      expect(patch(entraUser(), body, 'User').resource.userName).toBe(
        '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com',
      );
    },
  },
  {
    id: 'unknown ids',
    title: 'PATCH share: an unknown member id is skipped with a warning; the other members are added',
    check: () => {
      const body = {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', path: 'members', value: [{ value: 'ghost' }, { value: OKTA_MEMBER_A }] }],
      };
      const exists = new Set([OKTA_MEMBER_A, OKTA_MEMBER_B]);
      const result = patch(oktaGroup(), body, 'Group', { memberExists: exists });
      expect(result.resource.members).toEqual([
        ...(oktaGroup().members as unknown[]),
        { value: OKTA_MEMBER_A },
      ]);
      expect(result.warnings).toEqual([
        { code: 'unknown-member', detail: expect.stringContaining('"ghost"') },
      ]);
    },
  },
  {
    id: 'error documents',
    title: 'PATCH share: failures are ScimErrors rendered as RFC error documents (string status, no stack)',
    check: () => {
      const body = { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'nosuch', value: 1 }] };
      const error = expectScimError(() => patch(oktaUser(), body, 'User'), 400, 'invalidPath');
      const document = toErrorDocument(error);
      expect(document).toEqual({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: '400',
        scimType: 'invalidPath',
        detail: expect.stringContaining('"nosuch"'),
      });
      expect(document.detail).not.toMatch(/\bat \S+\.ts/);
    },
  },
  {
    id: 'extra schema URIs and nulls',
    title: 'unknown extra schema URIs in the body and null attribute values are tolerated',
    check: () => {
      const body = {
        schemas: [PATCH_OP, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
        Operations: [
          { op: 'Add', path: 'title', value: null },
          { op: 'Replace', value: { nickName: null, preferredLanguage: 'en', title: null } },
        ],
      };
      const { resource } = patch({ ...entraUser(), nickName: 'Babs' }, body, 'User');
      expect(resource).toEqual({ ...entraUser(), preferredLanguage: 'en' });
    },
  },
  {
    id: 'idempotent membership',
    title: 'adding an existing member or removing an absent one is not an error and changes nothing',
    check: () => {
      const body = {
        schemas: [PATCH_OP],
        Operations: [
          { op: 'Add', path: 'members', value: [{ value: '89bb1940-b905-4575-9e7f-6f887cfb368e' }] },
          { op: 'remove', path: 'members[value eq "not-a-member"]' },
        ],
      };
      const result = patch(oktaGroup(), body, 'Group');
      expect(result.resource).toEqual(oktaGroup());
      expect(result.changed).toBe(false);
      expect(result.warnings.map((w) => w.code)).toEqual(['no-match']);
    },
  },
  {
    id: 'response bodies',
    title: 'PATCH share: the result is the full resource (for 200 + body) and says whether anything changed',
    check: () => {
      const noop = { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: true }] };
      const same = patch(oktaUser(), noop, 'User');
      expect(same).toEqual({ resource: oktaUser(), warnings: [], changed: false });
      const change = { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: false }] };
      const changed = patch(oktaUser(), change, 'User');
      expect(changed.changed).toBe(true);
      expect(changed.resource).toEqual({ ...oktaUser(), active: false });
    },
  },
  {
    id: 'content type',
    title: 'PATCH share: a body that reached the engine as JSON text (unusual content type) is parsed',
    check: () => {
      const text = JSON.stringify({
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', path: 'active', value: false }],
      });
      expect(patch(oktaUser(), text, 'User').resource.active).toBe(false);
      expectScimError(() => normalizePatchRequest('{"schemas": [', 'User'), 400, 'invalidSyntax');
    },
  },
  {
    id: 'empty Operations',
    title:
      'validator\'s "Operations": [] is accepted: no operations, resource unchanged (decided: 200, not 400)',
    check: () => {
      const operations = normalizePatchRequest({ schemas: [PATCH_OP], Operations: [] }, 'User');
      expect(operations).toEqual([]);
      expect(applyPatch(oktaUser(), operations, { resourceType: 'User' })).toEqual({
        resource: oktaUser(),
        warnings: [],
        changed: false,
      });
    },
  },
  {
    id: 'legacy schema URNs',
    title:
      'OneLogin: enterprise attributes under urn:scim:schemas:extension:enterprise:1.0 / 2.0, as path and key',
    check: () => {
      const byPath = {
        schemas: [PATCH_OP],
        Operations: [
          { op: 'replace', path: 'urn:scim:schemas:extension:enterprise:1.0:department', value: 'Stores' },
        ],
      };
      expect(patch(oktaUser(), byPath, 'User').resource[ENTERPRISE]).toEqual({ department: 'Stores' });
      const byKey = {
        schemas: [PATCH_OP],
        Operations: [
          {
            op: 'replace',
            value: { 'urn:scim:schemas:extension:enterprise:2.0': { department: 'Returns' }, title: 'Lead' },
          },
        ],
      };
      const { resource } = patch(oktaUser(), byKey, 'User');
      expect(resource[ENTERPRISE]).toEqual({ department: 'Returns' });
      expect(resource.title).toBe('Lead');
      // An alias names its schema only: another legacy-looking URN is still unknown.
      const unknown = {
        schemas: [PATCH_OP],
        Operations: [
          { op: 'replace', path: 'urn:scim:schemas:extension:enterprise:3.0:department', value: 'x' },
        ],
      };
      expectScimError(() => normalizePatchRequest(unknown, 'User'), 400, 'invalidPath');
    },
  },
  {
    id: 'single object for a list',
    title: 'OneLogin: emails replaced with one object, path-less and by path',
    check: () => {
      const email = { value: 'kim@example.com', type: 'work', primary: true };
      const byPath = { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'emails', value: email }] };
      expect(patch(oktaUser(), byPath, 'User').resource.emails).toEqual([email]);
      const pathless = { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { emails: email } }] };
      expect(patch(oktaUser(), pathless, 'User').resource.emails).toEqual([email]);
    },
  },
  {
    id: 'PATCH without schemas',
    title: 'authentik group rename: a path-less replace of {id, displayName, externalId} with no "schemas"',
    check: () => {
      const body = {
        Operations: [
          {
            op: 'replace',
            value: { id: OKTA_GROUP_ID, displayName: 'Store Managers', externalId: 'ak-group-1' },
          },
        ],
      };
      const { resource } = patch(oktaGroup(), body, 'Group');
      expect(resource).toEqual({ ...oktaGroup(), displayName: 'Store Managers', externalId: 'ak-group-1' });
      // A "schemas" that is there but names another message is still refused, as is a body with no Operations.
      const wrong = {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: body.Operations,
      };
      expectScimError(() => normalizePatchRequest(wrong, 'Group'), 400, 'invalidSyntax');
      expectScimError(() => normalizePatchRequest({ operations: 'rename' }, 'Group'), 400, 'invalidSyntax');
    },
  },
];

describe('IdP quirk checklist', () => {
  it.each(cases.map((c) => [`${c.id}: ${c.title}`, c.check] as const))('%s', (_title, check) => check());

  it('covers every quirk on the checklist', () => {
    const covered = new Set(cases.map((c) => c.id));
    expect(QUIRKS.filter((quirk) => !covered.has(quirk))).toEqual([]);
  });
});
