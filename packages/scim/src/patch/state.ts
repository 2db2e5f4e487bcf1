/** What the operation handlers share while one PATCH request is applied. */
import { DEFAULT_SCIM_LIMITS, type ScimLimits } from '../limits.ts';
import type { ResourceTypeName } from '../schema/index.ts';
import type { PatchContext, PatchWarning } from './operation.ts';

export interface ApplyState {
  resourceType: ResourceTypeName;
  memberExists: (id: string) => boolean;
  limits: ScimLimits;
  /** Collected while applying; returned only when every operation succeeded. */
  warnings: PatchWarning[];
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
    warnings: [],
  };
}
