/** What the operation handlers share while one PATCH request is applied. */
import { DEFAULT_SCIM_LIMITS, type ScimLimits } from '../limits.ts';
import type { ResourceTypeName } from '../schema/index.ts';
import type { PatchContext, PatchWarning } from './operation.ts';
import type { Slot } from './slot.ts';
import type { WorkingList } from './working-list.ts';

export interface ApplyState {
  resourceType: ResourceTypeName;
  memberExists: (id: string) => boolean;
  limits: ScimLimits;
  /** Values the request's operations on multi-valued attributes have read so far (see ScimLimits). */
  valuesScanned: number;
  /** Attributes (`urn:name`) an earlier operation of the request already read. */
  attributesRead: Set<string>;
  /** Collected while applying; returned only when every operation succeeded. */
  warnings: PatchWarning[];
  /** The working list of each multi-valued attribute (`urn:name`) the request's operations edit so far. */
  lists: Map<string, { slot: Slot; list: WorkingList }>;
}

export function applyStateFor(context: PatchContext): ApplyState {
  const { memberExists } = context;
  return {
    resourceType: context.resourceType,
    memberExists:
      memberExists === undefined
        ? () => true
        : typeof memberExists === 'function'
          ? memberExists
          : (id) => memberExists.has(id),
    limits: context.limits ?? DEFAULT_SCIM_LIMITS,
    valuesScanned: 0,
    attributesRead: new Set(),
    warnings: [],
    lists: new Map(),
  };
}
