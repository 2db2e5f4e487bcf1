/**
 * The in-memory side of listing: the SCIM module's own filter predicate, with caseExact taken from the SCIM
 * schema declarations, over candidates shaped like the resources the predicate expects (columns win over the
 * stored JSON, so both sides of a translated filter see the same values).
 */
import {
  compileFilter,
  type Filter,
  isCaseExact,
  type ResourcePredicate,
  type ResourceType,
  type StoredGroup,
  type StoredUser,
} from '@scim-connector/scim';

export function predicateFor(filter: Filter, resourceType: ResourceType): ResourcePredicate {
  return compileFilter(filter, { caseExact: (path) => isCaseExact(resourceType, path) });
}

function meta(resource: StoredUser | StoredGroup, resourceType: ResourceType) {
  return { resourceType, created: resource.created, lastModified: resource.lastModified };
}

export function userCandidate(user: StoredUser): Record<string, unknown> {
  return {
    ...user.resource,
    id: user.id,
    userName: user.userName,
    externalId: user.externalId,
    active: user.active,
    meta: meta(user, 'User'),
  };
}

export function groupCandidate(group: StoredGroup): Record<string, unknown> {
  return {
    ...group.resource,
    id: group.id,
    displayName: group.displayName,
    externalId: group.externalId,
    members: group.members ?? [],
    meta: meta(group, 'Group'),
  };
}
