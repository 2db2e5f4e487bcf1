/**
 * Whether a representation cut down by `attributes` / `excludedAttributes` can still contain a given core
 * attribute. Some attributes cost a query of their own (a group's `members`, a user's `groups`); when the
 * client's projection drops them, that query is skipped. The decision reads the selection with the same parser
 * and the same rules the output shaping (`project`) applies, so it agrees with it on URN prefixes, case,
 * sub-attributes and whole-schema names.
 */
import { parseSelection, selectedSubs, selectsWhole } from '../resource/selection.ts';
import { getResourceType } from '../schema/registry.ts';
import type { ResourceTypeName } from '../schema/types.ts';
import type { ProjectionParams } from './list-params.ts';

export function projectionCanContain(
  resourceType: ResourceTypeName,
  attribute: string,
  projection: ProjectionParams,
): boolean {
  // The common case (no projection at all) decides without parsing anything.
  if (!projection.attributes && !projection.excludedAttributes) return true;
  const type = getResourceType(resourceType);
  const schemaId = type.schema.id;
  const requested = parseSelection(type, projection.attributes);
  if (
    requested &&
    !selectsWhole(requested, schemaId, attribute) &&
    selectedSubs(requested, schemaId, attribute).length === 0
  ) {
    return false;
  }
  // Excluding single sub-attributes leaves the others, so only the whole attribute (or its schema) rules it out.
  const excluded = parseSelection(type, projection.excludedAttributes);
  return !(excluded && selectsWhole(excluded, schemaId, attribute));
}
