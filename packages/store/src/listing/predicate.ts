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
  type UserGroupRef,
} from '@scim-connector/scim';
import { userTarget } from './filter-targets.ts';

export function predicateFor(filter: Filter, resourceType: ResourceType): ResourcePredicate {
  return compileFilter(filter, { caseExact: (path) => isCaseExact(resourceType, path) });
}

function meta(resource: StoredUser | StoredGroup, resourceType: ResourceType) {
  return { resourceType, created: resource.created, lastModified: resource.lastModified };
}

/** `groups`: the user's groups when the filter tests them (they live in the memberships, not the resource). */
export function userCandidate(user: StoredUser, groups?: readonly UserGroupRef[]): Record<string, unknown> {
  return {
    ...user.resource,
    id: user.id,
    userName: user.userName,
    externalId: user.externalId,
    active: user.active,
    ...(groups ? { groups } : {}),
    meta: meta(user, 'User'),
  };
}

/** Whether `filter` tests the User's read-only `groups`, which the in-memory side must then load. */
export function filterReadsGroups(filter: Filter): boolean {
  switch (filter.kind) {
    case 'compare':
    case 'present':
    case 'valuePath':
      return (
        filter.path.attr.toLowerCase() === 'groups' &&
        (filter.path.uri === undefined ||
          filter.path.uri.toLowerCase() === userTarget.coreSchema.toLowerCase())
      );
    case 'and':
    case 'or':
      return filterReadsGroups(filter.left) || filterReadsGroups(filter.right);
    case 'not':
      return filterReadsGroups(filter.filter);
  }
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
