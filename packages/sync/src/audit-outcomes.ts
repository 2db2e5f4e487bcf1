import type { AuditOutcome } from '@scim-connector/governance';

/**
 * Every outcome an audit entry can carry, in the order admins read them: the governance decisions, then
 * `parked` (the worker gave up until an admin retries), `drift-found` (reconciliation) and `drift-seen` (the
 * worker, before a push). For filters and pickers.
 */
export const AUDIT_OUTCOMES = [
  'create',
  'update',
  'deactivate',
  'block',
  'none',
  'parked',
  'drift-found',
  'drift-seen',
] as const satisfies readonly AuditOutcome[];

// Fails to compile when AuditOutcome gains a member this list lacks.
type Missing = Exclude<AuditOutcome, (typeof AUDIT_OUTCOMES)[number]>;
const complete: Missing extends never ? true : never = true;
void complete;
