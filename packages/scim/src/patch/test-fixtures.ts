/**
 * Resources and helpers for the PATCH tests: the users and groups the IdPs' documented examples operate on, as
 * the server stores them (canonical JSON, no `meta`).
 */
import { expect } from 'vitest';
import { isScimError, type ScimError, type ScimType } from '../errors.ts';
import type { ResourceTypeName } from '../schema/index.ts';
import type { ResourceJson } from '../store/port.ts';
import { applyPatch } from './apply.ts';
import { normalizePatchRequest } from './normalize.ts';
import type { PatchContext, PatchResult } from './operation.ts';

export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const CONNECTOR_USER = 'urn:ietf:params:scim:schemas:extension:scim-connector:2.0:User';
export const CONNECTOR_GROUP = 'urn:ietf:params:scim:schemas:extension:scim-connector:2.0:Group';

/** The user Entra ID created in Microsoft's SCIM endpoint tutorial ("Create User"), as stored. */
export function entraUser(): ResourceJson {
  return {
    schemas: [CORE_USER],
    id: '48af03ac28ad4fb88478',
    externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
    userName: 'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
    name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
    active: true,
    emails: [
      { value: 'Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com', type: 'work', primary: true },
    ],
  };
}

/** The user Okta created in Okta's SCIM 2.0 protocol reference ("Create user"), as stored (the password discarded). */
export function oktaUser(): ResourceJson {
  return {
    schemas: [CORE_USER],
    id: '23a35c27-23d3-4c03-b4c5-6443c09e7173',
    userName: 'test.user@okta.local',
    name: { givenName: 'Test', familyName: 'User' },
    emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
    displayName: 'Test User',
    locale: 'en-US',
    externalId: '00ujl29u0le5T6Aj10h7',
    active: true,
  };
}

export const OKTA_GROUP_ID = 'abf4dd94-a4c0-4f67-89c9-76b03340cb9b';
export const OKTA_MEMBER_A = '23a35c27-23d3-4c03-b4c5-6443c09e7173';
export const OKTA_MEMBER_B = '89bb1940-b905-4575-9e7f-6f887cfb368e';

/** Okta's pushed group "Test SCIMv2" with one member. */
export function oktaGroup(): ResourceJson {
  return {
    schemas: [CORE_GROUP],
    id: OKTA_GROUP_ID,
    displayName: 'Test SCIMv2',
    members: [{ value: OKTA_MEMBER_B, display: 'test.user@okta.local', type: 'User' }],
  };
}

/** An Entra group with two members. */
export function entraGroup(): ResourceJson {
  return {
    schemas: [CORE_GROUP],
    id: 'a99962b9f99d4c4fac67',
    externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
    displayName: 'displayName',
    members: [
      { value: 'f648f8d5ea4e4cd38e9c', type: 'User' },
      { value: '7f4bc1a3-285e-48ae-8202-5accb43efb0e', type: 'User' },
    ],
  };
}

/** Normalises a request body and applies it, as the SCIM service does. */
export function patch(
  resource: ResourceJson,
  body: unknown,
  resourceType: ResourceTypeName,
  context: Omit<PatchContext, 'resourceType'> = {},
): PatchResult {
  return applyPatch(resource, normalizePatchRequest(body, resourceType), { resourceType, ...context });
}

/** Runs `run`, which must throw a ScimError with this status and scimType; returns it for detail checks. */
export function expectScimError(
  run: () => unknown,
  status: number,
  scimType: ScimType | undefined,
): ScimError {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(isScimError(thrown), `expected a ScimError, got ${String(thrown)}`).toBe(true);
  const error = thrown as ScimError;
  expect({ status: error.status, scimType: error.scimType }).toEqual({ status, scimType });
  return error;
}

/** Freezes a JSON value all the way down, so any write to it throws in the tests. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
